import { laterOf } from './feed-order';
import type { LiveFeed } from './live-feed';
import { resetFrame, type ResumeRequest } from './live-messages';
import type { LiveSession } from './live-session';

/** Messages sent to a resuming socket before waiting for it to drain. */
const CHUNK = 200;
/** A resuming socket must take each chunk within this time, or it is dropped as too slow. */
const DRAIN_TIMEOUT_MS = 30_000;

/** The client must refetch; live messages continue from where the feed stands. */
export function reset(session: LiveSession, feed: LiveFeed): void {
  session.send(resetFrame(feed.epoch, feed.cursor));
  session.goLive(feed.cursor);
}

/**
 * Sends what the client missed after the position it last saw, in feed order, then makes it live.
 * Broadcasts skip it meanwhile; the last step, from the messages held in memory to live, runs
 * without yielding, so nothing arrives in between: no gap and no duplicate at the seam.
 * A position this store never had, another epoch, or more missed events than a resume replays
 * answer `reset`, as does a reset of every client while it catches up. So does a resume that comes
 * after live changes were sent on this socket (a client should resume as soon as it opens): replaying
 * would repeat them or send older changes after newer ones.
 */
export async function resume(session: LiveSession, request: ResumeRequest, feed: LiveFeed, maxBuffered: number): Promise<void> {
  if (session.hadLiveChanges) return reset(session, feed);
  session.live = false;
  const generation = feed.generation;
  const sameEpoch = request.epoch === undefined || request.epoch === feed.epoch;
  const from = sameEpoch ? await feed.checkpointOf(request.after) : undefined;
  if (!from || (await feed.tooFarBehind(from))) return reset(session, feed);
  let at = from;
  for (;;) {
    if (!session.open) return;
    if (feed.generation !== generation) return reset(session, feed);
    const recent = feed.recentAfter(at);
    if (recent && recent.length <= CHUNK) {
      for (const entry of recent) session.send(entry.frame);
      return session.goLive(laterOf(at, feed.cursor));
    }
    const batch = recent ? { entries: recent.slice(0, CHUNK), end: recent[CHUNK - 1]!.at } : await feed.readStored(at);
    if (feed.generation !== generation) continue;
    for (const entry of batch.entries) session.send(entry.frame);
    at = batch.end;
    if (!(await session.drained(maxBuffered / 4, DRAIN_TIMEOUT_MS))) return session.socket.terminate();
  }
}
