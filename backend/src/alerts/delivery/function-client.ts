import type { LowStockAlertRequest, LowStockEmailOutcome } from '@ims/functions';
import { messageOf } from '../../common/errors/message-of';

/** Longer than the function's own SendGrid timeout, so a slow send answers before we give up on it. */
const REQUEST_TIMEOUT_MS = 20_000;

export type FunctionAnswer =
  | { readonly ok: true; readonly outcome: LowStockEmailOutcome }
  | { readonly ok: false; readonly reason: string };

export const unreachable = (error: unknown): string => {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `the function could not be reached (${messageOf(error)}${cause})`;
};

export async function refusal(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  let detail: unknown;
  try {
    detail = (JSON.parse(text) as { detail?: unknown }).detail;
  } catch {
    detail = undefined;
  }
  return `the function answered ${response.status}${typeof detail === 'string' ? `: ${detail}` : ''}`;
}

/**
 * Asks the low-stock email function to send one alert's email. The alert's event id is its
 * idempotency key, in the body as the function reads it and as the usual header. Never throws:
 * a refusal, a timeout or an unreachable function is an answer to retry on.
 */
export async function requestEmail(
  endpoint: { readonly url: string; readonly apiKey: string },
  alert: LowStockAlertRequest,
): Promise<FunctionAnswer> {
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${endpoint.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': alert.idempotencyKey,
      },
      body: JSON.stringify(alert),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, reason: unreachable(error) };
  }
  if (response.status !== 200) return { ok: false, reason: await refusal(response) };
  const outcome = (await response.json().catch(() => undefined)) as Partial<LowStockEmailOutcome> | undefined;
  if (!isOutcome(outcome)) return { ok: false, reason: 'the function answered 200 without a low-stock email outcome' };
  return { ok: true, outcome };
}

const isOutcome = (value: Partial<LowStockEmailOutcome> | undefined): value is LowStockEmailOutcome =>
  (value?.status === 'sent' || value?.status === 'duplicate' || value?.status === 'preview') &&
  typeof value.email?.subject === 'string' &&
  Array.isArray(value.email.to);
