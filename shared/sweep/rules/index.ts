import type { ViolationCandidate } from "../../domain/violations.ts";
import { type SweepFacts, unapprovedMeetings } from "./unapproved-meeting.ts";

export type SweepRule = (facts: SweepFacts) => ViolationCandidate[];

/** Every rule the sweep applies; each new rule module joins this list. */
export const sweepRules: readonly SweepRule[] = [unapprovedMeetings];

export const evaluate = (facts: SweepFacts): ViolationCandidate[] =>
  sweepRules.flatMap((rule) => rule(facts));
