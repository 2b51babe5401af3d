import { refuseUnauthorized } from '../../../../lib/src/request-gate';
import { sendFailureReason, sendThroughSendGrid, type Email } from '../../../../lib/src/sendgrid-sender';
import { mailSettings } from '../../../../lib/src/settings';
import {
  jsonResponse,
  parseJsonBody,
  problemResponse,
  requestText,
  validationProblem,
  type WebActionArgs,
  type WebActionResponse,
} from '../../../../lib/src/web-action';
import { accountNoticeSchema, composeAccountNotice } from './account-notice';

export type { AccountNoticeRequest } from './account-notice';

/** The 200 answer; every refusal is a problem+json instead. */
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- an interface gets no implicit index signature, and the body must be a JsonObject
export type AccountNoticeOutcome = {
  /** `preview`: no SENDGRID_API_KEY, so nothing was sent. */
  readonly status: 'sent' | 'preview';
  readonly email: Email;
};

const answer = (outcome: AccountNoticeOutcome) => jsonResponse(200, outcome);

/**
 * The OpenWhisk entry point: emails an account's owner that someone tried to register with their
 * address, or a manager's one-time link for a new password. No idempotency here: the API sends each
 * account at most one registration notice an hour, and a repeated link replaces the one before.
 */
export async function main(args: WebActionArgs): Promise<WebActionResponse> {
  const refusal = refuseUnauthorized(args, 'the account notice');
  if (refusal) return refusal;
  const parsed = parseJsonBody(accountNoticeSchema, requestText(args));
  if ('errors' in parsed) return validationProblem(parsed.errors);
  const settings = mailSettings(args);
  const email = composeAccountNotice(parsed.value, settings.from);
  if (settings.sendGridApiKey === undefined) return answer({ status: 'preview', email });
  if (settings.from === '') return problemResponse('unavailable', 'The function cannot send without ALERT_EMAIL_FROM.');
  try {
    await sendThroughSendGrid(email, { apiKey: settings.sendGridApiKey, apiUrl: settings.sendGridApiUrl });
    return answer({ status: 'sent', email });
  } catch (error) {
    const reason = sendFailureReason(error);
    console.error(`account-notice: not sent: ${reason}`);
    return problemResponse('email-not-sent', `${reason}; try again later.`);
  }
}
