import { httpHandler } from "../../shared/http/handler.ts";
import { getSweep, startSweep } from "../../shared/use-cases/sweeps.ts";

export const handler = httpHandler("sweeps", {
  startSweep: ({ caller, body }) => startSweep(caller, body),
  getSweep: ({ params }) => getSweep(params.id),
});
