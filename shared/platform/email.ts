import { SESClient, SendEmailCommand } from "@aws-sdk/client-ses";
import { config } from "./config.ts";

export type OutgoingEmail = { to: string[]; subject: string; html: string; text: string };

export type Mailer = { send(email: OutgoingEmail): Promise<string> };

let client: SESClient | undefined;

const ses = (): SESClient => {
  if (!client) {
    const { AWS_REGION, SES_ENDPOINT } = config();
    client = new SESClient({ region: AWS_REGION, ...(SES_ENDPOINT ? { endpoint: SES_ENDPOINT } : {}) });
  }
  return client;
};

export const sesMailer: Mailer = {
  async send(email) {
    const { MAIL_FROM, SES_CONFIGURATION_SET } = config();
    const result = await ses().send(
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
