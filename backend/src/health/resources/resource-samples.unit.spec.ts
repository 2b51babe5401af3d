import type { ContainerFigures } from '../docker/container-figures';
import { containerSample, hostSample, perSecond, type HostReading } from './resource-samples';

const GIB = 1024 ** 3;
const T0 = Date.parse('2026-12-03T08:00:00Z');

const host = (at: number, counters: { busy: number; idle: number; diskRead: number; rx: number }): HostReading => ({
  at,
  cpu: { total: counters.busy + counters.idle, idle: counters.idle },
  memory: { totalBytes: 8 * GIB, availableBytes: 6 * GIB },
  disk: { readBytes: counters.diskRead, writeBytes: 1000 },
  network: { rxBytes: counters.rx, txBytes: 500 },
});

const figures = (overrides: Partial<ContainerFigures>): ContainerFigures => ({
  cpuPercent: 12.3456,
  memoryUsedBytes: 50_000_000,
  memoryLimitBytes: 8 * GIB,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  networkRxBytes: null,
  networkTxBytes: null,
  ...overrides,
});

describe('perSecond', () => {
  it('divides the growth of a counter by the seconds between readings', () => {
    expect(perSecond(25_000, 5_000, 10)).toBe(2_000);
  });

  it('has no rate without an earlier reading, a counter, elapsed time, or when the counter went back (a restart)', () => {
    expect(perSecond(25_000, undefined, 10)).toBeNull();
    expect(perSecond(null, null, 10)).toBeNull();
    expect(perSecond(25_000, 5_000, 0)).toBeNull();
    expect(perSecond(5_000, 25_000, 10)).toBeNull();
  });
});

describe('hostSample', () => {
  it('gives the CPU busy share, memory used and the disk and network rates since the previous reading', () => {
    const before = host(T0, { busy: 1000, idle: 3000, diskRead: 1_000_000, rx: 10_000 });
    const after = host(T0 + 10_000, { busy: 1300, idle: 3100, diskRead: 1_512_000, rx: 30_000 });
    expect(hostSample(after, before)).toEqual({
      at: '2026-12-03T08:00:10.000Z',
      cpuPercent: 75,
      memoryUsedBytes: 2 * GIB,
      memoryTotalBytes: 8 * GIB,
      diskReadBytesPerSecond: 51_200,
      diskWriteBytesPerSecond: 0,
      networkRxBytesPerSecond: 2_000,
      networkTxBytesPerSecond: 0,
    });
  });

  it('has memory but no CPU share or rates on the first sample', () => {
    expect(hostSample(host(T0, { busy: 1000, idle: 3000, diskRead: 0, rx: 0 }), undefined)).toMatchObject({
      cpuPercent: null,
      memoryUsedBytes: 2 * GIB,
      diskReadBytesPerSecond: null,
      networkTxBytesPerSecond: null,
    });
  });
});

describe('containerSample', () => {
  it("keeps the engine's figures with CPU % to two decimals and adds the block and network rates", () => {
    const before = { at: T0, figures: figures({ blockReadBytes: 4096, networkRxBytes: 1000, networkTxBytes: 100 }) };
    const after = {
      at: T0 + 2_000,
      figures: figures({ blockReadBytes: 8192, blockWriteBytes: 2048, networkRxBytes: 3000, networkTxBytes: 100 }),
    };
    expect(containerSample(after, before)).toEqual({
      at: '2026-12-03T08:00:02.000Z',
      cpuPercent: 12.35,
      memoryUsedBytes: 50_000_000,
      memoryLimitBytes: 8 * GIB,
      blockReadBytes: 8192,
      blockWriteBytes: 2048,
      blockReadBytesPerSecond: 2048,
      blockWriteBytesPerSecond: 1024,
      networkRxBytes: 3000,
      networkTxBytes: 100,
      networkRxBytesPerSecond: 1000,
      networkTxBytesPerSecond: 0,
    });
  });

  it('has no network rates for a container without a network, nor any rate on its first sample', () => {
    const first = containerSample({ at: T0, figures: figures({}) }, undefined);
    expect(first).toMatchObject({ blockReadBytesPerSecond: null, networkRxBytes: null, networkRxBytesPerSecond: null });
    const second = containerSample({ at: T0 + 1000, figures: figures({}) }, { at: T0, figures: figures({}) });
    expect(second).toMatchObject({ blockReadBytesPerSecond: 0, networkRxBytesPerSecond: null });
  });
});
