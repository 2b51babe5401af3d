import { Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type MetricValue } from 'prom-client';
import { InjectPool } from '../database';
import { ConsumerLag } from './consumer-lag';
import { messageOf } from '../common';

/** accepted: appended or a no-op; refused: a rule, validation or conflict said no; failed: an unexpected error. */
export type CommandOutcome = 'accepted' | 'refused' | 'failed';

export interface CountedFigure<Labels extends string> {
  readonly labels: Readonly<Record<Labels, string>>;
  readonly count: number;
}

export interface HttpRouteFigure {
  readonly method: string;
  readonly route: string;
  readonly status: string;
  readonly requests: number;
  readonly meanSeconds: number;
}

/** This process's figures (each API replica counts its own). */
export interface MetricsFigures {
  readonly http: readonly HttpRouteFigure[];
  readonly commands: readonly CountedFigure<'type' | 'outcome'>[];
  readonly eventsAppended: readonly CountedFigure<'type'>[];
  readonly alertOutcomes: readonly CountedFigure<'outcome'>[];
  readonly webSocketClients: number;
  readonly databasePool: { readonly total: number; readonly idle: number; readonly waiting: number };
  /** Event-loop delay since the previous reading (a scrape or a dashboard request). */
  readonly eventLoop: { readonly meanSeconds: number; readonly p99Seconds: number; readonly maxSeconds: number };
}

/** Route label for requests no controller matched (static files, 404s): one series, not one per URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const counted = <Labels extends string>(values: readonly MetricValue<Labels>[]): CountedFigure<Labels>[] =>
  values.map((value) => ({ labels: value.labels as Record<Labels, string>, count: value.value }));

/**
 * The process's Prometheus registry and the counters other modules feed:
 * the command side (`countCommand`), the event store (`countAppendedEvents`), the WebSocket
 * gateway (`setWebSocketClients`) and the alert dispatcher (`countAlertOutcome`).
 * Projection lag and the database pool are read when scraped.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly logger = new Logger(Metrics.name);

  private readonly httpDuration = new Histogram({
    name: 'ims_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });

  private readonly commands = new Counter({
    name: 'ims_commands_total',
    help: 'Commands handled, by command type and outcome.',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly eventsAppended = new Counter({
    name: 'ims_events_appended_total',
    help: 'Events appended by this process, by event type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  private readonly webSocketClients = new Gauge({
    name: 'ims_websocket_clients',
    help: 'WebSocket clients connected to this process.',
    registers: [this.registry],
  });

  private readonly alertOutcomes = new Counter({
    name: 'ims_alert_outcomes_total',
    help: 'Low-stock alert deliveries, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(
    @InjectPool() private readonly pool: Pool,
    consumerLag: ConsumerLag,
  ) {
    const logger = this.logger;
    new Gauge({
      name: 'ims_projection_lag_events',
      help: 'Stored events each checkpointed consumer (projection, dispatcher) has not applied yet.',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        // A scrape during a database outage still reports the process's own figures.
        const report = await consumerLag.read().catch((error: unknown) => {
          logger.warn(`projection lag not read: ${messageOf(error)}`);
          return undefined;
        });
        for (const consumer of report?.consumers ?? []) this.set({ projection: consumer.name }, consumer.behind);
      },
    });
    new Gauge({
      name: 'ims_db_pool_clients',
      help: 'Clients of the database pool: total, idle, and queries waiting for one.',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  observeHttpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  countCommand(type: string, outcome: CommandOutcome): void {
    this.commands.inc({ type, outcome });
  }

  countAppendedEvents(events: readonly { readonly type: string }[]): void {
    for (const event of events) this.eventsAppended.inc({ type: event.type });
  }

  setWebSocketClients(count: number): void {
    this.webSocketClients.set(count);
  }

  /** e.g. sent, preview, failed, retried: whatever the dispatcher distinguishes. */
  countAlertOutcome(outcome: string): void {
    this.alertOutcomes.inc({ outcome });
  }

  async figures(): Promise<MetricsFigures> {
    const [http, commands, events, alerts, clients, eventLoop] = await Promise.all([
      this.httpDuration.get(),
      this.commands.get(),
      this.eventsAppended.get(),
      this.alertOutcomes.get(),
      this.webSocketClients.get(),
      this.eventLoopDelay(),
    ]);
    const sums = new Map(
      http.values.filter((value) => value.metricName?.endsWith('_sum')).map((value) => [labelKey(value.labels), value.value]),
    );
    return {
      http: http.values
        .filter((value) => value.metricName?.endsWith('_count'))
        .map(({ labels, value }) => ({
          method: String(labels.method),
          route: String(labels.route),
          status: String(labels.status),
          requests: value,
          meanSeconds: value > 0 ? (sums.get(labelKey(labels)) ?? 0) / value : 0,
        })),
      commands: counted(commands.values),
      eventsAppended: counted(events.values),
      alertOutcomes: counted(alerts.values),
      webSocketClients: clients.values[0]?.value ?? 0,
      databasePool: { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount },
      eventLoop,
    };
  }

  /** prom-client's default metrics set every event-loop figure when their first gauge is collected. */
  private async eventLoopDelay(): Promise<MetricsFigures['eventLoop']> {
    await this.registry.getSingleMetric('nodejs_eventloop_lag_seconds')?.get();
    const figure = async (name: string) =>
      (await this.registry.getSingleMetric(`nodejs_eventloop_lag_${name}_seconds`)?.get())?.values[0]?.value ?? 0;
    const [meanSeconds, p99Seconds, maxSeconds] = await Promise.all([figure('mean'), figure('p99'), figure('max')]);
    return { meanSeconds, p99Seconds, maxSeconds };
  }
}

const labelKey = (labels: object) => JSON.stringify(labels);
