import type { OutboxStorage } from './outbox-storage';
import type { QueuedMovement } from './queued-movement';

/** How one send ended: recorded (now or by an earlier send of the same key), refused, or not known. */
export type SendOutcome =
  | { readonly kind: 'recorded' }
  | { readonly kind: 'refused'; readonly problemType: string; readonly reason: string }
  | { readonly kind: 'unanswered' };

export type Sender = (entry: QueuedMovement) => Promise<SendOutcome>;

export interface FlushResult {
  readonly recorded: number;
  readonly refused: number;
  /** Movements still waiting because the server did not answer (try again later). */
  readonly left: number;
}

/**
 * Sends a user's queued movements one at a time, in the order they were made. A movement leaves the
 * queue only once the server has answered it: without an answer it stays and is sent again later
 * with the same key, so the server applies it once however often it arrives. The first movement
 * without an answer stops the run, so none overtakes another. A refusal is kept for the person.
 */
export class Outbox {
  /** The movement being sent right now: it can no longer be taken back. */
  private sending: number | undefined;
  /** Taken back while a run was choosing its next movement: never sent. */
  private readonly cancelled = new Set<number>();
  private running: Promise<FlushResult> | undefined;

  constructor(
    private readonly storage: OutboxStorage,
    private readonly send: Sender,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One run at a time: a call during a run gets that run's result. */
  flush(userId: string): Promise<FlushResult> {
    this.running ??= this.run(userId).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Takes back a movement not sent yet; false when it is being sent or already answered. */
  async cancel(seq: number): Promise<boolean> {
    if (this.sending === seq) return false;
    this.cancelled.add(seq);
    return this.storage.remove(seq);
  }

  /** Reads the queue again before each send, so movements added or taken back during a run are seen. */
  private async run(userId: string): Promise<FlushResult> {
    let recorded = 0;
    let refused = 0;
    for (;;) {
      const queue = (await this.storage.waiting(userId)).filter(({ seq }) => !this.cancelled.has(seq));
      const entry = queue[0];
      if (!entry) return { recorded, refused, left: 0 };
      this.sending = entry.seq;
      try {
        const outcome = await this.send(entry);
        if (outcome.kind === 'unanswered') return { recorded, refused, left: queue.length };
        if (outcome.kind === 'recorded') {
          await this.storage.remove(entry.seq);
          recorded++;
        } else {
          const { problemType, reason } = outcome;
          await this.storage.refuse({ ...entry, problemType, reason, refusedAt: this.now().toISOString() });
          refused++;
        }
      } finally {
        this.sending = undefined;
      }
    }
  }
}
