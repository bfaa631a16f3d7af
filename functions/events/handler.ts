import { httpHandler } from "../../shared/http/handler.ts";
import { listEvents, reportEvent } from "../../shared/use-cases/events.ts";

export const handler = httpHandler("events", {
  reportEvent: ({ caller, body }) => reportEvent(caller, body),
  listEvents: ({ caller, query }) => listEvents(caller, query),
});
