import type { FactRecord } from "../../facts/schemas.ts";
import type { RequestRecord } from "../../requests/schemas.ts";
import type { ViolationCandidate, ViolationRule } from "../../violations/schemas.ts";

/** What a sweep can read for its window; each rule names the parts it needs. */
export type SweepInputs = {
  /** every fact that happened inside the window */
  facts: FactRecord[];
  /** the requests that could cover those facts: those happening in the window and those the facts name */
  requests: RequestRecord[];
};

export type SweepInputName = keyof SweepInputs;

/** One rule of the sweep: pure, over the inputs it declares, in the deployment's time zone. */
export type SweepRule = {
  code: ViolationRule;
  needs: readonly SweepInputName[];
  evaluate(inputs: SweepInputs, timeZone: string): ViolationCandidate[];
};
