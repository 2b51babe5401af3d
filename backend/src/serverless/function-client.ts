import type { LowStockAlertRequest, LowStockEmailOutcome } from '@ims/functions';
import { messageOf } from '../common';

/** Longer than the function's own SendGrid timeout, so a slow send answers before we give up on it. */
const REQUEST_TIMEOUT_MS = 20_000;

export type FunctionAnswer =
  { readonly ok: true; readonly outcome: LowStockEmailOutcome } | { readonly ok: false; readonly reason: string };

const unreachable = (error: unknown): string => {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `the function could not be reached (${messageOf(error)}${cause})`;
};

async function refusal(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  let detail: unknown;
  try {
    detail = (JSON.parse(text) as { detail?: unknown }).detail;
  } catch {
    detail = undefined;
  }
  return `the function answered ${response.status}${typeof detail === 'string' ? `: ${detail}` : ''}`;
}

/** A 200 answer's JSON body (undefined when it is not JSON), or why there is none: a refusal, a timeout, no connection. */
export async function postToFunction(
  endpoint: { readonly url: string; readonly apiKey: string },
  body: object,
  headers: Readonly<Record<string, string>> = {},
): Promise<{ readonly ok: true; readonly json: unknown } | { readonly ok: false; readonly reason: string }> {
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.apiKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, reason: unreachable(error) };
  }
  if (response.status !== 200) return { ok: false, reason: await refusal(response) };
  return { ok: true, json: await response.json().catch(() => undefined) };
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
  const answer = await postToFunction(endpoint, alert, { 'idempotency-key': alert.idempotencyKey });
  if (!answer.ok) return answer;
  const outcome = answer.json as Partial<LowStockEmailOutcome> | undefined;
  if (!isOutcome(outcome)) return { ok: false, reason: 'the function answered 200 without a low-stock email outcome' };
  return { ok: true, outcome };
}

const isOutcome = (value: Partial<LowStockEmailOutcome> | undefined): value is LowStockEmailOutcome =>
  (value?.status === 'sent' || value?.status === 'duplicate' || value?.status === 'preview') &&
  typeof value.email?.subject === 'string' &&
  Array.isArray(value.email.to);
