import type { Checkpoint } from '../event-store/stored-event';
import { HeldSpan } from './held-span';
import { LiveBatch } from './live-batch';
import { outgoing, type OutgoingEntry } from './live-messages';

const at = (transactionId: string, position: number): Checkpoint => ({ transactionId, position });
const message = (point: Checkpoint): OutgoingEntry =>
  outgoing({
    type: 'stock.moved',
    position: point.position,
    transactionId: point.transactionId,
    data: { n: point.position },
    correlationId: null,
  });
// Feed order, in which position 3 (transaction 11) comes before position 2 (transaction 12).
const entries = [message(at('11', 3)), message(at('12', 2)), message(at('13', 4))];
const framesOf = (...chosen: OutgoingEntry[]) => Buffer.concat(chosen.map((entry) => entry.wire));

describe("a wake-up's messages", () => {
  it('are framed once: every socket that holds none of them is given the very same bytes, all of them', () => {
    const batch = new LiveBatch(entries);
    const first = batch.bytesFor(HeldSpan.at(at('10', 1)));
    const second = batch.bytesFor(HeldSpan.at(at('10', 1)));
    expect(first).toEqual(framesOf(...entries));
    expect(second).toBe(first);
    expect(batch.end).toEqual(at('13', 4));
  });

  it('give a socket that holds some of them (it resumed meanwhile) only the ones after what it holds, in feed order', () => {
    const batch = new LiveBatch(entries);
    const resumed = HeldSpan.at(at('10', 1));
    resumed.extendTo(at('11', 3));
    expect(batch.bytesFor(resumed)).toEqual(framesOf(entries[1]!, entries[2]!));
    resumed.extendTo(at('13', 4));
    expect(batch.bytesFor(resumed)).toBeUndefined();
  });

  it('of one message are its own frame, not a copy', () => {
    const only = entries[0]!;
    expect(new LiveBatch([only]).bytesFor(HeldSpan.at(at('10', 1)))).toBe(only.wire);
  });
});
