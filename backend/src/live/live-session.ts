import type { Writable } from 'node:stream';
import { WebSocket } from 'ws';
import type { SignedInUser } from '../access';
import { START, type Checkpoint } from '../event-store';
import { HeldSpan } from './held-span';
import type { LiveBatch } from './live-batch';

/**
 * One socket: who it belongs to, what it has been sent, and its requests handled one at a time.
 * Live messages, framed once for every socket, are written on the socket's connection as they are,
 * beside what `ws` writes on it (the greeting, resumes, pings, the close): `ws` writes each frame at
 * once, queueing only while it compresses or reads a Blob, and the gateway does neither (no
 * per-message deflate, Buffers only), so the frames never interleave.
 */
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
    /** The connection under `socket`, as the HTTP upgrade handed it to `ws`. */
    private readonly connection: Writable,
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

  /** Sends what it has not had yet of `batch`; false when its queue is over `maxBuffered` bytes: it cannot keep up. */
  deliver(batch: LiveBatch, maxBuffered: number): boolean {
    if (!this.open) return true;
    if (this.socket.bufferedAmount > maxBuffered) return false;
    const bytes = batch.bytesFor(this.held);
    if (bytes) {
      this.connection.write(bytes);
      this.held.extendTo(batch.end);
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
