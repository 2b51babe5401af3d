import { composeAlertEmail, type AlertEmail } from './alert-email';
import { bearerTokenMatches } from './bearer-auth';
import { parseLowStockAlert } from './low-stock-alert';
import { RecentDeliveries } from './recent-deliveries';
import { sendFailureReason, sendThroughSendGrid } from './sendgrid-sender';
import { mailSettings, missingForSending, setting } from './settings';
import { jsonResponse, problemResponse, requestHeader, requestText, type WebActionArgs, type WebActionResponse } from './web-action';

export type { AlertEmail } from './alert-email';
export type { LowStockAlertRequest } from './low-stock-alert';
export { SETTING_NAMES, type SettingName } from './settings';
export { problemResponse, type WebActionArgs, type WebActionResponse } from './web-action';

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
  if (args.__ow_method?.toLowerCase() !== 'post') {
    return problemResponse('method-not-allowed', 'Post the low-stock alert.', { headers: { allow: 'POST' } });
  }
  const apiKey = setting(args, 'FUNCTION_API_KEY');
  if (apiKey === undefined) {
    return problemResponse('unavailable', 'The function has no FUNCTION_API_KEY configured.');
  }
  if (!bearerTokenMatches(requestHeader(args, 'authorization'), apiKey)) {
    return problemResponse('unauthorized', 'Send Authorization: Bearer <FUNCTION_API_KEY>.', {
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
  const parsed = parseLowStockAlert(requestText(args));
  if ('errors' in parsed) {
    const detail = parsed.errors.map((error) => `${error.field}: ${error.message}`).join('; ');
    return problemResponse('validation', detail, { errors: parsed.errors });
  }
  const { alert } = parsed;
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
