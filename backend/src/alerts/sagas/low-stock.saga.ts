import { Injectable } from '@nestjs/common';
import { ofType, Saga, type ICommand, type IEvent } from '@nestjs/cqrs';
import { catchError, defer, EMPTY, from, mergeMap, type Observable } from 'rxjs';
import { ItemsProjected, type HistoryEntryType, type ItemChange } from '../../inventory';
import { RaiseLowStockAlertCommand } from '../commands/raise-low-stock-alert.command';
import { SagaFailures } from './saga-failures';

/**
 * The changes that may take stock at a location to its threshold (a transfer, at its source). The item a change carries says only
 * whether its total is low, so an item with such a change in the batch is asked about whenever it has location thresholds.
 */
const MAY_CROSS_AT_A_LOCATION: ReadonlySet<HistoryEntryType> = new Set<HistoryEntryType>([
  'OUT',
  'ADJUST',
  'TRANSFER',
  'threshold',
  'restored',
]);

/**
 * One command per item the batch left low in total or changed at one of its locations with a threshold (every
 * change of an item carries the item as the whole batch left it).
 */
function commandsFor({ changes }: ItemsProjected): RaiseLowStockAlertCommand[] {
  const atLocations = new Set(
    changes
      .filter(({ type, hasLocationThresholds }) => hasLocationThresholds && MAY_CROSS_AT_A_LOCATION.has(type))
      .map(({ itemId }) => itemId),
  );
  const lastChanges = new Map<string, ItemChange>(changes.map((change) => [change.itemId, change]));
  return [...lastChanges.values()]
    .filter(({ item, itemId }) => !item.archived && (item.lowStock || atLocations.has(itemId)))
    .map(({ itemId }) => new RaiseLowStockAlertCommand(itemId));
}

/**
 * Low-stock alerts from the items projection's live batches (ItemsProjected is published by the
 * process that committed the batch, never during a replay). Whether a batch crossed the threshold
 * is decided by the command handler from the item's stream, not here: batches may reach this saga
 * out of order across replicas, and the stream is the same for every one of them.
 */
@Injectable()
export class LowStockSaga {
  constructor(private readonly failures: SagaFailures) {}

  @Saga()
  lowStock = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(ItemsProjected),
      // An error escaping into the saga's stream would end it for good (nestjs/cqrs #1401): catch it per batch.
      mergeMap((event) =>
        defer(() => from(commandsFor(event))).pipe(
          catchError((error: unknown) => {
            this.failures.sagaFailed(error);
            return EMPTY;
          }),
        ),
      ),
    );
}
