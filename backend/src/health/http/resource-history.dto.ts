import { ApiProperty } from '@nestjs/swagger';
import type { ContainerSample, HostSample } from '../resources/resource-samples';
import type { ContainerHistory, ResourceHistory } from '../resources/resource-sampler';

const BYTES = { type: 'integer' } as const;
const RATE = { type: 'integer', nullable: true, description: 'Bytes per second since the previous sample; null on the first' } as const;
const CPU_PERCENT = { type: Number, nullable: true } as const;

class HostSampleDto implements HostSample {
  @ApiProperty({ format: 'date-time' })
  readonly at!: string;

  @ApiProperty({ ...CPU_PERCENT, description: 'All CPUs together (100 = every core busy) since the previous sample; null on the first' })
  readonly cpuPercent!: number | null;

  @ApiProperty({ ...BYTES, description: 'MemTotal less MemAvailable' })
  readonly memoryUsedBytes!: number;

  @ApiProperty(BYTES)
  readonly memoryTotalBytes!: number;

  @ApiProperty({ ...RATE, description: 'Read from the whole disks; null on the first sample' })
  readonly diskReadBytesPerSecond!: number | null;

  @ApiProperty(RATE)
  readonly diskWriteBytesPerSecond!: number | null;

  @ApiProperty({ ...RATE, description: 'Received on every interface but loopback and container bridges; null on the first sample' })
  readonly networkRxBytesPerSecond!: number | null;

  @ApiProperty(RATE)
  readonly networkTxBytesPerSecond!: number | null;
}

class ContainerSampleDto implements ContainerSample {
  @ApiProperty({ format: 'date-time' })
  readonly at!: string;

  @ApiProperty({ ...CPU_PERCENT, description: 'As `docker stats` shows it: one busy core is 100' })
  readonly cpuPercent!: number | null;

  @ApiProperty({ ...BYTES, description: 'Usage less the inactive file cache, as `docker stats` shows it' })
  readonly memoryUsedBytes!: number;

  @ApiProperty({ ...BYTES, description: "The container's limit, or the host's memory without one" })
  readonly memoryLimitBytes!: number;

  @ApiProperty({ ...BYTES, description: 'Since the container started' })
  readonly blockReadBytes!: number;

  @ApiProperty({ ...BYTES, description: 'Since the container started' })
  readonly blockWriteBytes!: number;

  @ApiProperty(RATE)
  readonly blockReadBytesPerSecond!: number | null;

  @ApiProperty(RATE)
  readonly blockWriteBytesPerSecond!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Since the container started; null without a network interface' })
  readonly networkRxBytes!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Since the container started; null without a network interface' })
  readonly networkTxBytes!: number | null;

  @ApiProperty(RATE)
  readonly networkRxBytesPerSecond!: number | null;

  @ApiProperty(RATE)
  readonly networkTxBytesPerSecond!: number | null;
}

class HostHistoryDto {
  @ApiProperty({ description: 'False when the latest reading of /proc failed; `reason` says why' })
  readonly available!: boolean;

  @ApiProperty({ type: String, nullable: true })
  readonly reason!: string | null;

  @ApiProperty({ type: [HostSampleDto], description: 'Oldest first' })
  readonly samples!: readonly HostSampleDto[];
}

class ContainerHistoryDto implements ContainerHistory {
  @ApiProperty()
  readonly id!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The Swarm service whose task the container runs; null for a standalone one' })
  readonly service!: string | null;

  @ApiProperty({ description: 'Running at the latest sampling; a stopped one keeps its history for an hour' })
  readonly running!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Why its latest reading failed' })
  readonly error!: string | null;

  @ApiProperty({ type: [ContainerSampleDto], description: 'Oldest first' })
  readonly samples!: readonly ContainerSampleDto[];
}

class ContainersHistoryDto {
  @ApiProperty({ description: 'False when the latest sampling could not reach the Docker engine; `reason` says why' })
  readonly available!: boolean;

  @ApiProperty({ type: String, nullable: true })
  readonly reason!: string | null;

  @ApiProperty({ type: [ContainerHistoryDto], description: "The stack's containers on this API's engine, by name" })
  readonly items!: readonly ContainerHistoryDto[];
}

export class ResourceHistoryDto implements ResourceHistory {
  @ApiProperty({ type: 'integer' })
  readonly sampledEverySeconds!: number;

  @ApiProperty({ type: 'integer', description: 'How far back the samples reach at most' })
  readonly historySeconds!: number;

  @ApiProperty({ type: HostHistoryDto })
  readonly host!: HostHistoryDto;

  @ApiProperty({ type: ContainersHistoryDto })
  readonly containers!: ContainersHistoryDto;
}
