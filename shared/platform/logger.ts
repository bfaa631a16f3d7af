import { Logger } from "@aws-lambda-powertools/logger";

/** Structured JSON logs. Nothing a user typed is logged: only ids, codes and error names. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "burden-watch" });
