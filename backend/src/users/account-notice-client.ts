import type { AccountNoticeOutcome, AccountNoticeRequest } from '@ims/functions';
import { refusal, unreachable } from '../alerts/delivery/function-client';

/** Well above the function's own SendGrid timeout; nobody waits on it, the registration has been answered. */
const REQUEST_TIMEOUT_MS = 20_000;

export type AccountNoticeAnswer =
  { readonly ok: true; readonly status: AccountNoticeOutcome['status'] } | { readonly ok: false; readonly reason: string };

/** Asks the account-notice function to email one owner. Never throws: every failure is a reason to log. */
export async function requestAccountNotice(
  endpoint: { readonly url: string; readonly apiKey: string },
  notice: AccountNoticeRequest,
): Promise<AccountNoticeAnswer> {
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(notice),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, reason: unreachable(error) };
  }
  if (response.status !== 200) return { ok: false, reason: await refusal(response) };
  const outcome = (await response.json().catch(() => undefined)) as Partial<AccountNoticeOutcome> | undefined;
  if (outcome?.status !== 'sent' && outcome?.status !== 'preview')
    return { ok: false, reason: 'the function answered 200 without an account-notice outcome' };
  return { ok: true, status: outcome.status };
}
