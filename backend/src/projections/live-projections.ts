import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { InjectPool } from '../database';
import { ConsumerLeadership, StoreNotifications } from '../event-store';
import { CHANGES_CHANNEL } from './changes-channel';
import { ProjectionFreshness } from './freshness/projection-freshness';
import type { Projection } from './projection';
import { Projector, PROJECTOR_TIMING, type ProjectorStats } from './projector';
import { ProjectorGroup } from './projector-group';
import { messageOf } from '../common';

/** Every projection the app keeps live: the list the app composition registers (ProjectionsModule.register). */
export const PROJECTIONS = Symbol('PROJECTIONS');

/**
 * Runs every projection's live projector as one group: a wake-up applies every projection's batch
 * in one transaction. The leading replica runs them (ConsumerLeadership) and publishes the changes
 * it applied; every replica hears that they committed.
 */
@Injectable()
export class LiveProjections implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly projectors: Projector[];
  private readonly group: ProjectorGroup;
  private unlisten: (() => void) | undefined;

  constructor(
    @InjectPool() pool: Pool,
    @Inject(PROJECTIONS) projections: readonly Projection[],
    private readonly notifications: StoreNotifications,
    private readonly freshness: ProjectionFreshness,
    private readonly leadership: ConsumerLeadership,
    events: EventBus,
  ) {
    this.projectors = projections.map(
      (projection) =>
        new Projector(pool, projection, notifications, {
          publish: (announcement) => {
            events.publish(announcement);
          },
          onError: (error, name) => this.logger.error(`projection ${name}: ${messageOf(error)}`),
        }),
    );
    this.group = new ProjectorGroup(pool, this.projectors, notifications, PROJECTOR_TIMING);
  }

  /** Started once every module is initialised, so the notification listener is connected. */
  async onApplicationBootstrap(): Promise<void> {
    this.unlisten = this.notifications.on(CHANGES_CHANNEL, () => this.freshness.changed());
    await this.group.prepare();
    this.leadership.lead(this.group);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.unlisten?.();
    await this.group.stop();
  }

  /** Batches, events, errors (and the last one) per projection since this process started. */
  stats(): ProjectorStats[] {
    return this.projectors.map((projector) => projector.stats);
  }
}
