import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { messageOf } from '../../common';
import type { WebhookTargets } from './webhook-targets';

/** How long one attempt may take, connection to the end of the answer. */
const WEBHOOK_TIMEOUT_MS = 10_000;

export interface AttemptOutcome {
  /** A 2xx answer. */
  readonly ok: boolean;
  /** The answer's status; null when there was none (refused, unreachable, timed out). */
  readonly status: number | null;
  readonly durationMs: number;
  /** Why it did not succeed; null when it did. */
  readonly error: string | null;
}

/**
 * One POST of a delivery, through the targets' guarded lookup, following no redirect (a 3xx is a
 * failed attempt) and giving up after WEBHOOK_TIMEOUT_MS. The answer's body is read and dropped.
 */
export async function postWebhook(
  targets: WebhookTargets,
  url: URL,
  headers: Record<string, string>,
  body: string,
): Promise<AttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    targets.checkLiteral(url);
    const status = await new Promise<number>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'IMS-Webhooks/1',
        },
        lookup: targets.lookup,
        agent: false,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      request.on('response', (response) => {
        response.on('error', reject);
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.resume();
      });
      request.on('error', reject);
      request.end(body);
    });
    if (status >= 200 && status < 300) return { ok: true, status, durationMs: elapsed(), error: null };
    const error = status >= 300 && status < 400 ? `redirect (${status}) not followed` : `answered ${status}`;
    return { ok: false, status, durationMs: elapsed(), error };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
    const reason = timedOut ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s` : messageOf(error);
    return { ok: false, status: null, durationMs: elapsed(), error: reason };
  }
}
