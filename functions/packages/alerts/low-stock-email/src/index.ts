import { composeAlertEmail, type AlertEmail } from './alert-email';
import { parseLowStockAlert } from './low-stock-alert';
import { RecentDeliveries } from './recent-deliveries';
import { sendFailureReason, sendThroughSendGrid } from '../../../../lib/src/sendgrid-sender';
import { refuseUnauthorized } from '../../../../lib/src/request-gate';
import { mailSettings, missingForSending } from '../../../../lib/src/settings';
import {
  jsonResponse,
  problemResponse,
  requestText,
  validationProblem,
  type WebActionArgs,
  type WebActionResponse,
} from '../../../../lib/src/web-action';

export type { AlertEmail } from './alert-email';
export type { LowStockAlertRequest } from './low-stock-alert';
export { SETTING_NAMES, type SettingName } from '../../../../lib/src/settings';
export { problemResponse, type WebActionArgs, type WebActionResponse } from '../../../../lib/src/web-action';

/** The 200 answer; every refusal is a problem+json instead. */
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- an interface gets no implicit index signature, and the body must be a JsonObject
export type LowStockEmailOutcome = {
  readonly status: 'sent' | 'duplicate' | 'preview';
  readonly idempotencyKey: string;
  /** The email this alert makes: sent, previewed, or (duplicate) sent before. */
  readonly email: AlertEmail;
};

const answer = (outcome: LowStockEmailOutcome) => jsonResponse(200, outcome);

/** Room for every alert a dispatcher could still be retrying; a warm action instance keeps them between calls. */
const deliveries = new RecentDeliveries(10_000);

/** The OpenWhisk entry point (package.json "main" → dist/index.js): answers `{statusCode, headers, body}`. */
export async function main(args: WebActionArgs): Promise<WebActionResponse> {
  const refusal = refuseUnauthorized(args, 'the low-stock alert');
  if (refusal) return refusal;
  const parsed = parseLowStockAlert(requestText(args));
  if ('errors' in parsed) return validationProblem(parsed.errors);
  const alert = parsed.value;
  const settings = mailSettings(args);
  const email = composeAlertEmail(alert, settings);
  const { idempotencyKey } = alert;
  if (settings.sendGridApiKey === undefined) {
    return answer({ status: 'preview', idempotencyKey, email });
  }
  const missing = missingForSending(settings);
  if (missing.length > 0) {
    return problemResponse('unavailable', `The function cannot send without ${missing.join(' and ')}.`);
  }
  const target = { apiKey: settings.sendGridApiKey, apiUrl: settings.sendGridApiUrl };
  try {
    const status = await deliveries.once(idempotencyKey, () => sendThroughSendGrid(email, target));
    return answer({ status, idempotencyKey, email });
  } catch (error) {
    const reason = sendFailureReason(error);
    console.error(`low-stock-email: alert ${idempotencyKey} not sent: ${reason}`);
    return problemResponse('email-not-sent', `${reason}; try again later.`);
  }
}
