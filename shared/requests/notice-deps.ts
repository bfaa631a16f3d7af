import { ulid } from "ulid";
import { systemClock } from "../platform/clock.ts";
import { config } from "../platform/config.ts";
import { sesMailer } from "../platform/email.ts";
import { emailOutbox } from "../platform/outbox.ts";
import { unitRepository } from "../units/repository.ts";
import { makeDecisionNotices } from "./notices.ts";
import { requestRepository } from "./repository.ts";

/** Decision notices on DynamoDB and SES: the requests function sends them, the sweep runner catches up. */
export const awsDecisionNotices = () =>
  makeDecisionNotices({
    units: unitRepository,
    requests: requestRepository,
    outbox: emailOutbox,
    mailer: sesMailer,
    clock: systemClock,
    locale: config().EMAIL_LOCALE,
    newToken: ulid,
  });
