import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Pool } from 'pg';
import { InjectPool } from '../database';
import { StoreNotifications } from '../event-store';
import { ProjectionHealth } from './projection-health';
import { messageOf } from '../common';

// A probe must answer before Docker's healthcheck timeout even when the database hangs rather than refuses.
const DATABASE_TIMEOUT_MS = 2000;

function withinTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The readiness checks behind `GET /api/health`, as terminus indicators. */
@Injectable()
export class HealthChecks {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectPool() private readonly pool: Pool,
    private readonly notifications: StoreNotifications,
    private readonly projections: ProjectionHealth,
  ) {}

  async database(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    try {
      await withinTimeout(this.pool.query('SELECT 1'), DATABASE_TIMEOUT_MS, 'the database');
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: messageOf(error) });
    }
  }

  listener(): HealthIndicatorResult {
    const indicator = this.indicators.check('listener');
    const reconnections = Math.max(0, this.notifications.connectionCount - 1);
    return this.notifications.isConnected
      ? indicator.up({ reconnections })
      : indicator.down({ message: 'not listening for new events, reconnecting', reconnections });
  }

  async projectors(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('projectors');
    try {
      const { bound, projections } = await this.projections.read();
      const behind = Object.fromEntries(projections.map((projection) => [projection.name, projection.behind]));
      const lagging = projections.filter((projection) => projection.lagging);
      if (lagging.length === 0) return indicator.up({ behind });
      const names = lagging.map((projection) => `${projection.name} (${projection.behind} events behind)`);
      return indicator.down({
        message: `lagging more than ${bound.maxEvents} events for over ${bound.maxSeconds} s: ${names.join(', ')}`,
        behind,
      });
    } catch (error) {
      return indicator.down({ message: `checkpoints not read: ${messageOf(error)}` });
    }
  }
}
