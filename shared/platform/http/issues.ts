/**
 * Turns zod's issues into messages for the person filling the form: each names the field it is
 * about and says what to change ("limit must be a whole number from 1 to 100", "unknown field
 * \"foo\""), never a type-system phrase or a regular expression. Schemas that know better say
 * so with their own message, written as a predicate ("must be ..."), which gets the field's name
 * in front.
 */
import type * as z from "zod/mini";
import type { ErrorDetail } from "../errors.ts";

type Issue = z.core.$ZodIssue;

const typeNames: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  date: "a date",
};

const formatNames: Record<string, string> = {
  datetime: "a date and time with its offset, such as 2026-12-01T09:00:00+08:00",
  date: "a date such as 2026-12-01",
  email: "an email address",
  url: "a URL",
};

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

const bound = (issue: Issue & { code: "too_small" | "too_big" }): string => {
  const limit = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
  const atLeast = issue.code === "too_small";
  switch (issue.origin) {
    case "string":
      if (atLeast && limit === 1) return "must not be empty";
      return `must be ${atLeast ? "at least" : "at most"} ${plural(limit, "character")} long`;
    case "array":
    case "set":
      return `must have ${atLeast ? "at least" : "at most"} ${plural(limit, "item")}`;
    default:
      if (issue.inclusive === false) return `must be ${atLeast ? "greater" : "less"} than ${limit}`;
      return `must be ${atLeast ? "at least" : "at most"} ${limit}`;
  }
};

const oneOf = (values: readonly unknown[]) =>
  values.length === 1 ? `must be ${JSON.stringify(values[0])}` : `must be one of: ${values.join(", ")}`;

/** What is wrong, as a predicate on the field. */
const predicate = (issue: Issue, missing: boolean): string => {
  switch (issue.code) {
    case "invalid_type":
      if (missing) return "is required";
      return `must be ${typeNames[issue.expected] ?? issue.expected}`;
    case "too_small":
    case "too_big":
      return bound(issue);
    case "invalid_format":
      return `must be ${formatNames[issue.format] ?? `in the ${issue.format} format`}`;
    case "invalid_value":
      return oneOf(issue.values);
    case "invalid_union":
      // A discriminator names the kinds a form may be of; the list reads the same however long it is.
      return "options" in issue && Array.isArray(issue.options)
        ? `must be one of: ${issue.options.join(", ")}`
        : "is not valid";
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    default:
      return "is not valid";
  }
};

/** zod's placeholder when nothing more specific was written. */
const GENERIC = "Invalid input";

export const issueDetails = (issues: readonly Issue[], where: string, input: unknown): ErrorDetail[] =>
  issues.flatMap((issue): ErrorDetail[] => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => {
        const field = path ? `${path}.${key}` : key;
        return { path: field, message: `unknown field "${field}": remove it` };
      });
    }
    const label = path || where;
    const own = issue.message && issue.message !== GENERIC ? issue.message : undefined;
    if (own && !own.startsWith("must ")) return [{ path: label, message: own }];
    const missing = issue.code === "invalid_type" && valueAt(input, issue.path) === undefined;
    return [{ path: label, message: `${label} ${own ?? predicate(issue, missing)}` }];
  });

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown => {
  let current = input;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = Reflect.get(current, key);
  }
  return current;
};
