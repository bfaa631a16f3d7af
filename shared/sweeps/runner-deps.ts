import { complaintRepository } from "../complaints/repository.ts";
import { factRepository } from "../facts/repository.ts";
import { planRepository } from "../plans/repository.ts";
import { plaqueRepository } from "../plaques/repository.ts";
import { systemClock, ulidIds } from "../platform/clock.ts";
import { config } from "../platform/config.ts";
import { sesMailer } from "../platform/email.ts";
import { emailOutbox } from "../platform/outbox.ts";
import { requestRepository } from "../requests/repository.ts";
import { secondmentRepository } from "../secondments/repository.ts";
import { unitRepository } from "../units/repository.ts";
import { violationRepository } from "../violations/repository.ts";
import { sweepRepository } from "./repository.ts";
import type { SweepRunDeps } from "./run.ts";

/** The runner's DynamoDB- and SES-backed dependencies: the Lambda, the CLI and the local schedule share them. */
export const awsSweepRunDeps = (): SweepRunDeps => ({
  sweeps: sweepRepository,
  facts: factRepository,
  requests: requestRepository,
  plans: planRepository,
  violations: violationRepository,
  units: unitRepository,
  complaints: complaintRepository,
  secondments: secondmentRepository,
  plaques: plaqueRepository,
  outbox: emailOutbox,
  mailer: sesMailer,
  clock: systemClock,
  ids: ulidIds,
  settings: {
    timeZone: config().TIME_ZONE,
    locale: config().EMAIL_LOCALE,
    runnerTimeoutSeconds: config().SWEEP_RUNNER_TIMEOUT_SECONDS,
    thresholds: {
      meetingOverrunMinutes: config().MEETING_OVERRUN_MINUTES,
      inspectionVisitsPerMonth: config().INSPECTION_VISITS_PER_MONTH,
      complaintTriageDays: config().COMPLAINT_TRIAGE_DAYS,
      complaintCloseDays: config().COMPLAINT_CLOSE_DAYS,
      secondmentConfirmDays: config().SECONDMENT_CONFIRM_DAYS,
    },
    violationDueDays: config().VIOLATION_DUE_DAYS,
    approvingUnitId: config().APPROVING_UNIT_ID,
    supervisionUnitId: config().SUPERVISION_UNIT_ID,
  },
});
