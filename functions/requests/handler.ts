import { httpHandler } from "../../shared/http/handler.ts";
import {
  decideRequest,
  getRequest,
  listRequests,
  submitRequest,
  withdrawRequest,
} from "../../shared/use-cases/requests.ts";

export const handler = httpHandler("requests", {
  submitRequest: ({ caller, body }) => submitRequest(caller, body),
  listRequests: ({ caller, query }) => listRequests(caller, query),
  getRequest: ({ caller, params }) => getRequest(caller, params.id),
  decideRequest: ({ caller, params, body }) => decideRequest(caller, params.id, body),
  withdrawRequest: ({ caller, params }) => withdrawRequest(caller, params.id),
});
