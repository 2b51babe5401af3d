import { Module } from '@nestjs/common';
import { LiveModule } from '../live';
import { StocktakesLiveFeed } from './read-models/stocktakes-feed-source';

/** The stocktakes' `stocktake.changed` messages on the live feed; apart, so the command side runs without the gateway. */
@Module({
  imports: [LiveModule],
  providers: [StocktakesLiveFeed],
})
export class StocktakesLiveModule {}
