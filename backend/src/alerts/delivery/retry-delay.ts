/** The longest pause between two attempts, however many have failed. */
const MAX_RETRY_DELAY_MS = 5 * 60_000;

/** Exponential backoff: `baseMs` after the first failed attempt, doubling after each further one. */
export const retryDelayMs = (failedAttempts: number, baseMs: number): number =>
  Math.min(baseMs * 2 ** (failedAttempts - 1), MAX_RETRY_DELAY_MS);
