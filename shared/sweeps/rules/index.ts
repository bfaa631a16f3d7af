/**
 * The registry of sweep rules. Adding a rule is a module beside this one, its test, and one entry
 * in this list.
 */
import type { SweepInputName, SweepInputs, SweepRule } from "./rule.ts";
import { unapprovedMeeting } from "./unapproved-meeting.ts";

export const sweepRules: readonly SweepRule[] = [unapprovedMeeting];

/** The inputs some rule needs; the runner reads nothing else. */
export const inputsNeeded = (rules: readonly SweepRule[] = sweepRules): Set<SweepInputName> =>
  new Set(rules.flatMap((rule) => rule.needs));

export const evaluate = (inputs: SweepInputs, timeZone: string, rules: readonly SweepRule[] = sweepRules) =>
  rules.flatMap((rule) => rule.evaluate(inputs, timeZone));
