/**
 * API Gateway HTTP API (payload 2.0) events as the JWT authorizer hands them to a function, and a
 * way to call a handler and read its answer as a client would.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from "aws-lambda";

export type Claims = Record<string, string>;

export type EventOptions = {
  claims?: Claims;
  body?: string;
  headers?: Record<string, string>;
  path?: Record<string, string>;
  query?: Record<string, string>;
  requestId?: string;
};

export const apiEvent = (
  routeKey: string,
  options: EventOptions = {},
): APIGatewayProxyEventV2WithJWTAuthorizer =>
  ({
    version: "2.0",
    routeKey,
    rawPath: "/",
    rawQueryString: "",
    headers: options.headers ?? {},
    pathParameters: options.path,
    queryStringParameters: options.query,
    body: options.body,
    isBase64Encoded: false,
    requestContext: {
      requestId: options.requestId ?? "req-1",
      routeKey,
      http: {
        method: routeKey.split(" ")[0],
        path: routeKey.split(" ")[1],
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "test",
      },
      authorizer: options.claims ? { jwt: { claims: options.claims, scopes: null } } : undefined,
    },
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

/** A Lambda context with the parts Powertools reads (the remaining time bounds an in-progress claim). */
export const lambdaContext = {
  functionName: "test-function",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:test-function",
  memoryLimitInMB: "128",
  awsRequestId: "aws-req-1",
  logGroupName: "/aws/lambda/test-function",
  logStreamName: "stream",
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
} as Context;

export type Answer = {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON answer, read field by field by the tests
  body: any;
};

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

/** Calls a handler and reads its answer: status, lower-cased headers and the parsed JSON body. */
export const invoke = async (
  handler: Handler,
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Promise<Answer> => {
  const result = await handler(event, lambdaContext);
  if (typeof result === "string") throw new Error("a handler answered with a bare string");
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  return {
    status: result.statusCode ?? 200,
    headers,
    body: result.body ? JSON.parse(result.body) : undefined,
  };
};

export const jsonHeaders = { "content-type": "application/json" };

/** Claims as API Gateway passes them: groups as "[a b]", the unit as a custom attribute. */
export const claimsOf = (sub: string, groups: string[], unit?: string): Claims => ({
  sub,
  "cognito:groups": `[${groups.join(" ")}]`,
  ...(unit === undefined ? {} : { "custom:unit": unit }),
});
