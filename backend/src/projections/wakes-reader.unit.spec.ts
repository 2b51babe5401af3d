import { changesPayload } from './changes-channel';
import { wakesReaderOf } from './wakes-reader';

const upTo = { transactionId: '7', position: 12 };
const wakes = wakesReaderOf(() => ['projection.items', 'projection.history']);

describe('which changes wake a reader of some projections', () => {
  it('wakes for a batch of a projection it reads', () => {
    expect(wakes(changesPayload({ projection: 'history', upTo, events: 3 }))).toBe(true);
  });

  it('stays asleep for a batch of one it does not read', () => {
    expect(wakes(changesPayload({ projection: 'valuation', upTo, events: 3 }))).toBe(false);
  });

  it('wakes for any rebuild, and for the empty notice of a reconnect', () => {
    expect(wakes(changesPayload({ projection: 'valuation', upTo, events: 0, rebuilt: true }))).toBe(true);
    expect(wakes('')).toBe(true);
  });
});
