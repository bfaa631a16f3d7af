/**
 * The registry of sweep rules. Adding a rule is a module beside this one, its test, and one entry
 * in this list, in the order of `sweptRules`.
 */
import { accompanyingAttendees } from "./accompanying-attendees.ts";
import { complaintOverdue } from "./complaint-overdue.ts";
import { documentQuotaExceeded } from "./document-quota-exceeded.ts";
import { layeredMeeting } from "./layered-meeting.ts";
import { meetingQuotaExceeded } from "./meeting-quota-exceeded.ts";
import { meetingStandardRaised } from "./meeting-standard-raised.ts";
import { offPlanInspection } from "./off-plan-inspection.ts";
import { overdueApproval } from "./overdue-approval.ts";
import { repeatedInspection } from "./repeated-inspection.ts";
import type { SweepContext, SweepInputName, SweepInputs, SweepRule } from "./rule.ts";
import { secondmentOverdue } from "./secondment-overdue.ts";
import { secondmentUnconfirmed } from "./secondment-unconfirmed.ts";
import { unadmittedPlaque } from "./unadmitted-plaque.ts";
import { unapprovedDocument } from "./unapproved-document.ts";
import { unapprovedMeeting } from "./unapproved-meeting.ts";

export const sweepRules: readonly SweepRule[] = [
  unapprovedMeeting,
  meetingStandardRaised,
  layeredMeeting,
  accompanyingAttendees,
  meetingQuotaExceeded,
  unapprovedDocument,
  documentQuotaExceeded,
  offPlanInspection,
  repeatedInspection,
  overdueApproval,
  secondmentOverdue,
  secondmentUnconfirmed,
  unadmittedPlaque,
  complaintOverdue,
];

/** The inputs some rule needs; the runner reads nothing else. */
export const inputsNeeded = (rules: readonly SweepRule[] = sweepRules): Set<SweepInputName> =>
  new Set(rules.flatMap((rule) => rule.needs));

export const evaluate = (
  inputs: SweepInputs,
  context: SweepContext,
  rules: readonly SweepRule[] = sweepRules,
) => rules.flatMap((rule) => rule.evaluate(inputs, context));
