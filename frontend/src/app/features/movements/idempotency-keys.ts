/**
 * One `Idempotency-Key` per form submission: the same payload sent again (a retry, a second click)
 * reuses the key so the server records it once; a changed payload or a settled one gets a new key.
 */
export class IdempotencyKeys {
  private pending: { readonly fingerprint: string; readonly key: string } | undefined;

  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

  keyFor(payload: unknown): string {
    const fingerprint = JSON.stringify(payload);
    if (this.pending?.fingerprint !== fingerprint) this.pending = { fingerprint, key: this.newKey() };
    return this.pending.key;
  }

  /** The submission got a definite answer: the next one is a new submission even with the same payload. */
  settle(): void {
    this.pending = undefined;
  }
}
