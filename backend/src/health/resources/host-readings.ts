import { readFile } from 'node:fs/promises';
import { parseCpuTimes, parseDiskStats, parseMemInfo, parseNetDev } from './proc-readings';
import type { HostReading } from './resource-samples';

const read = (file: string) => readFile(`/proc/${file}`, 'utf8');

/**
 * The host's counters now. In a container /proc/stat, meminfo and diskstats are still the host's,
 * while /proc/net/dev is the container's own network namespace unless it runs with the host's network.
 */
export async function readHost(): Promise<HostReading> {
  const [stat, meminfo, diskstats, netdev] = await Promise.all([read('stat'), read('meminfo'), read('diskstats'), read('net/dev')]);
  return {
    at: Date.now(),
    cpu: parseCpuTimes(stat),
    memory: parseMemInfo(meminfo),
    disk: parseDiskStats(diskstats),
    network: parseNetDev(netdev),
  };
}
