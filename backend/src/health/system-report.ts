import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Pool } from 'pg';
import { InjectPool } from '../database';
import { ConsumerLeadership } from '../event-store';
import { Metrics, type MetricsFigures } from '../metrics';
import type { LagBound, ProjectionLag } from './lag-watch';
import { PENDING_ALERTS, type PendingAlertsSource } from './pending-alerts';
import { ProjectionHealth } from './projection-health';

export interface EventStoreFigures {
  readonly events: number;
  readonly tableBytes: number;
  readonly headPosition: number;
  readonly eventsLastMinute: number;
  readonly eventsPerSecond: number;
}

export interface DatabaseFigures {
  readonly serverVersion: string;
  /** The whole database on disk: events, read models, indexes. */
  readonly sizeBytes: number;
  /** Sessions on this database from every replica and tool, this API's pool included. */
  readonly connections: number;
  readonly maxConnections: number;
  readonly pool: MetricsFigures['databasePool'];
}

/** `GET /api/health/system`: what the managers' dashboard shows. */
export interface SystemReport {
  readonly at: string;
  readonly process: {
    readonly pid: number;
    readonly nodeVersion: string;
    readonly uptimeSeconds: number;
    readonly memory: { readonly rssBytes: number; readonly heapUsedBytes: number; readonly heapTotalBytes: number };
    readonly eventLoop: MetricsFigures['eventLoop'];
    /** Whether this replica runs the log's consumers (the projections, the webhook and alert outboxes): one replica does. */
    readonly runsConsumers: boolean;
  };
  readonly database: DatabaseFigures;
  readonly eventStore: EventStoreFigures;
  readonly lagBound: LagBound;
  readonly projections: readonly ProjectionLag[];
  readonly webSocketClients: number;
  /** Null until a module provides PENDING_ALERTS; `notes` then says so. */
  readonly pendingAlerts: number | null;
  readonly traffic: Pick<MetricsFigures, 'http' | 'commands' | 'eventsAppended' | 'alertOutcomes'>;
  readonly notes: readonly string[];
}

const PER_REPLICA_NOTE =
  "process, traffic, webSocketClients and the database pool are this API replica's own; the event store and projections are shared";

@Injectable()
export class SystemReports {
  constructor(
    @InjectPool() private readonly pool: Pool,
    private readonly metrics: Metrics,
    private readonly projections: ProjectionHealth,
    private readonly moduleRef: ModuleRef,
    private readonly leadership: ConsumerLeadership,
  ) {}

  async report(): Promise<SystemReport> {
    const [figures, database, eventStore, projections, pending] = await Promise.all([
      this.metrics.figures(),
      this.databaseFigures(),
      this.eventStoreFigures(),
      this.projections.read(),
      this.pendingAlerts(),
    ]);
    const memory = process.memoryUsage();
    return {
      at: new Date().toISOString(),
      process: {
        pid: process.pid,
        nodeVersion: process.version,
        uptimeSeconds: Math.round(process.uptime()),
        memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal },
        eventLoop: figures.eventLoop,
        runsConsumers: this.leadership.isLeading,
      },
      database: { ...database, pool: figures.databasePool },
      eventStore,
      lagBound: projections.bound,
      projections: projections.projections,
      webSocketClients: figures.webSocketClients,
      pendingAlerts: pending.count,
      traffic: {
        http: figures.http,
        commands: figures.commands,
        eventsAppended: figures.eventsAppended,
        alertOutcomes: figures.alertOutcomes,
      },
      notes: [PER_REPLICA_NOTE, ...pending.notes],
    };
  }

  private async databaseFigures(): Promise<Omit<DatabaseFigures, 'pool'>> {
    const { rows } = await this.pool.query<{ version: string; size: number; connections: number; max: number }>(
      `SELECT current_setting('server_version') AS version,
              pg_database_size(current_database()) AS size,
              (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()) AS connections,
              current_setting('max_connections')::int AS max`,
    );
    const row = rows[0];
    return {
      serverVersion: row?.version ?? 'unknown',
      sizeBytes: row?.size ?? 0,
      connections: row?.connections ?? 0,
      maxConnections: row?.max ?? 0,
    };
  }

  private async eventStoreFigures(): Promise<EventStoreFigures> {
    const { rows } = await this.pool.query<{ events: number; table_bytes: number; head: number; last_minute: number }>(
      `SELECT count(*) AS events,
              pg_total_relation_size('events') AS table_bytes,
              coalesce(max(position), 0) AS head,
              count(*) FILTER (WHERE recorded_at > now() - interval '60 seconds') AS last_minute
         FROM events`,
    );
    const row = rows[0];
    const lastMinute = row?.last_minute ?? 0;
    return {
      events: row?.events ?? 0,
      tableBytes: row?.table_bytes ?? 0,
      headPosition: row?.head ?? 0,
      eventsLastMinute: lastMinute,
      eventsPerSecond: Math.round((lastMinute / 60) * 100) / 100,
    };
  }

  /** The alerts module is optional to this report: looked up when asked, not required at start-up. */
  private async pendingAlerts(): Promise<{ count: number | null; notes: string[] }> {
    let source: PendingAlertsSource;
    try {
      source = this.moduleRef.get<PendingAlertsSource>(PENDING_ALERTS, { strict: false });
    } catch {
      return { count: null, notes: ['pendingAlerts is null: no alerts module reports pending alerts in this build'] };
    }
    return { count: await source.countPending(), notes: [] };
  }
}
