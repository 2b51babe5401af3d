import { existsSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import type Dockerode from 'dockerode';
import { InjectSettings, type AppSettings } from '../../config';
import { connectDocker, type DockerConnection } from './docker-connection';
import { parseLogBody, type LogLine } from './log-lines';
import { messageOf } from '../../common';
import type { ContainerStats } from './container-figures';

/** The label that marks a service or container as part of this IMS stack; its value is the stack name. */
export const STACK_LABEL = 'com.ims.stack';
const MAX_LOG_TAIL = 5_000;

export interface DockerUnavailable {
  readonly available: false;
  readonly reason: string;
}

export interface SwarmTask {
  readonly id: string;
  readonly slot: number | null;
  readonly nodeId: string | null;
  /** The task's current state: new, pending, assigned, preparing, starting, running, complete, failed, rejected, shutdown, ... */
  readonly state: string;
  readonly desiredState: string;
  readonly message: string;
  readonly error: string | null;
  readonly updatedAt: string | null;
}

export interface SwarmService {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly mode: 'replicated' | 'global' | 'replicated-job' | 'global-job';
  readonly replicas: { readonly running: number; readonly desired: number };
  /** Current and recent tasks (the engine keeps a few per slot), by slot, newest first. */
  readonly tasks: readonly SwarmTask[];
  readonly updatedAt: string | null;
}

export interface StackContainer {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  /** created, running, restarting, exited, paused, dead */
  readonly state: string;
  /** The engine's summary, e.g. "Up 5 minutes (healthy)". */
  readonly status: string;
}

export interface DockerServicesReport {
  readonly available: true;
  readonly engineVersion: string;
  readonly stack: string;
  /** True when the engine is a Swarm manager; `services` is then the stack's Swarm services. */
  readonly swarmManager: boolean;
  readonly services: readonly SwarmService[];
  /** The stack's standalone containers (Compose), never the containers of Swarm tasks. */
  readonly containers: readonly StackContainer[];
}

export interface StackLogs {
  readonly available: true;
  readonly name: string;
  readonly kind: 'service' | 'container';
  /** Oldest first, stdout and stderr interleaved by time. */
  readonly lines: readonly LogLine[];
}

/** A running container of the stack on this engine; `service` names the Swarm service whose task it runs. */
export interface RunningContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string | null;
}

export interface RunningContainers {
  readonly available: true;
  readonly containers: readonly RunningContainer[];
}

/** The name is not a service or container of this stack (whether or not the engine has it). */
export class StackMemberNotFoundError extends Error {
  constructor(readonly memberName: string) {
    super(`"${memberName}" is not a service or container of this stack`);
    this.name = 'StackMemberNotFoundError';
  }
}

interface EngineInfo {
  readonly ServerVersion?: string;
  readonly Swarm?: { readonly LocalNodeState?: string; readonly ControlAvailable?: boolean };
}

interface TaskInfo {
  readonly ID: string;
  readonly ServiceID: string;
  readonly Slot?: number;
  readonly NodeID?: string;
  readonly DesiredState?: string;
  readonly UpdatedAt?: string;
  readonly Status?: { readonly State?: string; readonly Message?: string; readonly Err?: string };
}

interface Engine {
  readonly available: true;
  readonly version: string;
  readonly swarmManager: boolean;
}

interface StackMember {
  readonly kind: 'service' | 'container';
  readonly id: string;
  readonly name: string;
}

const unavailable = (reason: string): DockerUnavailable => ({ available: false, reason });

function errorText(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = messageOf(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

function serviceMode(spec: Dockerode.ServiceSpec | undefined): SwarmService['mode'] {
  const mode = spec?.Mode;
  if (mode?.Global) return 'global';
  if (mode?.ReplicatedJob) return 'replicated-job';
  if (mode?.GlobalJob) return 'global-job';
  return 'replicated';
}

function toTask(task: TaskInfo): SwarmTask {
  return {
    id: task.ID,
    slot: task.Slot ?? null,
    nodeId: task.NodeID ?? null,
    state: task.Status?.State ?? 'unknown',
    desiredState: task.DesiredState ?? 'unknown',
    message: task.Status?.Message ?? '',
    error: task.Status?.Err ?? null,
    updatedAt: task.UpdatedAt ?? null,
  };
}

const bySlotThenNewest = (a: SwarmTask, b: SwarmTask) =>
  (a.slot ?? 0) - (b.slot ?? 0) || (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '');

function toService(service: Dockerode.Service, tasks: readonly TaskInfo[]): SwarmService {
  const own = tasks
    .filter((task) => task.ServiceID === service.ID)
    .map(toTask)
    .sort(bySlotThenNewest);
  const template = service.Spec?.TaskTemplate;
  const image = (template && 'ContainerSpec' in template ? template.ContainerSpec?.Image : undefined) ?? '';
  return {
    id: service.ID,
    name: service.Spec?.Name ?? service.ID,
    // The digest Swarm pins the image to is noise on a dashboard; the tag says what runs.
    image: image.split('@')[0] ?? image,
    mode: serviceMode(service.Spec),
    replicas: {
      running: own.filter((task) => task.state === 'running').length,
      desired: service.Spec?.Mode?.Replicated?.Replicas ?? own.filter((task) => task.desiredState === 'running').length,
    },
    tasks: own,
    updatedAt: service.UpdatedAt ?? null,
  };
}

const containerName = (container: Dockerode.ContainerInfo) => (container.Names[0] ?? container.Id).replace(/^\//, '');

const SWARM_SERVICE_LABEL = 'com.docker.swarm.service.id';

/**
 * What the health dashboard shows of the Docker engine the API runs on: the stack's Swarm services
 * (on a manager) and standalone containers, and their recent logs. Only members of the stack — those
 * labelled `com.ims.stack=<stack name>` — are ever listed or read.
 */
@Injectable()
export class DockerServices {
  private readonly connection: DockerConnection;
  private readonly stack: string;

  constructor(@InjectSettings() settings: Pick<AppSettings, 'config'>) {
    this.connection = connectDocker(settings.config.dockerHost);
    this.stack = settings.config.stackName;
  }

  async list(): Promise<DockerServicesReport | DockerUnavailable> {
    const engine = await this.engine();
    if (!engine.available) return engine;
    const [services, containers] = await Promise.all([
      engine.swarmManager ? this.stackServices() : Promise.resolve([]),
      this.stackContainers(),
    ]);
    return {
      available: true,
      engineVersion: engine.version,
      stack: this.stack,
      swarmManager: engine.swarmManager,
      services,
      containers: containers.map((container) => ({
        id: container.Id,
        name: containerName(container),
        image: container.Image,
        state: container.State,
        status: container.Status,
      })),
    };
  }

  /**
   * The last `tail` lines (1 to MAX_LOG_TAIL) a stack service or container wrote, with timestamps.
   * @throws StackMemberNotFoundError when `name` is not exactly the name of one of the stack's members.
   */
  async logs(name: string, tail: number): Promise<StackLogs | DockerUnavailable> {
    const engine = await this.engine();
    if (!engine.available) return engine;
    const member = await this.findMember(name, engine.swarmManager);
    const lines = Math.min(Math.max(Math.trunc(tail) || 1, 1), MAX_LOG_TAIL);
    const options = { stdout: true, stderr: true, timestamps: true, tail: lines };
    const { docker } = this.connection;
    const body: unknown =
      member.kind === 'service'
        ? await docker.getService(member.id).logs({ ...options, details: true })
        : await docker.getContainer(member.id).logs({ ...options, follow: false });
    if (!Buffer.isBuffer(body)) throw new Error(`the Docker engine answered ${member.name}'s logs with no log body`);
    return {
      available: true,
      name: member.name,
      kind: member.kind,
      lines: parseLogBody(body, { withDetails: member.kind === 'service', tail: lines }),
    };
  }

  /**
   * The stack's running containers on this engine: its standalone ones and, on a Swarm manager, those
   * running its services' tasks here (a task on another node is that node's engine's to measure).
   */
  async runningContainers(): Promise<RunningContainers | DockerUnavailable> {
    const engine = await this.engine();
    if (!engine.available) return engine;
    const [services, standalone] = await Promise.all([
      engine.swarmManager ? this.connection.docker.listServices({ filters: this.stackFilter }) : Promise.resolve([]),
      this.stackContainers(),
    ]);
    const serviceNames = new Map(services.map((service) => [service.ID, service.Spec?.Name ?? service.ID]));
    const tasks =
      serviceNames.size === 0
        ? []
        : await this.connection.docker.listContainers({ filters: { label: [SWARM_SERVICE_LABEL], status: ['running'] } });
    const ofServices = tasks.flatMap((container) => {
      const service = serviceNames.get(container.Labels[SWARM_SERVICE_LABEL] ?? '');
      return service === undefined ? [] : [{ id: container.Id, name: containerName(container), service }];
    });
    const running = standalone.filter((container) => container.State === 'running');
    return {
      available: true,
      containers: [...running.map((container) => ({ id: container.Id, name: containerName(container), service: null })), ...ofServices],
    };
  }

  /** One `docker stats --no-stream` reading of a container; the engine takes about a second to compare two of its own. */
  async stats(containerId: string): Promise<ContainerStats> {
    return this.connection.docker.getContainer(containerId).stats({ stream: false });
  }

  private async engine(): Promise<Engine | DockerUnavailable> {
    const { docker, location, socketPath } = this.connection;
    if (socketPath !== undefined && !existsSync(socketPath)) return unavailable(`no Docker socket at ${socketPath}`);
    try {
      const info = (await docker.info()) as EngineInfo;
      return {
        available: true,
        version: info.ServerVersion ?? 'unknown',
        swarmManager: info.Swarm?.LocalNodeState === 'active' && info.Swarm.ControlAvailable === true,
      };
    } catch (error) {
      return unavailable(`the Docker engine at ${location} did not answer (${errorText(error)})`);
    }
  }

  private get stackFilter() {
    return { label: [`${STACK_LABEL}=${this.stack}`] };
  }

  private async stackServices(): Promise<SwarmService[]> {
    const services = await this.connection.docker.listServices({ filters: this.stackFilter });
    if (services.length === 0) return [];
    const tasks = (await this.connection.docker.listTasks({
      filters: { service: services.map((service) => service.ID) },
    })) as TaskInfo[];
    return services.map((service) => toService(service, tasks)).sort((a, b) => a.name.localeCompare(b.name));
  }

  private async stackContainers(): Promise<Dockerode.ContainerInfo[]> {
    const containers = await this.connection.docker.listContainers({ all: true, filters: this.stackFilter });
    return containers
      .filter((container) => container.Labels['com.docker.swarm.task.id'] === undefined)
      .sort((a, b) => containerName(a).localeCompare(containerName(b)));
  }

  /** Looked up among the stack's members only, so no name can reach another container's logs. */
  private async findMember(name: string, swarmManager: boolean): Promise<StackMember> {
    if (swarmManager) {
      const services = await this.connection.docker.listServices({ filters: this.stackFilter });
      const service = services.find((candidate) => candidate.Spec?.Name === name);
      if (service) return { kind: 'service', id: service.ID, name };
    }
    const container = (await this.stackContainers()).find((candidate) => containerName(candidate) === name);
    if (container) return { kind: 'container', id: container.Id, name };
    throw new StackMemberNotFoundError(name);
  }
}
