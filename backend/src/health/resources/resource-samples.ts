import type { ContainerFigures } from '../docker/container-figures';
import type { ByteCounters, CpuTimes, MemoryReading, NetworkCounters } from './proc-readings';

/** The host's counters at one moment (`at`, ms since the epoch), as read from /proc. */
export interface HostReading {
  readonly at: number;
  readonly cpu: CpuTimes;
  readonly memory: MemoryReading;
  readonly disk: ByteCounters;
  readonly network: NetworkCounters;
}

/** One point of the host's history; a rate is null on the first sample, which has nothing to compare with. */
export interface HostSample {
  readonly at: string;
  /** All CPUs together: 100 means every core busy. */
  readonly cpuPercent: number | null;
  readonly memoryUsedBytes: number;
  readonly memoryTotalBytes: number;
  readonly diskReadBytesPerSecond: number | null;
  readonly diskWriteBytesPerSecond: number | null;
  readonly networkRxBytesPerSecond: number | null;
  readonly networkTxBytesPerSecond: number | null;
}

export interface ContainerReading {
  readonly at: number;
  readonly figures: ContainerFigures;
}

/** One point of a container's history: `docker stats`' figures, its cumulative bytes and their rates since the previous sample. */
export interface ContainerSample extends ContainerFigures {
  readonly at: string;
  readonly blockReadBytesPerSecond: number | null;
  readonly blockWriteBytesPerSecond: number | null;
  readonly networkRxBytesPerSecond: number | null;
  readonly networkTxBytesPerSecond: number | null;
}

const percent = (value: number) => Math.round(value * 100) / 100;

/** Bytes per second between two readings of a counter; null without an earlier one, or when it went backwards (a restart). */
export function perSecond(current: number | null, previous: number | null | undefined, seconds: number): number | null {
  if (current === null || previous === null || previous === undefined || seconds <= 0 || current < previous) return null;
  return Math.round((current - previous) / seconds);
}

function hostCpuPercent(current: CpuTimes, previous: CpuTimes | undefined): number | null {
  const total = previous ? current.total - previous.total : 0;
  if (!previous || total <= 0) return null;
  return percent(((total - (current.idle - previous.idle)) / total) * 100);
}

export function hostSample(current: HostReading, previous: HostReading | undefined): HostSample {
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  return {
    at: new Date(current.at).toISOString(),
    cpuPercent: hostCpuPercent(current.cpu, previous?.cpu),
    memoryUsedBytes: current.memory.totalBytes - current.memory.availableBytes,
    memoryTotalBytes: current.memory.totalBytes,
    diskReadBytesPerSecond: perSecond(current.disk.readBytes, previous?.disk.readBytes, seconds),
    diskWriteBytesPerSecond: perSecond(current.disk.writeBytes, previous?.disk.writeBytes, seconds),
    networkRxBytesPerSecond: perSecond(current.network.rxBytes, previous?.network.rxBytes, seconds),
    networkTxBytesPerSecond: perSecond(current.network.txBytes, previous?.network.txBytes, seconds),
  };
}

export function containerSample(current: ContainerReading, previous: ContainerReading | undefined): ContainerSample {
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  const [now, before] = [current.figures, previous?.figures];
  return {
    at: new Date(current.at).toISOString(),
    ...now,
    cpuPercent: now.cpuPercent === null ? null : percent(now.cpuPercent),
    blockReadBytesPerSecond: perSecond(now.blockReadBytes, before?.blockReadBytes, seconds),
    blockWriteBytesPerSecond: perSecond(now.blockWriteBytes, before?.blockWriteBytes, seconds),
    networkRxBytesPerSecond: perSecond(now.networkRxBytes, before?.networkRxBytes, seconds),
    networkTxBytesPerSecond: perSecond(now.networkTxBytes, before?.networkTxBytes, seconds),
  };
}
