/**
 * `/dev/clock`: moves the clock every use case reads, so that a week can be played through in
 * minutes (docs/local-clock.md). `POST {"now"}` sets it, `DELETE` returns it to real time, `GET`
 * reads it; each answers the clock in use. The set clock runs on from the instant set. Tokens keep
 * expiring on real time (jwt.ts), and the weekly schedule keeps firing on it (schedule.ts). Like
 * /dev/token it lives only here, never in the shared route table.
 */
import * as z from "zod/mini";
import { clockState, setSystemClock } from "../../shared/platform/clock.ts";
import { instantSchema } from "../../shared/platform/common.ts";
import { headerValue, splitUrl } from "./event.ts";
import { parseJsonBody } from "./json-body.ts";
import { jsonResponse, type LocalEndpoint } from "./responses.ts";

export const DEV_CLOCK_PATH = "/dev/clock";

/** An offset is required: "08:00" on a Monday means nothing until it says where. */
export const devClockSchema = z.strictObject({ now: instantSchema });

export const clockEndpoint: LocalEndpoint = async (request, requestId) => {
  if (splitUrl(request.url).rawPath !== DEV_CLOCK_PATH) return undefined;
  switch (request.method) {
    case "GET":
      return jsonResponse(200, clockState());
    case "POST": {
      const parsed = parseJsonBody(
        devClockSchema,
        { contentType: headerValue(request.rawHeaders, "content-type"), body: request.body, requestId },
        "Invalid clock",
      );
      if (!parsed.ok) return parsed.response;
      return jsonResponse(200, setSystemClock(new Date(parsed.input.now)));
    }
    case "DELETE":
      return jsonResponse(200, setSystemClock(undefined));
    default:
      // Another method goes on to the route table, which answers API Gateway's 404 like /dev/token.
      return undefined;
  }
};
