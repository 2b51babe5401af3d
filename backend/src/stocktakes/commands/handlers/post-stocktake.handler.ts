import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { positioned, type Positioned, type StoredEvent } from '../../../event-store';
import { evolve, initialItem, itemStreamId, metadataOf, type CommandContext, type Item } from '../../../inventory';
import { decidePosting } from '../../domain/decide';
import { stocktakeStreamId, type PostedLine } from '../../domain/stocktake-events';
import type { Posting, PostingLine } from '../../queries/impl/views';
import { PostStocktakeCommand } from '../impl/post-stocktake.command';
import { inventoryEvents, StocktakeStreams, type LoadedStocktake } from '../stocktake-streams';

type ItemFields = Extract<Item, { status: 'active' | 'archived' }>['fields'];

const cents = (value: number) => Math.round(value * 100) / 100;

function postingOf(id: string, dryRun: boolean, settled: readonly (PostedLine & { fields: ItemFields | null })[]): Posting {
  const lines = settled.map(({ fields, adjustment, countedAt: _countedAt, ...line }): PostingLine => ({
    ...line,
    sku: fields?.sku ?? '',
    name: fields?.name ?? '',
    variance: adjustment,
    varianceValue: fields?.price === null || fields === null ? null : cents(adjustment * fields.price),
  }));
  return {
    id,
    status: dryRun ? 'open' : 'posted',
    dryRun,
    lines,
    totalVariance: lines.reduce((sum, { variance }) => sum + variance, 0),
    totalValue: cents(lines.reduce((sum, { varianceValue }) => sum + (varianceValue ?? 0), 0)),
  };
}

@CommandHandler(PostStocktakeCommand)
export class PostStocktakeHandler implements ICommandHandler<PostStocktakeCommand> {
  constructor(private readonly streams: StocktakeStreams) {}

  /**
   * Every adjustment and the stocktake's `posted` in one transaction, each stream at the version
   * decided on: a movement racing the posting makes it decide again on the stock as it then is.
   * A stocktake posted before answers that posting again, appending nothing.
   */
  execute({ stocktakeId, dryRun, context }: PostStocktakeCommand): Promise<Posting | Positioned<Posting>> {
    return this.streams.retrying(stocktakeId, async () => {
      const loaded = await this.streams.stocktake(stocktakeId);
      if (loaded.state.status === 'posted') return this.postedBefore(stocktakeId, loaded, dryRun);
      const countedIds = loaded.state.status === 'absent' ? [] : [...loaded.state.lines].flatMap(([id, count]) => (count ? [id] : []));
      const itemStreams = await this.streams.items(countedIds);
      const posting = decidePosting(
        loaded.state,
        stocktakeId,
        new Map([...itemStreams].map(([id, events]) => [id, inventoryEvents(events)])),
        new Map(countedIds.map((id) => [id, randomUUID()])),
      );
      const answer = postingOf(
        stocktakeId,
        dryRun,
        posting.lines.map(({ item, ...line }) => ({ ...line, fields: item.fields })),
      );
      if (dryRun) return answer;
      return positioned(answer, await this.append(loaded, posting, itemStreams, context));
    });
  }

  private async append(
    loaded: LoadedStocktake,
    posting: ReturnType<typeof decidePosting>,
    itemStreams: ReadonlyMap<string, readonly StoredEvent[]>,
    context: CommandContext,
  ): Promise<number> {
    const metadata = metadataOf(context);
    const outcome = await this.streams.store.appendToStreams({
      streams: [
        {
          streamId: stocktakeStreamId(posting.stocktake.data.stocktakeId),
          expectedVersion: loaded.state.version,
          events: [{ ...posting.stocktake, metadata }],
        },
        ...[...posting.items].map(([itemId, events]) => ({
          streamId: itemStreamId(itemId),
          expectedVersion: itemStreams.get(itemId)?.length ?? 0,
          events: events.map((event) => ({ ...event, metadata })),
        })),
      ],
    });
    if (outcome.status !== 'appended') throw new Error('an unkeyed append was answered as a replay');
    return Math.max(...outcome.streams.flatMap(({ positions }) => positions));
  }

  /** The posting as it was made, at the position of its event; the items' SKU, name and price as they are now. */
  private async postedBefore(
    stocktakeId: string,
    { state, events }: LoadedStocktake,
    dryRun: boolean,
  ): Promise<Posting | Positioned<Posting>> {
    if (state.status === 'absent') throw new Error('an absent stocktake was not posted');
    const itemStreams = await this.streams.items(state.settled.map(({ itemId }) => itemId));
    const lines = state.settled.map((line) => {
      const item = inventoryEvents(itemStreams.get(line.itemId) ?? []).reduce(evolve, initialItem());
      return { ...line, fields: item.status === 'absent' ? null : item.fields };
    });
    const answer = { ...postingOf(stocktakeId, false, lines), dryRun };
    return dryRun ? answer : positioned(answer, events.at(-1)?.position ?? 0);
  }
}
