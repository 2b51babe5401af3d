/** `crypto.randomUUID` exists only in secure contexts; the app may be served over plain http on a LAN. */
export const randomKey = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * One `Idempotency-Key` per form submission: the same payload sent again (a retry, a second click)
 * reuses the key so the server records it once; a changed payload or a settled one gets a new key.
 */
export class IdempotencyKeys {
  private pending: { readonly fingerprint: string; readonly key: string } | undefined;

  constructor(private readonly newKey: () => string = randomKey) {}

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
