import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LRUCache } from 'lru-cache';
import { VersionConflictError, EventStore } from '../../event-store';
import { KeyedLock } from '../../inventory';
import { AlertOutbox } from '../delivery/alert-outbox';
import { alertStreamId, type LowStockAlertRaisedData } from '../domain/alert-events';
import { LocationCodes } from './location-codes';
import { LowStockWatches } from './low-stock-watches';
import { RaiseLowStockAlertCommand, type RaiseLowStockAlertResult } from './raise-low-stock-alert.command';

/**
 * Raises the alerts of an item's current low spells, its total's and each location's: appends
 * `LowStockAlertRaised` as version 1 of the alert's own stream, named by the crossing's position
 * (and location), with expected version 0. Another replica noticing the same crossing loses that
 * race and raises nothing, so one crossing makes one alert wherever and however often it is noticed.
 */
@CommandHandler(RaiseLowStockAlertCommand)
export class RaiseLowStockAlertHandler implements ICommandHandler<RaiseLowStockAlertCommand> {
  private readonly lock = new KeyedLock();
  /** Alert streams known to exist, so an item that stays low costs no append attempt per batch. */
  private readonly raised = new LRUCache<string, true>({ max: 50_000 });

  constructor(
    private readonly watches: LowStockWatches,
    private readonly store: EventStore,
    private readonly outbox: AlertOutbox,
    private readonly locations: LocationCodes,
  ) {}

  execute({ itemId }: RaiseLowStockAlertCommand): Promise<RaiseLowStockAlertResult> {
    return this.lock.run(itemId, async () => {
      const { crossing, atLocations } = await this.watches.load(itemId);
      const crossings = [...(crossing ? [crossing] : []), ...Object.values(atLocations)];
      if (crossings.length === 0) return 'no-crossing';
      const results: RaiseLowStockAlertResult[] = [];
      for (const each of crossings) results.push(await this.raise(each));
      return results.includes('raised') ? 'raised' : 'already-raised';
    });
  }

  private async raise(crossing: LowStockAlertRaisedData): Promise<RaiseLowStockAlertResult> {
    const streamId = alertStreamId(crossing);
    if (this.raised.has(streamId)) return 'already-raised';
    const data =
      crossing.locationId === undefined ? crossing : { ...crossing, locationCode: await this.locations.codeOf(crossing.locationId) };
    const result = await this.store
      .append({
        streamId,
        expectedVersion: 0,
        events: [{ type: 'LowStockAlertRaised', data, metadata: { raisedBy: 'low-stock-saga' } }],
      })
      .then(
        (): RaiseLowStockAlertResult => 'raised',
        (error: unknown): RaiseLowStockAlertResult => {
          if (error instanceof VersionConflictError) return 'already-raised';
          throw error;
        },
      );
    this.raised.set(streamId, true);
    if (result === 'raised') this.outbox.wake();
    return result;
  }
}
