import {
  appendedOutcome,
  asMultiStream,
  asSingleStream,
  idempotencyRecords,
  malformation,
  plannedRows,
  StreamPositions,
  streamsInConflict,
} from './append-plan';
import type { MultiStreamAppendRequest, StreamAppend } from './append-request';

const append = (streamId: string, expectedVersion: number, ...types: string[]): StreamAppend => ({
  streamId,
  expectedVersion,
  events: types.map((type) => ({ type, data: {} })),
});
const record = (key: string) => ({ scope: 'u', key, requestHash: key, result: null });

describe('the order rows are inserted in', () => {
  it('is by stream, then version, whatever order the requests name their streams in', () => {
    const rows = plannedRows([
      { streams: [append('b', 3, 'B4', 'B5'), append('a', 0, 'A1')] },
      { streams: [append('c', 1, 'C2')] },
      { streams: [append('a', 1, 'A2'), append('b', 5, 'B6')] },
    ]);
    expect(rows.map((row) => [row.streamId, row.version, row.event.type, row.request])).toEqual([
      ['a', 1, 'A1', 0],
      ['a', 2, 'A2', 2],
      ['b', 4, 'B4', 0],
      ['b', 5, 'B5', 0],
      ['b', 6, 'B6', 2],
      ['c', 2, 'C2', 1],
    ]);
  });

  it('is the same for two requests touching the same streams in opposite orders', () => {
    const forth = plannedRows([{ streams: [append('x', 4, 'Out'), append('y', 7, 'In')] }]);
    const back = plannedRows([{ streams: [append('y', 7, 'In'), append('x', 4, 'Out')] }]);
    expect(back).toEqual(forth);
  });

  it('claims idempotency keys in key order', () => {
    const requests = ['k2', 'k1', 'k3'].map((key) => ({ streams: [append(key, 0, 'A')], idempotency: record(key) }));
    expect(idempotencyRecords([...requests, { streams: [append('none', 0, 'A')] }]).map(({ key }) => key)).toEqual(['k1', 'k2', 'k3']);
  });
});

describe('a request the store refuses to take', () => {
  it.each<[string, MultiStreamAppendRequest, string]>([
    ['no stream', { streams: [] }, 'it names no stream'],
    ['one stream twice', { streams: [append('a', 0, 'X'), append('b', 0, 'Y'), append('a', 1, 'Z')] }, 'stream a appears twice'],
    ['a negative version', { streams: [append('a', -1, 'X')] }, 'stream a expects version -1'],
    ['a fractional version', { streams: [append('a', 1.5, 'X')] }, 'stream a expects version 1.5'],
  ])('names %s', (_name, request, reason) => {
    expect(malformation(request)).toBe(reason);
  });

  it('takes distinct streams at whole versions', () => {
    expect(malformation({ streams: [append('a', 0, 'X'), append('b', 3)] })).toBeUndefined();
  });
});

describe('the answer to an appended request', () => {
  it('gives each stream its next version and positions, in the request order', () => {
    const request = { streams: [append('b', 2, 'B3', 'B4'), append('a', 0, 'A1')] };
    const positions = new StreamPositions([
      ['a', 1, 10],
      ['b', 3, 11],
      ['b', 4, 12],
    ]);
    expect(appendedOutcome(request, positions)).toEqual({
      status: 'appended',
      streams: [
        { streamId: 'b', nextVersion: 4, positions: [11, 12] },
        { streamId: 'a', nextVersion: 1, positions: [10] },
      ],
    });
  });

  it('fails rather than answer a position it was not given', () => {
    expect(() => appendedOutcome({ streams: [append('a', 0, 'A1', 'A2')] }, new StreamPositions([['a', 1, 1]]))).toThrow(
      'a version 2 is missing',
    );
  });

  it('is the single-stream answer for a single append, which goes as the one-stream case', () => {
    const single = { ...append('a', 0, 'A1'), idempotency: record('k') };
    expect(asMultiStream(single)).toEqual({ streams: [append('a', 0, 'A1')], idempotency: record('k') });
    expect(asMultiStream(append('a', 0, 'A1'))).toEqual({ streams: [append('a', 0, 'A1')] });
    expect(asSingleStream({ status: 'appended', streams: [{ streamId: 'a', nextVersion: 1, positions: [7] }] })).toEqual({
      status: 'appended',
      nextVersion: 1,
      positions: [7],
    });
    expect(asSingleStream({ status: 'replayed', result: 'first' })).toEqual({ status: 'replayed', result: 'first' });
  });
});

describe('the streams a version conflict names', () => {
  const request = { streams: [append('a', 2, 'X'), append('b', 0, 'Y'), append('c', 5, 'Z')] };

  it('are those whose head is no longer the version expected, taken or behind', () => {
    expect(
      streamsInConflict(
        request,
        new Map([
          ['a', 2],
          ['b', 1],
          ['c', 4],
        ]),
      ),
    ).toEqual([
      { streamId: 'b', expectedVersion: 0 },
      { streamId: 'c', expectedVersion: 5 },
    ]);
  });

  it('are all of them when none has moved', () => {
    expect(
      streamsInConflict(
        request,
        new Map([
          ['a', 2],
          ['c', 5],
        ]),
      ).map(({ streamId }) => streamId),
    ).toEqual(['a', 'b', 'c']);
  });
});
