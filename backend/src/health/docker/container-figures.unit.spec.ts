import { containerFigures, type ContainerStats } from './container-figures';

// `GET /containers/{id}/stats?stream=false` of a busybox container spinning a shell loop (cgroup v1, no network), trimmed.
const SPINNING: ContainerStats = {
  read: '2026-12-03T08:03:15.982502447Z',
  blkio_stats: { io_service_bytes_recursive: [] },
  cpu_stats: {
    cpu_usage: { total_usage: 3066584064, percpu_usage: [3054737767, 11846297] },
    system_cpu_usage: 22044030000000,
    online_cpus: 2,
  },
  precpu_stats: {
    cpu_usage: { total_usage: 2064133173, percpu_usage: [2052286876, 11846297] },
    system_cpu_usage: 22042020000000,
    online_cpus: 2,
  },
  memory_stats: {
    usage: 589824,
    limit: 25275990016,
    stats: { total_inactive_file: 0, total_rss: 57344, inactive_anon: 53248 },
  },
};

describe('containerFigures', () => {
  it("computes CPU % as `docker stats` does: the container's share of the system's time since the previous reading, times the CPUs", () => {
    const cpuDelta = 3066584064 - 2064133173;
    const systemDelta = 22044030000000 - 22042020000000;
    expect(containerFigures(SPINNING).cpuPercent).toBeCloseTo((cpuDelta / systemDelta) * 2 * 100, 6);
    expect(containerFigures(SPINNING).cpuPercent).toBeCloseTo(99.73, 1);
  });

  it('has no CPU % without a previous reading (the first of a stream) and 0 % when the container used none', () => {
    expect(containerFigures({ ...SPINNING, precpu_stats: { cpu_usage: { total_usage: 0 } } }).cpuPercent).toBeNull();
    expect(containerFigures({ ...SPINNING, precpu_stats: SPINNING.cpu_stats }).cpuPercent).toBeNull();
    const idle = { ...SPINNING.cpu_stats, system_cpu_usage: 22046030000000 };
    expect(containerFigures({ ...SPINNING, cpu_stats: idle, precpu_stats: SPINNING.cpu_stats }).cpuPercent).toBe(0);
  });

  it('counts the per-CPU readings when the engine does not say how many CPUs are online', () => {
    const withoutOnline = { ...SPINNING, cpu_stats: { ...SPINNING.cpu_stats, online_cpus: 0 } };
    expect(containerFigures(withoutOnline).cpuPercent).toBeCloseTo(containerFigures(SPINNING).cpuPercent ?? Number.NaN, 6);
  });

  it('gives memory used less the inactive file cache (cgroup v1 and v2 names) and the limit', () => {
    expect(containerFigures(SPINNING)).toMatchObject({ memoryUsedBytes: 589824, memoryLimitBytes: 25275990016 });
    const v1 = { ...SPINNING, memory_stats: { usage: 10_000_000, limit: 50_000_000, stats: { total_inactive_file: 4_000_000 } } };
    const v2 = { ...SPINNING, memory_stats: { usage: 10_000_000, limit: 50_000_000, stats: { inactive_file: 3_000_000 } } };
    expect(containerFigures(v1).memoryUsedBytes).toBe(6_000_000);
    expect(containerFigures(v2).memoryUsedBytes).toBe(7_000_000);
  });

  it('sums block I/O reads and writes over devices, whichever case the cgroup version spells them in', () => {
    const blkio = {
      io_service_bytes_recursive: [
        { major: 254, minor: 0, op: 'Read', value: 4096 },
        { major: 254, minor: 0, op: 'Write', value: 8192 },
        { major: 254, minor: 0, op: 'Total', value: 12288 },
        { major: 254, minor: 16, op: 'read', value: 100 },
        { major: 254, minor: 16, op: 'write', value: 200 },
      ],
    };
    expect(containerFigures({ ...SPINNING, blkio_stats: blkio })).toMatchObject({ blockReadBytes: 4196, blockWriteBytes: 8392 });
    expect(containerFigures({ ...SPINNING, blkio_stats: { io_service_bytes_recursive: null } })).toMatchObject({
      blockReadBytes: 0,
      blockWriteBytes: 0,
    });
  });

  it('sums network bytes over interfaces, and has none for a container without a network', () => {
    const networks = { eth0: { rx_bytes: 1096, tx_bytes: 0 }, eth1: { rx_bytes: 4, tx_bytes: 70 } };
    expect(containerFigures({ ...SPINNING, networks })).toMatchObject({ networkRxBytes: 1100, networkTxBytes: 70 });
    expect(containerFigures(SPINNING)).toMatchObject({ networkRxBytes: null, networkTxBytes: null });
  });
});
