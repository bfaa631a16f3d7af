/**
 * Environment read once, when a module first asks. Every setting has a default that suits local
 * development except the ones a deployment must decide (table, sender address).
 */
import { z } from "zod";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const configSchema = z.object({
  TABLE_NAME: z.string().min(1).default("burden-watch"),
  AWS_REGION: z.string().min(1).default("us-east-1"),
  DYNAMODB_ENDPOINT: z.url().optional(),
  SES_ENDPOINT: z.url().optional(),
  TIME_ZONE: z.string().min(1).default("Asia/Shanghai"),
  MAIL_FROM: z.string().min(3).default("burden-watch@example.gov"),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  EMAIL_LOCALE: z.enum(["zh-CN", "en"]).default("zh-CN"),
  CURSOR_SECRET: z.string().min(16).default("local-development-cursor-secret"),
  CORS_ORIGINS: z.string().default("*"),
  MAX_BODY_BYTES: positiveInt(64 * 1024),
  MEETING_MAX_MINUTES: positiveInt(90),
  MEETING_MIN_NOTICE_HOURS: positiveInt(72),
  IDEMPOTENCY_TTL_SECONDS: positiveInt(24 * 3600),
  SWEEP_RUNNER_FUNCTION: z.string().optional(),
  AWS_LAMBDA_FUNCTION_NAME: z.string().default("local"),
});

export type Config = z.infer<typeof configSchema>;

let loaded: Config | undefined;

export const config = (): Config => {
  loaded ??= configSchema.parse(process.env);
  return loaded;
};

/** Tests and the local runtime set env vars before the first call; this lets them start over. */
export const reloadConfig = (): Config => {
  loaded = undefined;
  return config();
};
