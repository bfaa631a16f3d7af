/**
 * What a route declares. Each context lists its own routes (shared/<context>/routes.ts); the index
 * in shared/routes.ts joins them for API Gateway, the local server, OpenAPI and the tests, while a
 * function's bundle imports only its own context's list.
 */
import type * as z from "zod/mini";
import type { ApiFunctionName } from "../../../infra/functions.ts";
import { type Role, roles } from "../roles.ts";

export type HttpMethod = "GET" | "POST" | "PUT";

type AnyObject = z.ZodMiniType<Record<string, unknown>>;

export type RouteDefinition = {
  operationId: string;
  method: HttpMethod;
  path: string;
  /** The function (infra/functions.ts) that serves the route. */
  fn: ApiFunctionName;
  summary: string;
  /** Roles allowed; "public" routes skip the JWT authorizer entirely. */
  access: readonly Role[] | "public";
  /**
   * A public route that also takes a token: with none the caller is anonymous; with one the
   * function verifies it as the authorizer would (a bad token is 401), since API Gateway runs no
   * authorizer on a public route.
   */
  acceptsToken?: boolean;
  /**
   * Requests per second (steady, burst) the route takes from everyone together before it answers
   * 429: API Gateway's route throttling in the cloud, a token bucket in the local gateway.
   */
  throttle?: { rateLimit: number; burstLimit: number };
  /**
   * The answer holds a secret shown once (a complaint's receipt): a keyed retry's stored answer is
   * sealed under the Idempotency-Key itself (http/sealed-replay.ts), so the table never holds it
   * readable.
   */
  sealedReplay?: boolean;
  /**
   * A request header that names the record the route reads, where the name must never travel in a
   * URL (a complaint's receipt): documented as a required header, and 404 when it names none.
   */
  lookupHeader?: { name: string; description: string };
  /**
   * A query parameter naming the record the answer is about (`unitId` of GET /v1/stats): one that
   * does not exist, or that the caller may not see, answers 404 as a path id would.
   */
  lookupQuery?: string;
  params?: AnyObject;
  query?: AnyObject;
  body?: z.ZodMiniType;
  /**
   * How the body travels: JSON (the default), or a CSV file sent as `text/csv`, handed to `body`
   * as its text (UTF-8, a leading byte-order mark removed) for the use case to read line by line.
   */
  bodyFormat?: "json" | "csv";
  response: z.ZodMiniType;
  /**
   * Renders the response as CSV for a client that asks with `Accept: text/csv` (a spreadsheet);
   * the answer is UTF-8 with a byte-order mark, so spreadsheets open Chinese text correctly.
   */
  csv?: (result: never) => string;
  successStatus: 200 | 201 | 202;
  /** Where the created or accepted resource can be read: a path template filled from the result. */
  location?: string;
  /**
   * The codes of the 409 answers the route's own use case can give (e.g. STATE_CHANGED). Every
   * POST can also answer 409 IN_PROGRESS for a keyed retry; the OpenAPI document adds that itself.
   */
  conflicts?: readonly string[];
  /**
   * The codes of the 422 answers the route's own use case can give (e.g. OWN_REQUEST). Every POST
   * can also answer 422 IDEMPOTENCY_KEY_REUSED; the OpenAPI document adds that itself.
   */
  businessRules?: readonly string[];
  /**
   * The codes of the 429 answers the route's own use case gives when one caller sends too much
   * (e.g. TOO_MANY_FACTS), each with `Retry-After`; API Gateway's own throttling answers 429 too.
   */
  tooManyRequests?: readonly string[];
  /**
   * One realistic request body and one realistic success answer, shown in the OpenAPI document.
   * The unit tests parse them with `body` and `response`, so they cannot drift from the schemas.
   */
  examples?: { body?: unknown; response: unknown };
};

export const signedIn = roles;

/** API Gateway's routeKey for a route, e.g. "POST /v1/requests/{id}/decision". */
export const routeKey = (route: Pick<RouteDefinition, "method" | "path">): string =>
  `${route.method} ${route.path}`;
