import { laterOf } from './feed-order';
import type { LiveFeed } from './live-feed';
import { resetFrame, type OutgoingEntry, type ResumeRequest } from './live-messages';
import type { LiveSession } from './live-session';

/** Messages sent to a resuming socket before waiting for it to drain. */
const CHUNK = 200;
/** A resuming socket must take each chunk within this time, or it is dropped as too slow. */
const DRAIN_TIMEOUT_MS = 30_000;

/** The first `count` entries and the rest of the last one's transaction: a chunk never splits a transaction. */
function chunkOf(entries: readonly OutgoingEntry[], count: number): OutgoingEntry[] {
  let end = Math.min(count, entries.length);
  while (end < entries.length && entries[end]?.at.transactionId === entries[end - 1]?.at.transactionId) end += 1;
  return entries.slice(0, end);
}

/** The client must refetch; live messages continue from where the feed stands. */
function reset(session: LiveSession, feed: LiveFeed): void {
  session.send(resetFrame(feed.epoch, feed.cursor));
  session.startAt(feed.cursor);
  session.goLive();
}

/**
 * Sends what the client missed after the position it last saw, in feed order, then makes it live
 * again. The messages this socket was already sent are skipped, so a resume that arrives after live
 * messages went out brings the ones before them, none twice. Broadcasts skip the socket meanwhile,
 * and the feed's recent messages (or the store) keep what they carried: the last step, from the
 * messages held in memory to live, runs without yielding, so nothing arrives in between: no gap and
 * no duplicate at the seam.
 * A position this store never had, another epoch, or more missed events than a resume replays
 * answer `reset`, as does a reset of every client while it catches up.
 */
export async function resume(session: LiveSession, request: ResumeRequest, feed: LiveFeed, maxBuffered: number): Promise<void> {
  session.live = false;
  const generation = feed.generation;
  const sameEpoch = request.epoch === undefined || request.epoch === feed.epoch;
  const after = sameEpoch ? await feed.checkpointOf(request.after) : undefined;
  const { held } = session;
  if (!after || (await feed.tooFarBehind(after, held.gapEnd(after)))) {
    reset(session, feed);
    return;
  }
  const lacking = (entries: readonly OutgoingEntry[]) => entries.filter((entry) => !held.holds(entry.at));
  let at = after;
  for (;;) {
    if (!session.open) return;
    if (feed.generation !== generation) {
      reset(session, feed);
      return;
    }
    at = held.readOnFrom(at);
    const recent = feed.recentAfter(at);
    const missed = recent && lacking(recent);
    if (missed && missed.length <= CHUNK) {
      for (const entry of missed) session.send(entry.frame);
      held.resumed(after, laterOf(at, feed.cursor));
      session.goLive();
      return;
    }
    const entries = missed && chunkOf(missed, CHUNK);
    const last = entries?.at(-1);
    const batch = entries && last ? { entries, end: last.at } : await feed.readStored(at);
    if (feed.generation !== generation) continue;
    for (const entry of lacking(batch.entries)) session.send(entry.frame);
    at = batch.end;
    if (!(await session.drained(maxBuffered / 4, DRAIN_TIMEOUT_MS))) {
      session.socket.terminate();
      return;
    }
  }
}
