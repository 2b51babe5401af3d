import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { InjectPool } from '../../../database';
import { positioned, type Positioned } from '../../../event-store';
import { evolve, initialItem, itemsAtLocation, metadataOf, StockLocations } from '../../../inventory';
import { decide } from '../../domain/decide';
import { stocktakeStreamId } from '../../domain/stocktake-events';
import type { OpenedStocktake } from '../../queries/impl/views';
import { OpenStocktakeCommand } from '../impl/open-stocktake.command';
import { inventoryEvents, StocktakeStreams } from '../stocktake-streams';

@CommandHandler(OpenStocktakeCommand)
export class OpenStocktakeHandler implements ICommandHandler<OpenStocktakeCommand> {
  constructor(
    private readonly streams: StocktakeStreams,
    private readonly locations: StockLocations,
    @InjectPool() private readonly pool: Pool,
  ) {}

  /** The location must be open, as for a movement there; "every item there" is read from the read side. */
  execute({ stocktakeId, locationId, itemIds, context }: OpenStocktakeCommand): Promise<Positioned<OpenedStocktake>> {
    return this.locations.movingAt(locationId, async () => {
      const chosen = itemIds ?? (await itemsAtLocation(this.pool, locationId));
      const streams = await this.streams.items(chosen);
      const items = chosen.map((itemId) => ({
        itemId,
        status: inventoryEvents(streams.get(itemId) ?? []).reduce(evolve, initialItem()).status,
      }));
      return this.streams.retrying(stocktakeId, async () => {
        const { state } = await this.streams.stocktake(stocktakeId);
        const [opened] = decide({ type: 'OpenStocktake', data: { stocktakeId, locationId, items } }, state);
        if (opened?.data.kind !== 'opened') throw new Error('opening a stocktake decided no opening');
        const outcome = await this.streams.store.append({
          streamId: stocktakeStreamId(stocktakeId),
          expectedVersion: state.version,
          events: [{ ...opened, metadata: metadataOf(context) }],
        });
        if (outcome.status !== 'appended') throw new Error('an unkeyed append was answered as a replay');
        const answer: OpenedStocktake = {
          id: stocktakeId,
          locationId,
          status: 'open',
          lines: opened.data.itemIds.map((itemId) => ({ itemId })),
        };
        return positioned(answer, outcome.positions.at(-1) ?? 0);
      });
    });
  }
}
