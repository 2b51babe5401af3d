import { MemoryOutboxStorage } from '../../../testing/memory-outbox-storage';
import { Outbox, type SendOutcome } from './outbox';
import type { NewQueuedMovement, QueuedMovement } from './queued-movement';

const movement = (n: number, userId = 'u1'): NewQueuedMovement => ({
  key: `key-${n}`,
  userId,
  queuedAt: `2026-12-03T10:00:0${n}.000Z`,
  request: { kind: 'movement', body: { itemId: 'item-1', type: 'OUT', quantity: n } },
  label: { sku: 'SKU-1', name: 'Gloves' },
});

/** A server that answers each send as `answer` says, recording the keys it was sent. */
function server(answer: (entry: QueuedMovement, attempt: number) => SendOutcome = () => ({ kind: 'recorded' })) {
  const sent: string[] = [];
  const send = (entry: QueuedMovement) => {
    sent.push(entry.key);
    return Promise.resolve(answer(entry, sent.filter((key) => key === entry.key).length));
  };
  return { sent, send };
}

const refused: SendOutcome = { kind: 'refused', problemType: '/problems/insufficient-stock', reason: 'Only 2 in stock' };

describe('Outbox', () => {
  it('sends the queue in the order the movements were made, one at a time, and empties it', async () => {
    const storage = new MemoryOutboxStorage();
    for (const n of [1, 2, 3]) await storage.add(movement(n));
    let inFlight = 0;
    let most = 0;
    const sent: string[] = [];
    const outbox = new Outbox(storage, async (entry) => {
      most = Math.max(most, ++inFlight);
      sent.push(entry.key);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      return { kind: 'recorded' };
    });

    expect(await outbox.flush('u1')).toEqual({ recorded: 3, refused: 0, left: 0 });
    expect(sent).toEqual(['key-1', 'key-2', 'key-3']);
    expect(most).toBe(1);
    expect(await storage.waiting('u1')).toEqual([]);
  });

  it('stops at the first movement without an answer and sends it again, with the same key, before the later ones', async () => {
    const storage = new MemoryOutboxStorage();
    for (const n of [1, 2, 3]) await storage.add(movement(n));
    const { sent, send } = server((entry, attempt) =>
      entry.key === 'key-2' && attempt === 1 ? { kind: 'unanswered' } : { kind: 'recorded' },
    );
    const outbox = new Outbox(storage, send);

    expect(await outbox.flush('u1')).toEqual({ recorded: 1, refused: 0, left: 2 });
    expect((await storage.waiting('u1')).map(({ key }) => key)).toEqual(['key-2', 'key-3']);
    expect(await outbox.flush('u1')).toEqual({ recorded: 2, refused: 0, left: 0 });
    expect(sent).toEqual(['key-1', 'key-2', 'key-2', 'key-3']);
  });

  it('keeps a refused movement for the person and goes on with the next', async () => {
    const storage = new MemoryOutboxStorage();
    for (const n of [1, 2]) await storage.add(movement(n));
    const { sent, send } = server((entry) => (entry.key === 'key-1' ? refused : { kind: 'recorded' }));
    const outbox = new Outbox(storage, send, () => new Date('2026-12-03T11:00:00Z'));

    expect(await outbox.flush('u1')).toEqual({ recorded: 1, refused: 1, left: 0 });
    expect(sent).toEqual(['key-1', 'key-2']);
    expect(await storage.waiting('u1')).toEqual([]);
    expect(await storage.refusals('u1')).toEqual([
      expect.objectContaining({
        key: 'key-1',
        reason: 'Only 2 in stock',
        problemType: '/problems/insufficient-stock',
        refusedAt: '2026-12-03T11:00:00.000Z',
      }),
    ]);
  });

  it("sends only the signed-in user's movements", async () => {
    const storage = new MemoryOutboxStorage();
    await storage.add(movement(1, 'u1'));
    await storage.add(movement(2, 'u2'));
    const { sent, send } = server();

    await new Outbox(storage, send).flush('u2');

    expect(sent).toEqual(['key-2']);
    expect((await storage.waiting('u1')).map(({ key }) => key)).toEqual(['key-1']);
  });

  it('sends movements added during a run in the same run, after the earlier ones', async () => {
    const storage = new MemoryOutboxStorage();
    await storage.add(movement(1));
    const { sent, send } = server();
    const outbox = new Outbox(storage, async (entry) => {
      if (entry.key === 'key-1') await storage.add(movement(2));
      return send(entry);
    });

    expect(await outbox.flush('u1')).toEqual({ recorded: 2, refused: 0, left: 0 });
    expect(sent).toEqual(['key-1', 'key-2']);
  });

  it('runs once at a time: a second flush during a run shares it', async () => {
    const storage = new MemoryOutboxStorage();
    await storage.add(movement(1));
    const { sent, send } = server();
    const outbox = new Outbox(storage, send);

    const [first, second] = await Promise.all([outbox.flush('u1'), outbox.flush('u1')]);

    expect(first).toBe(second);
    expect(sent).toEqual(['key-1']);
  });

  it('takes back a movement not sent yet, but not the one being sent', async () => {
    const storage = new MemoryOutboxStorage();
    const [one, two] = [await storage.add(movement(1)), await storage.add(movement(2))];
    let cancelledDuringSend: boolean | undefined;
    const { sent, send } = server();
    const outbox = new Outbox(storage, async (entry) => {
      if (entry.key === 'key-1') {
        cancelledDuringSend = await outbox.cancel(one.seq);
        expect(await outbox.cancel(two.seq)).toBe(true);
      }
      return send(entry);
    });

    await outbox.flush('u1');

    expect(cancelledDuringSend).toBe(false);
    expect(sent).toEqual(['key-1']);
    expect(await storage.waiting('u1')).toEqual([]);
  });
});
