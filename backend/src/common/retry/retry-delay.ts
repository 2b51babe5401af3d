/** The longest pause between two attempts by default, however many have failed. */
const MAX_RETRY_DELAY_MS = 5 * 60_000;

/** Exponential backoff: `baseMs` after the first failed attempt, doubling after each further one, up to `maxMs`. */
export const retryDelayMs = (failedAttempts: number, baseMs: number, maxMs = MAX_RETRY_DELAY_MS): number =>
  Math.min(baseMs * 2 ** (failedAttempts - 1), maxMs);

/**
 * The backoff with "equal jitter": half of it fixed, the other half random, so receivers that
 * failed together (one outage) do not all get their retries in the same instant.
 */
export function jitteredRetryDelayMs(failedAttempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const delay = retryDelayMs(failedAttempts, baseMs, maxMs);
  return Math.round(delay / 2 + random() * (delay / 2));
}
