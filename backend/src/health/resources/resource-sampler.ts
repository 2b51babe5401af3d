import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { messageOf } from '../../common';
import { InjectSettings, type AppSettings } from '../../config';
import { containerFigures } from '../docker/container-figures';
import { DockerServices, type RunningContainer } from '../docker/docker-services';
import { readHost } from './host-readings';
import {
  containerSample,
  hostSample,
  type ContainerReading,
  type ContainerSample,
  type HostReading,
  type HostSample,
} from './resource-samples';
import { SampleRing } from './sample-ring';

/** How far back the dashboard's charts reach. */
const HISTORY_SECONDS = 60 * 60;

export interface ContainerHistory {
  readonly id: string;
  readonly name: string;
  readonly service: string | null;
  /** Whether it was running at the latest sampling; a stopped one keeps its history until that is an hour old. */
  readonly running: boolean;
  /** Why its latest reading failed; null when it succeeded. */
  readonly error: string | null;
  readonly samples: readonly ContainerSample[];
}

/** `GET /api/health/resources`: the last hour of the host's and the stack's containers' figures, oldest sample first. */
export interface ResourceHistory {
  readonly sampledEverySeconds: number;
  readonly historySeconds: number;
  readonly host: { readonly available: boolean; readonly reason: string | null; readonly samples: readonly HostSample[] };
  readonly containers: { readonly available: boolean; readonly reason: string | null; readonly items: readonly ContainerHistory[] };
}

/** What the sampler needs of the Docker engine (DockerServices). */
type ContainerSource = Pick<DockerServices, 'runningContainers' | 'stats'>;

interface ContainerSeries {
  member: RunningContainer;
  running: boolean;
  error: string | null;
  previous: ContainerReading | undefined;
  readonly samples: SampleRing<ContainerSample>;
}

/** The engine's own reading time when it gives one: rates are then exact whatever the request took. */
function readingTime(read: string | undefined): number {
  const at = Date.parse(read ?? '');
  return Number.isFinite(at) && at > 0 ? at : Date.now();
}

/**
 * Samples the host (from /proc) and each running container of the stack (from the Docker engine)
 * every `IMS_HEALTH_SAMPLE_SECONDS` into a ring holding an hour, kept in this replica's memory.
 * A failed reading is recorded as the reason beside the figures and sampling goes on.
 */
@Injectable()
export class ResourceSampler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ResourceSampler.name);
  private readonly everySeconds: number;
  private readonly capacity: number;
  private readonly hostSamples: SampleRing<HostSample>;
  private hostReading: HostReading | undefined;
  private hostReason: string | null = null;
  private readonly containers = new Map<string, ContainerSeries>();
  private containersReason: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    @InjectSettings() settings: Pick<AppSettings, 'config'>,
    @Inject(DockerServices) private readonly docker: ContainerSource,
  ) {
    this.everySeconds = settings.config.healthSampleSeconds;
    this.capacity = Math.ceil(HISTORY_SECONDS / this.everySeconds);
    this.hostSamples = new SampleRing(this.capacity);
  }

  onApplicationBootstrap(): void {
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.everySeconds * 1000);
    // The sampler serves the dashboard; it never keeps a process (or a test run) alive.
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
  }

  /** One sampling of the host and the containers; a sampling still running (a slow engine) makes this one a no-op. */
  sample(): Promise<void> {
    this.inFlight ??= Promise.all([this.sampleHost(), this.sampleContainers()]).then(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  history(): ResourceHistory {
    const byName = (a: ContainerSeries, b: ContainerSeries) => a.member.name.localeCompare(b.member.name);
    return {
      sampledEverySeconds: this.everySeconds,
      historySeconds: HISTORY_SECONDS,
      host: { available: this.hostReason === null, reason: this.hostReason, samples: this.hostSamples.toArray() },
      containers: {
        available: this.containersReason === null,
        reason: this.containersReason,
        items: [...this.containers.values()].sort(byName).map((series) => ({
          ...series.member,
          running: series.running,
          error: series.error,
          samples: series.samples.toArray(),
        })),
      },
    };
  }

  private async sampleHost(): Promise<void> {
    try {
      const reading = await readHost();
      this.hostSamples.push(hostSample(reading, this.hostReading));
      this.hostReading = reading;
      this.hostReason = null;
    } catch (error) {
      this.hostReason = this.noted(this.hostReason, `the host's figures could not be read from /proc (${messageOf(error)})`);
    }
  }

  private async sampleContainers(): Promise<void> {
    let answer: Awaited<ReturnType<ContainerSource['runningContainers']>>;
    try {
      answer = await this.docker.runningContainers();
    } catch (error) {
      answer = { available: false, reason: `the Docker engine failed to list the containers (${messageOf(error)})` };
    }
    if (!answer.available) {
      this.containersReason = this.noted(this.containersReason, answer.reason);
      for (const series of this.containers.values()) series.running = false;
      this.forgetOld();
      return;
    }
    this.containersReason = null;
    const running = new Set(answer.containers.map((member) => member.id));
    for (const series of this.containers.values()) series.running = running.has(series.member.id);
    await Promise.all(answer.containers.map((member) => this.sampleContainer(member)));
    this.forgetOld();
  }

  private async sampleContainer(member: RunningContainer): Promise<void> {
    const series = this.containers.get(member.id) ?? {
      member,
      running: true,
      error: null,
      previous: undefined,
      samples: new SampleRing<ContainerSample>(this.capacity),
    };
    this.containers.set(member.id, series);
    series.member = member;
    try {
      const stats = await this.docker.stats(member.id);
      const reading = { at: readingTime(stats.read), figures: containerFigures(stats) };
      series.samples.push(containerSample(reading, series.previous));
      series.previous = reading;
      series.error = null;
    } catch (error) {
      series.error = `its stats could not be read (${messageOf(error)})`;
    }
  }

  /** Containers gone for longer than the history reaches. */
  private forgetOld(): void {
    const horizon = Date.now() - HISTORY_SECONDS * 1000;
    for (const [id, series] of this.containers) {
      if (!series.running && (series.previous?.at ?? 0) < horizon) this.containers.delete(id);
    }
  }

  /** The reason, logged once when it first appears rather than at every sampling. */
  private noted(before: string | null, reason: string): string {
    if (reason !== before) this.logger.warn(`resource sampling: ${reason}`);
    return reason;
  }
}
