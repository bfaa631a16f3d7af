/**
 * The Lambda Invoke API, `POST /2015-03-31/functions/{name}/invocations`, so that shared code
 * starts the functions the manifest marks as invoked through the SDK's own client, exactly as in
 * the cloud: an asynchronous `Event` invocation answers 202 and runs on after the reply. Its
 * answers, errors included, are shaped as Lambda's, which is what the SDK parses. Like Lambda, it
 * runs nothing for a request without a valid SigV4 signature by the local credentials
 * (sigv4.ts): the port may be reachable from other machines (HOST), and a sweep sends mail.
 */
import {
  type FunctionName,
  invocableFunctionNames,
  timeoutSecondsOf,
  timeoutVariableOf,
} from "../../infra/functions.ts";
import { LOCAL_CREDENTIALS } from "./env.ts";
import {
  buildContext,
  type HttpApiEvent,
  headerValue,
  LOCAL_ACCOUNT_ID,
  safeDecode,
  splitUrl,
} from "./event.ts";
import { FUNCTION_PREFIX, type HandlerLoader } from "./handlers.ts";
import type { LocalEndpoint, LocalResponse } from "./responses.ts";
import { verifySigV4 } from "./sigv4.ts";

const LAMBDA_INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * An invoked function runs as long as its own timeout, not the API's 29 s: the deployed value
 * (the manifest's), or the `<NAME>_TIMEOUT_SECONDS` setting when the environment overrides it, as
 * the fault tests do to play a short-lived runner.
 */
const invokedTimeoutMs = (fn: FunctionName): number => {
  const configured = Number(process.env[timeoutVariableOf(fn)]);
  return (Number.isInteger(configured) && configured > 0 ? configured : timeoutSecondsOf(fn)) * 1000;
};

/** The SDK reads the error's type from x-amzn-errortype and its message from the body. */
const lambdaError = (
  statusCode: number,
  type: string,
  message: string,
  requestId: string,
): LocalResponse => ({
  statusCode,
  headers: {
    "content-type": "application/json",
    "x-amzn-errortype": type,
    "x-amzn-requestid": requestId,
  },
  body: JSON.stringify({ Type: "User", Message: message }),
});

const errorFields = (error: unknown) =>
  error instanceof Error
    ? { errorType: error.name, errorMessage: error.message }
    : { errorType: "Error", errorMessage: String(error) };

export const createLambdaInvokeEndpoint = (options: {
  loadHandler: HandlerLoader;
  region: string;
}): LocalEndpoint => {
  const { loadHandler, region } = options;
  return async (request, requestId) => {
    const encoded =
      request.method === "POST" ? LAMBDA_INVOKE_PATH.exec(splitUrl(request.url).rawPath)?.[1] : undefined;
    if (encoded === undefined) return undefined;
    // Before anything else, as AWS does: an unsigned caller learns not even which functions exist.
    const refused = await verifySigV4(request, { credentials: LOCAL_CREDENTIALS, region, service: "lambda" });
    if (refused) return lambdaError(403, refused.type, refused.message, requestId);
    const functionName = safeDecode(encoded) ?? encoded;
    const fn = functionName.startsWith(FUNCTION_PREFIX) ? functionName.slice(FUNCTION_PREFIX.length) : "";
    const invoked = invocableFunctionNames.find((name) => name === fn);
    if (invoked === undefined) {
      const arn = `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`;
      return lambdaError(404, "ResourceNotFoundException", `Function not found: ${arn}`, requestId);
    }
    let payload: unknown;
    try {
      // Lambda hands a function invoked without a payload an empty object.
      payload = request.body.length === 0 ? {} : JSON.parse(request.body.toString("utf8"));
    } catch {
      return lambdaError(
        400,
        "InvalidRequestContentException",
        "Could not parse request body into json",
        requestId,
      );
    }
    const context = buildContext({
      functionName,
      requestId,
      region,
      startedAt: Date.now(),
      timeoutMs: invokedTimeoutMs(invoked),
    });
    // An invoked function receives the caller's payload as is; only API functions get an HTTP event.
    const run = async () => (await loadHandler(invoked))(payload as HttpApiEvent, context);

    if (headerValue(request.rawHeaders, "x-amz-invocation-type") === "Event") {
      run().catch((error: unknown) => {
        const { errorType, errorMessage } = errorFields(error);
        process.stderr.write(`[${requestId}] ${functionName} failed: ${errorType}: ${errorMessage}\n`);
      });
      return { statusCode: 202, headers: { "x-amzn-requestid": requestId }, body: "" };
    }
    const headers = {
      "content-type": "application/json",
      "x-amzn-requestid": requestId,
      "x-amz-executed-version": "$LATEST",
    };
    try {
      return { statusCode: 200, headers, body: JSON.stringify((await run()) ?? null) };
    } catch (error) {
      // A function's own failure is still a successful invocation; the header tells the caller.
      return {
        statusCode: 200,
        headers: { ...headers, "x-amz-function-error": "Unhandled" },
        body: JSON.stringify(errorFields(error)),
      };
    }
  };
};
