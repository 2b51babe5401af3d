import type { ContainerSample, HostSample } from '../../core/api/models';
import { bytes, bytesPerSecond, orDash, percent } from './health-figures';
import type { ChartPoint, ChartSeries } from './resource-chart';

/** One figure of a host or container: its latest value in words and its history as chart lines. */
export interface ResourceFigure {
  readonly key: 'cpu' | 'memory' | 'disk' | 'network';
  readonly title: string;
  readonly now: string;
  readonly series: readonly ChartSeries[];
  readonly format: (value: number) => string;
  readonly max?: number;
}

const BLUE = '#005cbb';
const ORANGE = '#b45309';

type Sample = HostSample | ContainerSample;

const line = <S extends Sample>(samples: readonly S[], label: string, color: string, value: (sample: S) => number | null): ChartSeries => ({
  label,
  color,
  points: samples.map((sample): ChartPoint => ({ x: Date.parse(sample.at), y: value(sample) })),
});

const readWrite = (read: number | null | undefined, write: number | null | undefined, format: (value: number) => string) =>
  `${orDash(read, format)} read, ${orDash(write, format)} written`;

const inOut = (rx: number | null | undefined, tx: number | null | undefined, format: (value: number) => string) =>
  `${orDash(rx, format)} in, ${orDash(tx, format)} out`;

const cpuFigure = (samples: readonly Sample[], max?: number): ResourceFigure => ({
  key: 'cpu',
  title: 'CPU',
  now: orDash(samples.at(-1)?.cpuPercent, percent),
  series: [line(samples, 'CPU', BLUE, (sample) => sample.cpuPercent)],
  format: percent,
  max,
});

const memoryFigure = (samples: readonly Sample[], used: number | undefined, of: number | undefined, max?: number): ResourceFigure => ({
  key: 'memory',
  title: 'Memory',
  now: used === undefined || of === undefined ? '—' : `${bytes(used)} of ${bytes(of)}`,
  series: [line(samples, 'Used', BLUE, (sample) => sample.memoryUsedBytes)],
  format: bytes,
  max,
});

const networkSeries = (samples: readonly Sample[]): ChartSeries[] => [
  line(samples, 'In', BLUE, (sample) => sample.networkRxBytesPerSecond),
  line(samples, 'Out', ORANGE, (sample) => sample.networkTxBytesPerSecond),
];

/** The host's CPU (all cores together: 100 % is every core busy), memory, disk and network. */
export function hostFigures(samples: readonly HostSample[]): ResourceFigure[] {
  const latest = samples.at(-1);
  return [
    cpuFigure(samples, 100),
    memoryFigure(samples, latest?.memoryUsedBytes, latest?.memoryTotalBytes, latest?.memoryTotalBytes),
    {
      key: 'disk',
      title: 'Disk I/O',
      now: readWrite(latest?.diskReadBytesPerSecond, latest?.diskWriteBytesPerSecond, bytesPerSecond),
      series: [
        line(samples, 'Read', BLUE, (sample) => sample.diskReadBytesPerSecond),
        line(samples, 'Written', ORANGE, (sample) => sample.diskWriteBytesPerSecond),
      ],
      format: bytesPerSecond,
    },
    {
      key: 'network',
      title: 'Network I/O',
      now: inOut(latest?.networkRxBytesPerSecond, latest?.networkTxBytesPerSecond, bytesPerSecond),
      series: networkSeries(samples),
      format: bytesPerSecond,
    },
  ];
}

function containerNetwork(latest: ContainerSample | undefined): string {
  if (!latest) return '—';
  if (latest.networkRxBytes === null) return 'no network interface';
  return `${inOut(latest.networkRxBytes, latest.networkTxBytes, bytes)}; ${inOut(latest.networkRxBytesPerSecond, latest.networkTxBytesPerSecond, bytesPerSecond)}`;
}

/** A container's figures as `docker stats` shows them (one busy core is 100 %), with their rates drawn over time. */
export function containerFigures(samples: readonly ContainerSample[]): ResourceFigure[] {
  const latest = samples.at(-1);
  return [
    cpuFigure(samples),
    memoryFigure(samples, latest?.memoryUsedBytes, latest?.memoryLimitBytes),
    {
      key: 'disk',
      title: 'Block I/O',
      now: latest
        ? `${readWrite(latest.blockReadBytes, latest.blockWriteBytes, bytes)}; ${readWrite(latest.blockReadBytesPerSecond, latest.blockWriteBytesPerSecond, bytesPerSecond)}`
        : '—',
      series: [
        line(samples, 'Read', BLUE, (sample) => sample.blockReadBytesPerSecond),
        line(samples, 'Written', ORANGE, (sample) => sample.blockWriteBytesPerSecond),
      ],
      format: bytesPerSecond,
    },
    { key: 'network', title: 'Network I/O', now: containerNetwork(latest), series: networkSeries(samples), format: bytesPerSecond },
  ];
}
