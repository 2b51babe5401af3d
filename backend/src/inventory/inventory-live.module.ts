import { Module } from '@nestjs/common';
import { LiveModule } from '../live';
import { InventoryLiveFeed } from './read-models/inventory-feed-source';

/** The inventory's item.* and stock.moved messages on the live feed; apart, so the command side runs without the gateway. */
@Module({
  imports: [LiveModule],
  providers: [InventoryLiveFeed],
})
export class InventoryLiveModule {}
