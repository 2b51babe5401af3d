/**
 * The host's counters as Linux reports them in /proc, parsed from the files' text. Counters are
 * cumulative since boot; two readings give a rate (host-sample.ts).
 */

/** Jiffies since boot: all of them, and those the CPUs spent idle or waiting for I/O. */
export interface CpuTimes {
  readonly total: number;
  readonly idle: number;
}

export interface MemoryReading {
  readonly totalBytes: number;
  /** What the kernel could hand out without swapping: free memory plus reclaimable caches. */
  readonly availableBytes: number;
}

export interface ByteCounters {
  readonly readBytes: number;
  readonly writeBytes: number;
}

export interface NetworkCounters {
  readonly rxBytes: number;
  readonly txBytes: number;
}

// /proc/diskstats counts 512-byte sectors whatever the device's own sector size.
const SECTOR_BYTES = 512;

/**
 * Devices whose traffic is already counted on the disks beneath them or that are no disks at all:
 * partitions, device-mapper and md volumes, loop, RAM and optical devices.
 */
const NOT_A_WHOLE_DISK = [/^(loop|ram|zram|sr|fd|dm-|md)\d*/, /^(sd|vd|xvd|hd)[a-z]+\d+$/, /^(nvme\d+n\d+|mmcblk\d+)p\d+$/];

/**
 * Interfaces whose traffic never leaves the host or is counted again on the physical interface:
 * loopback, traffic-shaping mirrors (ifb), and the virtual ends and bridges of containers and VMs.
 */
const NOT_AN_OUTSIDE_INTERFACE = /^(lo|ifb|veth|docker|br-|virbr|cni|flannel|cali|vxlan|tun|tap)/;

const numbers = (fields: readonly string[]) => fields.map(Number);

/** The first line of /proc/stat: `cpu user nice system idle iowait irq softirq steal guest guest_nice`. */
export function parseCpuTimes(stat: string): CpuTimes {
  const line = stat.split('\n').find((candidate) => candidate.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no "cpu" line');
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = numbers(
    line.trim().split(/\s+/).slice(1),
  );
  // guest and guest_nice are already inside user and nice.
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait };
}

/** MemTotal and MemAvailable of /proc/meminfo, which it gives in kB (KiB). */
export function parseMemInfo(meminfo: string): MemoryReading {
  const kibibytes = (name: string) => {
    const value = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(meminfo)?.[1];
    if (value === undefined) throw new Error(`/proc/meminfo has no ${name}`);
    return Number(value) * 1024;
  };
  return { totalBytes: kibibytes('MemTotal'), availableBytes: kibibytes('MemAvailable') };
}

/** Bytes read and written by the whole disks of /proc/diskstats (`major minor name reads merged sectorsRead ms writes merged sectorsWritten ...`). */
export function parseDiskStats(diskstats: string): ByteCounters {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of diskstats.split('\n')) {
    const [, , name, , , sectorsRead, , , , sectorsWritten] = line.trim().split(/\s+/);
    if (!name || sectorsWritten === undefined || NOT_A_WHOLE_DISK.some((pattern) => pattern.test(name))) continue;
    readBytes += Number(sectorsRead) * SECTOR_BYTES;
    writeBytes += Number(sectorsWritten) * SECTOR_BYTES;
  }
  return { readBytes, writeBytes };
}

/** Bytes received and sent by the outside interfaces of /proc/net/dev (`name: rxBytes packets errs drop fifo frame compressed multicast txBytes ...`). */
export function parseNetDev(netdev: string): NetworkCounters {
  let rxBytes = 0;
  let txBytes = 0;
  for (const line of netdev.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const [rx, , , , , , , , tx] = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (tx === undefined || NOT_AN_OUTSIDE_INTERFACE.test(name)) continue;
    rxBytes += Number(rx);
    txBytes += Number(tx);
  }
  return { rxBytes, txBytes };
}
