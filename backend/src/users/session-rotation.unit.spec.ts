import { judgeRefresh, REUSE_GRACE_SECONDS, type PresentedToken } from './session-rotation';

const limits = { idleSeconds: 60, maxSeconds: 600 };
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 3) + seconds * 1000);

/** A token of a session begun at 0 s and last used at `lastUsed`, presented at `now`. */
const token = (now: number, changes: Partial<PresentedToken> = {}): PresentedToken => ({
  sessionId: 'session-1',
  userId: 'user-1',
  createdAt: at(0),
  lastUsedAt: at(now - 1),
  revokedAt: null,
  rotatedAt: null,
  now: at(now),
  ...changes,
});

describe('judging a refresh', () => {
  it('rotates a live token, telling how long the session has left, rounded up', () => {
    expect(judgeRefresh(token(100.5), limits)).toEqual({ kind: 'rotate', sessionId: 'session-1', userId: 'user-1', secondsLeft: 500 });
  });

  it('refuses what it does not know, and any token of an ended session', () => {
    expect(judgeRefresh(undefined, limits)).toEqual({ kind: 'unknown' });
    expect(judgeRefresh(token(100, { revokedAt: at(50), rotatedAt: at(99) }), limits)).toEqual({ kind: 'revoked' });
  });

  it('ends the session for a token traded in before, unless that was only just now', () => {
    expect(judgeRefresh(token(100, { rotatedAt: at(100 - REUSE_GRACE_SECONDS + 1) }), limits)).toEqual({
      kind: 'just-rotated',
      sessionId: 'session-1',
      userId: 'user-1',
    });
    expect(judgeRefresh(token(100, { rotatedAt: at(100 - REUSE_GRACE_SECONDS) }), limits)).toEqual({
      kind: 'reused',
      sessionId: 'session-1',
    });
  });

  it('refuses a session unused for the idle limit, and any session past its absolute limit', () => {
    expect(judgeRefresh(token(100, { lastUsedAt: at(41) }), limits).kind).toBe('rotate');
    expect(judgeRefresh(token(100, { lastUsedAt: at(40) }), limits)).toEqual({ kind: 'expired' });
    expect(judgeRefresh(token(599.9), limits).kind).toBe('rotate');
    expect(judgeRefresh(token(600), limits)).toEqual({ kind: 'expired' });
  });
});
