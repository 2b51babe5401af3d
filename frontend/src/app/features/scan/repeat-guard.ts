/** How long a code must be out of sight before seeing it again counts as a new scan. */
const REARM_MS = 1200;

/**
 * A camera reads the code in front of it many times a second: only the first read counts, until the
 * code has left the picture for a moment. Another code counts at once.
 */
export class RepeatGuard {
  private last: { readonly code: string; at: number } | undefined;

  constructor(private readonly rearmMs = REARM_MS) {}

  accept(code: string, now: number): boolean {
    const fresh = this.last?.code !== code || now - this.last.at > this.rearmMs;
    this.last = { code, at: now };
    return fresh;
  }
}
