import { Client } from '@sendgrid/client';
import { ResponseError } from '@sendgrid/helpers/classes';
import { MailService } from '@sendgrid/mail';

/** Longer than SendGrid needs, shorter than the action's time limit, so a hung call ends as a 502. */
const SEND_TIMEOUT_MS = 10_000;

/** An email as the functions compose it and SendGrid sends it. */
export interface Email {
  readonly to: readonly string[];
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface SendGridTarget {
  readonly apiKey: string;
  /** The real API by default; tests point it at a local stand-in. */
  readonly apiUrl: string;
}

/** Sends one email through SendGrid's v3 mail/send; rejects when SendGrid refuses or cannot be reached. */
export async function sendThroughSendGrid(email: Email, target: SendGridTarget): Promise<void> {
  // A client of its own per send: the shared default client would carry one caller's key and URL to another.
  const client = new Client();
  client.setApiKey(target.apiKey);
  client.setDefaultRequest('baseUrl', target.apiUrl);
  const mail = new MailService();
  mail.setClient(client);
  mail.setTimeout(SEND_TIMEOUT_MS);
  await mail.send({
    to: [...email.to],
    from: email.from,
    subject: email.subject,
    text: email.text,
    html: email.html,
  });
}

/** Why a send failed, in words safe to hand to the caller: a status, never a stack or a key. */
export const sendFailureReason = (error: unknown): string =>
  error instanceof ResponseError ? `SendGrid answered ${error.code}` : 'SendGrid could not be reached';
