import type { SESClient } from "@aws-sdk/client-ses";
import { config } from "./config.ts";

export type OutgoingEmail = { to: string[]; subject: string; html: string; text: string };

export type Mailer = { send(email: OutgoingEmail): Promise<string> };

let client: SESClient | undefined;

export const sesMailer: Mailer = {
  async send(email) {
    // The SES client comes from the Lambda runtime's own SDK and loads on the first send, off the
    // cold-start path (infra/functions.ts lists it as runtime-provided for the functions that mail).
    const { SESClient, SendEmailCommand } = await import("@aws-sdk/client-ses");
    const { AWS_REGION, SES_ENDPOINT, MAIL_FROM, SES_CONFIGURATION_SET } = config();
    // A hung SES must fail one send in seconds, well inside the runner's timeout, so the run goes
    // on to the next digest and reports this one unsent (bounds assumed by DIGEST_LEASE_MS).
    client ??= new SESClient({
      region: AWS_REGION,
      ...(SES_ENDPOINT ? { endpoint: SES_ENDPOINT } : {}),
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
    });
    const result = await client.send(
      new SendEmailCommand({
        Source: MAIL_FROM,
        Destination: { ToAddresses: email.to },
        ConfigurationSetName: SES_CONFIGURATION_SET,
        Message: {
          Subject: { Data: email.subject, Charset: "UTF-8" },
          Body: {
            Html: { Data: email.html, Charset: "UTF-8" },
            Text: { Data: email.text, Charset: "UTF-8" },
          },
        },
      }),
    );
    return result.MessageId ?? "";
  },
};
