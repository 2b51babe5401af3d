import { setTimeout as sleep } from 'node:timers/promises';

/** A delivery written to the sockets in less than this goes on at once. */
const PAUSE_ABOVE_MS = 4;

/**
 * How long the feed waits, after a delivery whose writes to the sockets took `tookMs`, before it reads
 * again: as long again once that is long enough to matter, so that writing to sockets takes at most
 * half of the event loop and what commits meanwhile goes out in one delivery, not one each. With
 * thousands of sockets open the writes, not the database, bound the feed; with a few hundred it never waits.
 */
export function fanOutPauseMs(tookMs: number): number {
  return tookMs >= PAUSE_ABOVE_MS ? tookMs : 0;
}

export async function pauseAfterFanOut(tookMs: number): Promise<void> {
  const pause = fanOutPauseMs(tookMs);
  if (pause > 0) await sleep(pause);
}
