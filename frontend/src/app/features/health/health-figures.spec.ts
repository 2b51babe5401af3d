import type { ProjectionLag } from '../../core/api/models';
import { bytes, bytesPerSecond, countsBy, duration, megabytes, mostBehind, orDash, percent } from './health-figures';

const lag = (name: string, behind: number): ProjectionLag => ({
  name,
  position: 10,
  behind,
  updatedAt: '2026-11-30T10:00:00Z',
  behindSince: null,
  lagging: false,
});

describe('health figures', () => {
  it('says how long a process has been up in the two largest units', () => {
    expect(duration(42.7)).toBe('42 s');
    expect(duration(125)).toBe('2 min 5 s');
    expect(duration(3 * 3600 + 61)).toBe('3 h 1 min');
    expect(duration(2 * 86_400 + 5 * 3600)).toBe('2 d 5 h');
  });

  it('shows bytes as megabytes', () => {
    expect(megabytes(141_946_880)).toBe('135.4 MB');
  });

  it('finds the projection furthest behind', () => {
    expect(mostBehind([lag('items', 3), lag('history', 40), lag('users', 0)])?.name).toBe('history');
    expect(mostBehind([])).toBeUndefined();
  });

  it('sums counted figures by one label, largest first', () => {
    const commands = [
      { labels: { type: 'RecordStockMovement', outcome: 'ok' }, count: 5 },
      { labels: { type: 'CreateItem', outcome: 'ok' }, count: 2 },
      { labels: { type: 'RecordStockMovement', outcome: 'insufficient-stock' }, count: 1 },
    ];
    expect(countsBy(commands, 'outcome')).toEqual([
      ['ok', 7],
      ['insufficient-stock', 1],
    ]);
  });

  it('gives bytes in the largest binary unit that keeps them at 1 or more', () => {
    expect(bytes(0)).toBe('0 B');
    expect(bytes(1023)).toBe('1023 B');
    expect(bytes(1536)).toBe('1.5 KiB');
    expect(bytes(24683584 * 1024)).toBe('23.5 GiB');
    expect(bytesPerSecond(2_097_152)).toBe('2.0 MiB/s');
    expect(percent(99.734)).toBe('99.7 %');
  });

  it('shows a figure not yet known as a dash, never as zero', () => {
    expect(orDash(null, percent)).toBe('—');
    expect(orDash(undefined, bytes)).toBe('—');
    expect(orDash(0, percent)).toBe('0.0 %');
  });
});
