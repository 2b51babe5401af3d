import type { ContainerSample, HostSample } from '../../core/api/models';
import { containerFigures, hostFigures } from './resource-figures';

const MIB = 1024 ** 2;

const hostAt = (at: string, cpuPercent: number | null, rate: number | null): HostSample => ({
  at,
  cpuPercent,
  memoryUsedBytes: 512 * MIB,
  memoryTotalBytes: 2048 * MIB,
  diskReadBytesPerSecond: rate,
  diskWriteBytesPerSecond: rate,
  networkRxBytesPerSecond: rate,
  networkTxBytesPerSecond: rate === null ? null : rate * 2,
});

const containerAt = (at: string, network: number | null): ContainerSample => ({
  at,
  cpuPercent: 150.5,
  memoryUsedBytes: 64 * MIB,
  memoryLimitBytes: 1024 * MIB,
  blockReadBytes: 4 * MIB,
  blockWriteBytes: 0,
  blockReadBytesPerSecond: 1024,
  blockWriteBytesPerSecond: 0,
  networkRxBytes: network,
  networkTxBytes: network,
  networkRxBytesPerSecond: network === null ? null : 10,
  networkTxBytesPerSecond: network === null ? null : 20,
});

describe('hostFigures', () => {
  it("gives the latest value of each figure and its history as chart lines, CPU capped at 100 % and memory at the host's", () => {
    const figures = hostFigures([hostAt('2026-12-03T08:00:00Z', null, null), hostAt('2026-12-03T08:00:10Z', 42.25, 2048)]);
    expect(figures.map(({ key, now }) => [key, now])).toEqual([
      ['cpu', '42.3 %'],
      ['memory', '512.0 MiB of 2.0 GiB'],
      ['disk', '2.0 KiB/s read, 2.0 KiB/s written'],
      ['network', '2.0 KiB/s in, 4.0 KiB/s out'],
    ]);
    expect(figures[0]?.max).toBe(100);
    expect(figures[1]?.max).toBe(2048 * MIB);
    expect(figures[0]?.series[0]?.points).toEqual([
      { x: Date.parse('2026-12-03T08:00:00Z'), y: null },
      { x: Date.parse('2026-12-03T08:00:10Z'), y: 42.25 },
    ]);
    expect(figures[3]?.series.map((series) => series.label)).toEqual(['In', 'Out']);
  });

  it('shows dashes, not zeros, for rates the first sample cannot know', () => {
    const figures = hostFigures([hostAt('2026-12-03T08:00:00Z', null, null)]);
    expect(figures.map((figure) => figure.now)).toEqual(['—', '512.0 MiB of 2.0 GiB', '— read, — written', '— in, — out']);
  });
});

describe('containerFigures', () => {
  it('gives CPU beyond 100 % for more than one busy core, the totals and rates of block and network I/O', () => {
    const figures = containerFigures([containerAt('2026-12-03T08:00:00Z', 5000)]);
    expect(figures.map(({ key, now }) => [key, now])).toEqual([
      ['cpu', '150.5 %'],
      ['memory', '64.0 MiB of 1.0 GiB'],
      ['disk', '4.0 MiB read, 0 B written; 1.0 KiB/s read, 0 B/s written'],
      ['network', '4.9 KiB in, 4.9 KiB out; 10 B/s in, 20 B/s out'],
    ]);
    expect(figures[0]?.max).toBeUndefined();
  });

  it('says a container without a network interface has none', () => {
    expect(containerFigures([containerAt('2026-12-03T08:00:00Z', null)])[3]?.now).toBe('no network interface');
  });
});
