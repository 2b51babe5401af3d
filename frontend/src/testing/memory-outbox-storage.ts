import type { OutboxStorage } from '../app/core/offline/outbox-storage';
import type { NewQueuedMovement, QueuedMovement, Refusal } from '../app/core/offline/queued-movement';

/** The queue's storage in memory, for tests of what is sent when. */
export class MemoryOutboxStorage implements OutboxStorage {
  private nextSeq = 1;
  readonly queue = new Map<number, QueuedMovement>();
  readonly refused = new Map<string, Refusal>();

  waiting(userId: string): Promise<QueuedMovement[]> {
    return Promise.resolve([...this.queue.values()].filter((entry) => entry.userId === userId).sort((a, b) => a.seq - b.seq));
  }

  add(entry: NewQueuedMovement): Promise<QueuedMovement> {
    const stored = { ...entry, seq: this.nextSeq++ };
    this.queue.set(stored.seq, stored);
    return Promise.resolve(stored);
  }

  remove(seq: number): Promise<boolean> {
    return Promise.resolve(this.queue.delete(seq));
  }

  refuse(refusal: Refusal): Promise<void> {
    this.queue.delete(refusal.seq);
    this.refused.set(refusal.key, refusal);
    return Promise.resolve();
  }

  refusals(userId: string): Promise<Refusal[]> {
    return Promise.resolve([...this.refused.values()].filter((entry) => entry.userId === userId));
  }

  dropRefusal(key: string): Promise<void> {
    this.refused.delete(key);
    return Promise.resolve();
  }
}
