/** The parts of the engine's `GET /containers/{id}/stats?stream=false` answer that `docker stats` reads. */
export interface ContainerStats {
  readonly read?: string;
  readonly cpu_stats?: CpuStats;
  readonly precpu_stats?: CpuStats;
  readonly memory_stats?: {
    readonly usage?: number;
    readonly limit?: number;
    readonly stats?: Readonly<Record<string, number | undefined>>;
  };
  readonly blkio_stats?: { readonly io_service_bytes_recursive?: readonly BlockIoEntry[] | null };
  readonly networks?: Readonly<Record<string, { readonly rx_bytes?: number; readonly tx_bytes?: number }>>;
}

interface CpuStats {
  readonly cpu_usage?: { readonly total_usage?: number; readonly percpu_usage?: readonly number[] };
  readonly system_cpu_usage?: number;
  readonly online_cpus?: number;
}

interface BlockIoEntry {
  readonly op: string;
  readonly value: number;
}

/** A container's counters at one reading; block and network bytes are cumulative since it started. */
export interface ContainerFigures {
  /** Null when the engine gave no earlier CPU reading to compare with. */
  readonly cpuPercent: number | null;
  readonly memoryUsedBytes: number;
  readonly memoryLimitBytes: number;
  readonly blockReadBytes: number;
  readonly blockWriteBytes: number;
  /** Null for a container without a network interface (network mode none or host). */
  readonly networkRxBytes: number | null;
  readonly networkTxBytes: number | null;
}

/**
 * CPU % as `docker stats` shows it: the container's share of the host's CPU time between the
 * engine's previous reading and this one, times the CPUs, so one busy core reads 100 %.
 */
function cpuPercent(stats: ContainerStats): number | null {
  const [now, before] = [stats.cpu_stats, stats.precpu_stats];
  if (now?.system_cpu_usage === undefined || before?.system_cpu_usage === undefined) return null;
  const cpuDelta = (now.cpu_usage?.total_usage ?? 0) - (before.cpu_usage?.total_usage ?? 0);
  const systemDelta = now.system_cpu_usage - before.system_cpu_usage;
  if (systemDelta <= 0) return null;
  const online = now.online_cpus ?? 0;
  const cpus = online > 0 ? online : Math.max(now.cpu_usage?.percpu_usage?.length ?? 0, 1);
  return cpuDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
}

/**
 * Memory as `docker stats` shows it: usage less the inactive file cache, which the kernel reclaims
 * before it would hit the limit (cgroup v1 names it total_inactive_file, v2 inactive_file).
 */
function memoryUsed(memory: ContainerStats['memory_stats']): number {
  const usage = memory?.usage ?? 0;
  const inactive = memory?.stats?.total_inactive_file ?? memory?.stats?.inactive_file ?? 0;
  return inactive < usage ? usage - inactive : usage;
}

/** Cgroup v1 spells the operations "Read"/"Write", v2 "read"/"write". */
function blockBytes(entries: readonly BlockIoEntry[] | null | undefined, op: 'read' | 'write'): number {
  return (entries ?? []).filter((entry) => entry.op.toLowerCase() === op).reduce((sum, entry) => sum + entry.value, 0);
}

export function containerFigures(stats: ContainerStats): ContainerFigures {
  const interfaces = Object.values(stats.networks ?? {});
  const sum = (field: 'rx_bytes' | 'tx_bytes') =>
    interfaces.length === 0 ? null : interfaces.reduce((total, counters) => total + (counters[field] ?? 0), 0);
  const blocks = stats.blkio_stats?.io_service_bytes_recursive;
  return {
    cpuPercent: cpuPercent(stats),
    memoryUsedBytes: memoryUsed(stats.memory_stats),
    memoryLimitBytes: stats.memory_stats?.limit ?? 0,
    blockReadBytes: blockBytes(blocks, 'read'),
    blockWriteBytes: blockBytes(blocks, 'write'),
    networkRxBytes: sum('rx_bytes'),
    networkTxBytes: sum('tx_bytes'),
  };
}
