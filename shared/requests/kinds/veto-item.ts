import * as z from "zod/mini";
import { BusinessRuleError } from "../../platform/errors.ts";
import { text } from "../../platform/schema.ts";
import { unitKindSchema } from "../../units/schemas.ts";
import type { RequestKind } from "./kind.ts";

/** The only matters a "one-vote veto" or a responsibility statement may concern (DESIGN.md §1 rule 4). */
export const vetoCategories = [
  "central_instructions",
  "party_conduct",
  "production_safety",
  "statistical_fraud",
] as const;

export const vetoItemRequestSchema = z.strictObject({
  kind: z.literal("veto_item"),
  title: text(200),
  form: z.enum(["one_vote_veto", "responsibility_statement"]),
  /**
   * Any text: a category outside the four is a business rule's refusal (422), named as such,
   * rather than a form error that would read as a typo.
   */
  category: text(100),
  targetUnitKinds: z.array(unitKindSchema).check(z.minLength(1), z.maxLength(4)),
  reason: text(2000),
});
export type VetoItemRequest = z.infer<typeof vetoItemRequestSchema>;

const isAllowed = (category: string): boolean => (vetoCategories as readonly string[]).includes(category);

export const vetoItemKind: RequestKind<VetoItemRequest> = {
  kind: "veto_item",
  refuse: (body) => {
    if (isAllowed(body.category)) return;
    const message = `"${body.category}" may not be a one-vote veto or responsibility statement item: only ${vetoCategories.join(", ")} are allowed`;
    throw new BusinessRuleError(message, "VETO_CATEGORY_NOT_ALLOWED", [{ path: "category", message }]);
  },
  findings: () => [],
  happensAt: (_body, submittedAt) => submittedAt,
};
