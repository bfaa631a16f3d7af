import type { Operations } from "../platform/http/handler.ts";
import type { requestsRoutes } from "./routes.ts";
import type { RequestUseCases } from "./use-cases.ts";

/** Each route of the context bound to its use case: the function and the tests serve the same ones. */
export const requestOperations = (requests: RequestUseCases): Operations<typeof requestsRoutes> => ({
  submitRequest: ({ caller, body }) => requests.submit(caller, body),
  listRequests: ({ caller, query }) => requests.list(caller, query),
  getRequest: ({ caller, params }) => requests.get(caller, params.id),
  decideRequest: ({ caller, params, body }) => requests.decide(caller, params.id, body),
  withdrawRequest: ({ caller, params }) => requests.withdraw(caller, params.id),
  cancelRequest: ({ caller, params, body }) => requests.cancel(caller, params.id, body),
  listVetoItems: ({ query }) => requests.vetoItems(query),
});
