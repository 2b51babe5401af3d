/** How long a session (a refresh-token family) lives: since its last use, and since the sign-in that began it. */
export interface SessionLimits {
  readonly idleSeconds: number;
  readonly maxSeconds: number;
}

/** A presented refresh token as the database has it, read together with the database's clock. */
export interface PresentedToken {
  readonly sessionId: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  readonly revokedAt: Date | null;
  readonly rotatedAt: Date | null;
  readonly now: Date;
}

/**
 * Two tabs of one browser whose access tokens expire together refresh at once with the one cookie
 * they share: the later of them, arriving this soon after the rotation, is no thief. It gets an
 * access token but no new refresh token, the browser holding the rotated one already.
 */
export const REUSE_GRACE_SECONDS = 10;

export type RefreshVerdict =
  | { readonly kind: 'rotate'; readonly sessionId: string; readonly userId: string; readonly secondsLeft: number }
  | { readonly kind: 'just-rotated'; readonly sessionId: string; readonly userId: string }
  /** A token already traded in came back: someone holds a copy, so the whole family ends. */
  | { readonly kind: 'reused'; readonly sessionId: string }
  | { readonly kind: 'unknown' | 'revoked' | 'expired' };

const secondsBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

/** What a refresh with `token` (undefined: no such token) does. */
export function judgeRefresh(token: PresentedToken | undefined, limits: SessionLimits): RefreshVerdict {
  if (!token) return { kind: 'unknown' };
  if (token.revokedAt) return { kind: 'revoked' };
  if (token.rotatedAt) {
    const late = secondsBetween(token.rotatedAt, token.now) >= REUSE_GRACE_SECONDS;
    return late
      ? { kind: 'reused', sessionId: token.sessionId }
      : { kind: 'just-rotated', sessionId: token.sessionId, userId: token.userId };
  }
  const remaining = limits.maxSeconds - secondsBetween(token.createdAt, token.now);
  if (remaining <= 0 || secondsBetween(token.lastUsedAt, token.now) >= limits.idleSeconds) return { kind: 'expired' };
  return { kind: 'rotate', sessionId: token.sessionId, userId: token.userId, secondsLeft: Math.ceil(remaining) };
}
