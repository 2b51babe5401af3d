import type { AccountNoticeOutcome, AccountNoticeRequest } from '@ims/functions';
import { postToFunction } from '../serverless';

export type AccountNoticeAnswer =
  { readonly ok: true; readonly status: AccountNoticeOutcome['status'] } | { readonly ok: false; readonly reason: string };

/** Asks the account-notice function to email one owner. Never throws: every failure is a reason to log. */
export async function requestAccountNotice(
  endpoint: { readonly url: string; readonly apiKey: string },
  notice: AccountNoticeRequest,
): Promise<AccountNoticeAnswer> {
  const answer = await postToFunction(endpoint, notice);
  if (!answer.ok) return answer;
  const status = (answer.json as Partial<AccountNoticeOutcome> | undefined)?.status;
  if (status !== 'sent' && status !== 'preview')
    return { ok: false, reason: 'the function answered 200 without an account-notice outcome' };
  return { ok: true, status };
}
