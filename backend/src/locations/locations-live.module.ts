import { Module } from '@nestjs/common';
import { LiveModule } from '../live';
import { LocationsLiveFeed } from './read-models/locations-feed-source';

/** The locations' `location.changed` messages on the live feed; apart, so the command side runs without the gateway. */
@Module({
  imports: [LiveModule],
  providers: [LocationsLiveFeed],
})
export class LocationsLiveModule {}
