import { LRUCache } from 'lru-cache';

/**
 * Access tokens whose signature and claims were checked, by their exact text, until they expire.
 * A browser sends one token with every request for its 15 minutes; checking its HMAC and decoding
 * it each time was a twentieth of the API's CPU per request (--cpu-prof at load). The same text
 * under the one key checks the same way, so only the expiry is checked again, as jsonwebtoken does
 * it (expired from the second `exp` names). The session behind a token is still read on every use.
 */
export class VerifiedTokens<Payload extends { readonly exp?: number }> {
  private readonly payloads = new LRUCache<string, Payload>({ max: 10_000 });

  /** The payload of a token checked before, while it has not expired; undefined for any other. */
  get(token: string): Payload | undefined {
    const payload = this.payloads.get(token);
    if (payload?.exp === undefined) return undefined;
    if (Math.floor(Date.now() / 1000) < payload.exp) return payload;
    this.payloads.delete(token);
    return undefined;
  }

  /** Only a token that expires is kept: one without `exp` names nobody (AccessTokens.userFor). */
  remember(token: string, payload: Payload): void {
    if (typeof payload.exp === 'number') this.payloads.set(token, payload);
  }
}
