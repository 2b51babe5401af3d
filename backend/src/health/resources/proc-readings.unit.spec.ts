import { parseCpuTimes, parseDiskStats, parseMemInfo, parseNetDev } from './proc-readings';

// Captured on the CI's VM (virtio disk, a Docker engine running); the sda, nvme and dm lines, in the kernel's format, add
// the partitions and volumes that VM lacks, and wlan0 a second outside interface.
const STAT = `cpu  1164664 6920 178865 879400 7644 0 8062 589 0 0
cpu0 570883 3284 87844 456417 1842 0 2989 292 0 0
cpu1 593781 3636 91021 422983 5802 0 5073 297 0 0
intr 95372311 0 9 0 0 0 0 0 0 0 0
ctxt 181543727
btime 1764737000
`;

const MEMINFO = `MemTotal:       24683584 kB
MemFree:        22031036 kB
MemAvailable:   22929188 kB
Buffers:           43292 kB
Cached:           578100 kB
SwapTotal:             0 kB
`;

const DISKSTATS = `   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
   7       1 loop1 12 0 40 3 0 0 0 0 0 8 3 0 0 0 0 0 0
 254       0 vda 863416 112093 20902274 288428 1521811 1345869 88656592 993405 0 240888 1464938 955967 6854 71252248 124434 771020 58669
 253       0 zram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
   8       0 sda 2001 300 96000 1200 500 80 40000 900 0 1500 2100 0 0 0 0 0 0
   8       1 sda1 1900 290 90000 1100 480 78 38000 850 0 1400 1950 0 0 0 0 0 0
 259       0 nvme0n1 100 0 2000 10 50 0 1000 5 0 20 15 0 0 0 0 0 0
 259       1 nvme0n1p1 90 0 1800 9 45 0 900 4 0 18 13 0 0 0 0 0 0
 252       0 dm-0 800 0 30000 500 400 0 20000 600 0 900 1100 0 0 0 0 0 0
`;

const NETDEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 4940875994 5644074    0    0    0     0          0         0 4940875994 5644074    0    0    0     0       0          0
  ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
  ifb1:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
  eth0: 2646865766   83214    0    0    0     0          0         0 10173656   66686    0    0    0     0       0          0
docker_gwbridge:       0       0    0    0    0     0          0         0     1680      16    0    1    0     0       0          0
vethbddf1f4:       0       0    0    0    0     0          0         0     1086      13    0    0    0     0       0          0
  wlan0:    5000      40    0    0    0     0          0         0     3000      30    0    0    0     0       0          0
`;

describe('parseCpuTimes', () => {
  it("sums the first line's user, nice, system, idle, iowait, irq, softirq and steal, and counts idle with iowait", () => {
    expect(parseCpuTimes(STAT)).toEqual({
      total: 1164664 + 6920 + 178865 + 879400 + 7644 + 0 + 8062 + 589,
      idle: 879400 + 7644,
    });
  });

  it('refuses a file without the "cpu" line', () => {
    expect(() => parseCpuTimes('intr 1 2 3\n')).toThrow(/no "cpu" line/);
  });
});

describe('parseMemInfo', () => {
  it('reads MemTotal and MemAvailable in bytes', () => {
    expect(parseMemInfo(MEMINFO)).toEqual({ totalBytes: 24683584 * 1024, availableBytes: 22929188 * 1024 });
  });

  it('refuses a kernel too old to report MemAvailable', () => {
    expect(() => parseMemInfo('MemTotal:       24683584 kB\nMemFree:        22031036 kB\n')).toThrow(/no MemAvailable/);
  });
});

describe('parseDiskStats', () => {
  it('sums the sectors of whole disks only, 512 bytes each: no partitions, loop, zram or device-mapper volumes', () => {
    expect(parseDiskStats(DISKSTATS)).toEqual({
      readBytes: (20902274 + 96000 + 2000) * 512,
      writeBytes: (88656592 + 40000 + 1000) * 512,
    });
  });
});

describe('parseNetDev', () => {
  it('sums the bytes of the outside interfaces: no loopback, ifb mirrors, veths or Docker bridges', () => {
    expect(parseNetDev(NETDEV)).toEqual({ rxBytes: 2646865766 + 5000, txBytes: 10173656 + 3000 });
  });
});
