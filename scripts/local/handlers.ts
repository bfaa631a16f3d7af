/**
 * Loads the functions' Lambda handlers from `functions/<name>/handler.ts`, for the gateway and
 * the Invoke endpoint alike.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import type { HttpApiEvent } from "./event.ts";
import { functionsDir } from "./paths.ts";

/** Local function names follow the SWEEP_RUNNER_FUNCTION default: the manifest name, prefixed. */
export const FUNCTION_PREFIX = "burden-watch-";

export type LambdaHandler = (event: HttpApiEvent, context: Context) => Promise<unknown>;
/** Loads `functions/<name>/handler.ts`: an API function of the route table or an invoked one. */
export type HandlerLoader = (fn: string) => Promise<LambdaHandler>;

/** Imports a handler module lazily so env is set first and missing functions fail per request. */
export const importHandler: HandlerLoader = async (fn) => {
  const module: unknown = await import(pathToFileURL(join(functionsDir, fn, "handler.ts")).href);
  const handler =
    typeof module === "object" && module !== null && "handler" in module ? module.handler : undefined;
  if (typeof handler !== "function") throw new Error(`functions/${fn}/handler.ts does not export a handler`);
  return handler as LambdaHandler;
};

/** Each function is loaded once and stays loaded, like a Lambda container that stays warm. */
export const cachingLoader = (load: HandlerLoader): HandlerLoader => {
  const loaded = new Map<string, LambdaHandler>();
  return async (fn) => {
    const cached = loaded.get(fn);
    if (cached) return cached;
    const handler = await load(fn);
    loaded.set(fn, handler);
    return handler;
  };
};
