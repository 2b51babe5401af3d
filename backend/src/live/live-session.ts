import { WebSocket } from 'ws';
import type { SignedInUser } from '../access';
import { START, type Checkpoint } from '../event-store';
import { HeldSpan } from './held-span';
import type { OutgoingEntry } from './live-messages';

/** One socket: who it belongs to, what it has been sent, and its requests handled one at a time. */
export class LiveSession {
  user: SignedInUser | undefined;
  /** When the access token it connected with expires (ms since the epoch). */
  expiresAt = Number.POSITIVE_INFINITY;
  /** Answered the last ping. */
  alive = true;
  /** Receives broadcasts; false while a resume catches it up. */
  live = false;
  /** What its client holds of the feed: live messages beyond it are sent, a resume skips it. */
  held = HeldSpan.at(START);
  private work: Promise<void> = Promise.resolve();

  constructor(
    readonly socket: WebSocket,
    private readonly onError: (error: unknown) => void,
  ) {}

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Runs `task` after the ones queued before it; a failing one goes to `onError` and the queue goes on. */
  queue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch(this.onError);
  }

  send(frame: Buffer): void {
    if (this.open) this.socket.send(frame, { binary: false });
  }

  /** Its client holds nothing of the feed up to `at`: a greeted socket, or one told to reset. */
  startAt(at: Checkpoint): void {
    this.held = HeldSpan.at(at);
  }

  goLive(): void {
    this.live = true;
  }

  /** Sends what it has not had yet; false when its queue is over `maxBuffered` bytes: it cannot keep up. */
  deliver(entries: readonly OutgoingEntry[], maxBuffered: number): boolean {
    if (!this.open) return true;
    if (this.socket.bufferedAmount > maxBuffered) return false;
    for (const entry of entries) {
      if (!this.held.isNew(entry.at)) continue;
      this.socket.send(entry.frame, { binary: false });
      this.held.extendTo(entry.at);
    }
    return true;
  }

  /** Resolves once its queue is down to `bytes`, or false if that takes longer than `timeoutMs`. */
  async drained(bytes: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (let pause = 1; this.open && this.socket.bufferedAmount > bytes; pause = Math.min(pause * 2, 50)) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    return true;
  }
}
