import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '../../../event-store';
import { decide } from '../../domain/decide';
import { fold } from '../../domain/item';
import { itemStreamId, type InventoryEvent } from '../../domain/item-events';
import { reversalPreview, type ReversalPreview } from '../answers';
import { PreviewReversalCommand } from '../impl/preview-reversal.command';
import { ReversalRequests } from '../reversal-requests';
import { StockLocations } from '../stock-locations';

/** Loads and decides like the reversal itself (so it is refused alike), then answers the change instead of appending it. */
@CommandHandler(PreviewReversalCommand)
export class PreviewReversalHandler implements ICommandHandler<PreviewReversalCommand> {
  constructor(
    private readonly requests: ReversalRequests,
    private readonly store: EventStore,
    private readonly locations: StockLocations,
  ) {}

  async execute({ originalId, reason, user }: PreviewReversalCommand): Promise<ReversalPreview> {
    const reversal = await this.requests.reversal(originalId, 'preview', user, reason);
    return this.requests.movingAtEach(this.locations, reversal, async () => {
      const item = fold((await this.store.readStream(itemStreamId(reversal.itemId))) as unknown as InventoryEvent[]);
      return reversalPreview(originalId, item, decide({ type: 'ReverseMovement', data: reversal }, item));
    });
  }
}
