import { ApiProperty } from '@nestjs/swagger';
import type { CountedFigure, HttpRouteFigure } from '../../metrics';
import type {
  DockerServicesReport,
  DockerUnavailable,
  StackContainer,
  StackLogs,
  SwarmService,
  SwarmTask,
} from '../docker/docker-services';
import type { LogLine, LogStream } from '../docker/log-lines';
import type { JsonShape } from '../../web';
import type { LagBound, ProjectionLag } from '../lag-watch';
import type { DatabaseFigures, EventStoreFigures, SystemReport } from '../system-report';

const INTEGER = { type: 'integer' } as const;
const NULLABLE_TEXT = { type: String, nullable: true } as const;
const NULLABLE_TIME = { type: String, format: 'date-time', nullable: true } as const;

export class HealthAnswerDto {
  @ApiProperty({ enum: ['ok'] })
  readonly status!: 'ok';

  @ApiProperty({ type: 'object', additionalProperties: true, description: "Each check's state: `database`, `listener`, `projectors`" })
  readonly checks!: Record<string, unknown>;
}

class MemoryFiguresDto {
  @ApiProperty(INTEGER)
  readonly rssBytes!: number;

  @ApiProperty(INTEGER)
  readonly heapUsedBytes!: number;

  @ApiProperty(INTEGER)
  readonly heapTotalBytes!: number;
}

class EventLoopFiguresDto {
  @ApiProperty({ description: 'Since the previous reading (a scrape or a dashboard request)' })
  readonly meanSeconds!: number;

  @ApiProperty()
  readonly p99Seconds!: number;

  @ApiProperty()
  readonly maxSeconds!: number;
}

class ProcessFiguresDto {
  @ApiProperty(INTEGER)
  readonly pid!: number;

  @ApiProperty()
  readonly nodeVersion!: string;

  @ApiProperty(INTEGER)
  readonly uptimeSeconds!: number;

  @ApiProperty({ type: MemoryFiguresDto })
  readonly memory!: MemoryFiguresDto;

  @ApiProperty({ type: EventLoopFiguresDto })
  readonly eventLoop!: EventLoopFiguresDto;

  @ApiProperty({
    description:
      "Whether this replica runs the log's consumers (the projections, the webhook and alert outboxes): one replica does, the one holding their advisory lock",
  })
  readonly runsConsumers!: boolean;
}

class PoolFiguresDto {
  @ApiProperty(INTEGER)
  readonly total!: number;

  @ApiProperty(INTEGER)
  readonly idle!: number;

  @ApiProperty(INTEGER)
  readonly waiting!: number;
}

class DatabaseFiguresDto implements DatabaseFigures {
  @ApiProperty()
  readonly serverVersion!: string;

  @ApiProperty({ type: 'integer', description: 'The whole database on disk: events, read models, indexes' })
  readonly sizeBytes!: number;

  @ApiProperty({ type: 'integer', description: "Sessions on this database from every replica and tool, this API's pool included" })
  readonly connections!: number;

  @ApiProperty(INTEGER)
  readonly maxConnections!: number;

  @ApiProperty({ type: PoolFiguresDto })
  readonly pool!: PoolFiguresDto;
}

class EventStoreFiguresDto implements EventStoreFigures {
  @ApiProperty(INTEGER)
  readonly events!: number;

  @ApiProperty(INTEGER)
  readonly tableBytes!: number;

  @ApiProperty(INTEGER)
  readonly headPosition!: number;

  @ApiProperty(INTEGER)
  readonly eventsLastMinute!: number;

  @ApiProperty()
  readonly eventsPerSecond!: number;
}

class LagBoundDto implements LagBound {
  @ApiProperty(INTEGER)
  readonly maxEvents!: number;

  @ApiProperty(INTEGER)
  readonly maxSeconds!: number;
}

class ProjectionLagDto implements JsonShape<ProjectionLag> {
  @ApiProperty({ description: "The checkpoint's name: a projection, the alert dispatcher, ..." })
  readonly name!: string;

  @ApiProperty(INTEGER)
  readonly position!: number;

  @ApiProperty({ type: 'integer', description: 'Stored events after the checkpoint, not yet applied' })
  readonly behind!: number;

  @ApiProperty({ format: 'date-time', description: 'When the checkpoint last moved' })
  readonly updatedAt!: string;

  @ApiProperty({ ...NULLABLE_TIME, description: 'Since when it has been beyond the bound in every observation; null when within it' })
  readonly behindSince!: string | null;

  @ApiProperty()
  readonly lagging!: boolean;
}

class HttpRouteFigureDto implements HttpRouteFigure {
  @ApiProperty()
  readonly method!: string;

  @ApiProperty()
  readonly route!: string;

  @ApiProperty()
  readonly status!: string;

  @ApiProperty(INTEGER)
  readonly requests!: number;

  @ApiProperty()
  readonly meanSeconds!: number;
}

/** Documents every `CountedFigure`: its labels as a map of strings. */
class CountedFigureDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  readonly labels!: Readonly<Record<string, string>>;

  @ApiProperty(INTEGER)
  readonly count!: number;
}

class TrafficDto {
  @ApiProperty({ type: [HttpRouteFigureDto] })
  readonly http!: readonly HttpRouteFigureDto[];

  @ApiProperty({ type: [CountedFigureDto], description: 'Labelled by `type` and `outcome`' })
  readonly commands!: readonly CountedFigure<'type' | 'outcome'>[];

  @ApiProperty({ type: [CountedFigureDto], description: 'Labelled by `type`' })
  readonly eventsAppended!: readonly CountedFigure<'type'>[];

  @ApiProperty({ type: [CountedFigureDto], description: 'Labelled by `outcome`' })
  readonly alertOutcomes!: readonly CountedFigure<'outcome'>[];
}

export class SystemReportDto implements JsonShape<SystemReport> {
  @ApiProperty({ format: 'date-time' })
  readonly at!: string;

  @ApiProperty({ type: ProcessFiguresDto, description: "This API replica's own" })
  readonly process!: ProcessFiguresDto;

  @ApiProperty({ type: DatabaseFiguresDto })
  readonly database!: DatabaseFiguresDto;

  @ApiProperty({ type: EventStoreFiguresDto })
  readonly eventStore!: EventStoreFiguresDto;

  @ApiProperty({ type: LagBoundDto })
  readonly lagBound!: LagBoundDto;

  @ApiProperty({ type: [ProjectionLagDto] })
  readonly projections!: readonly ProjectionLagDto[];

  @ApiProperty({ type: 'integer', description: "This API replica's" })
  readonly webSocketClients!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Null when no alerts module reports them; `notes` then says so' })
  readonly pendingAlerts!: number | null;

  @ApiProperty({ type: TrafficDto, description: "This API replica's own" })
  readonly traffic!: TrafficDto;

  @ApiProperty({ type: [String] })
  readonly notes!: readonly string[];
}

export class DockerUnavailableDto implements DockerUnavailable {
  @ApiProperty({ type: Boolean, enum: [false] })
  readonly available!: false;

  @ApiProperty()
  readonly reason!: string;
}

class SwarmTaskDto implements SwarmTask {
  @ApiProperty()
  readonly id!: string;

  @ApiProperty({ type: 'integer', nullable: true })
  readonly slot!: number | null;

  @ApiProperty(NULLABLE_TEXT)
  readonly nodeId!: string | null;

  @ApiProperty({
    description:
      "The task's current state: new, pending, assigned, preparing, starting, running, complete, failed, rejected, shutdown, ...",
  })
  readonly state!: string;

  @ApiProperty()
  readonly desiredState!: string;

  @ApiProperty()
  readonly message!: string;

  @ApiProperty(NULLABLE_TEXT)
  readonly error!: string | null;

  @ApiProperty(NULLABLE_TIME)
  readonly updatedAt!: string | null;
}

class ReplicasDto {
  @ApiProperty(INTEGER)
  readonly running!: number;

  @ApiProperty(INTEGER)
  readonly desired!: number;
}

const SERVICE_MODES: readonly SwarmService['mode'][] = ['replicated', 'global', 'replicated-job', 'global-job'];

/** What a Swarm service and a standalone container both show. */
class StackMemberDto {
  @ApiProperty()
  readonly id!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty()
  readonly image!: string;
}

class SwarmServiceDto extends StackMemberDto implements SwarmService {
  @ApiProperty({ enum: SERVICE_MODES })
  readonly mode!: SwarmService['mode'];

  @ApiProperty({ type: ReplicasDto })
  readonly replicas!: ReplicasDto;

  @ApiProperty({ type: [SwarmTaskDto], description: 'Current and recent tasks, by slot, newest first' })
  readonly tasks!: readonly SwarmTaskDto[];

  @ApiProperty(NULLABLE_TIME)
  readonly updatedAt!: string | null;
}

class StackContainerDto extends StackMemberDto implements StackContainer {
  @ApiProperty({ description: 'created, running, restarting, exited, paused, dead' })
  readonly state!: string;

  @ApiProperty({ description: 'The engine\'s summary, e.g. "Up 5 minutes (healthy)"' })
  readonly status!: string;
}

export class DockerServicesReportDto implements DockerServicesReport {
  @ApiProperty({ type: Boolean, enum: [true] })
  readonly available!: true;

  @ApiProperty()
  readonly engineVersion!: string;

  @ApiProperty()
  readonly stack!: string;

  @ApiProperty({ description: "True when the engine is a Swarm manager; `services` is then the stack's Swarm services" })
  readonly swarmManager!: boolean;

  @ApiProperty({ type: [SwarmServiceDto] })
  readonly services!: readonly SwarmServiceDto[];

  @ApiProperty({ type: [StackContainerDto], description: "The stack's standalone containers (Compose), never those of Swarm tasks" })
  readonly containers!: readonly StackContainerDto[];
}

const LOG_STREAMS: readonly LogStream[] = ['stdout', 'stderr'];

class LogLineDto implements LogLine {
  @ApiProperty({ description: 'RFC 3339 with nanoseconds, as the engine wrote it' })
  readonly timestamp!: string;

  @ApiProperty({ enum: LOG_STREAMS })
  readonly stream!: LogStream;

  @ApiProperty()
  readonly message!: string;

  @ApiProperty({ required: false, description: 'The Swarm task that wrote the line (service logs only)' })
  readonly taskId?: string;
}

export class StackLogsDto implements StackLogs {
  @ApiProperty({ type: Boolean, enum: [true] })
  readonly available!: true;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ enum: ['service', 'container'] })
  readonly kind!: 'service' | 'container';

  @ApiProperty({ type: [LogLineDto], description: 'Oldest first, stdout and stderr interleaved by time' })
  readonly lines!: readonly LogLineDto[];
}
