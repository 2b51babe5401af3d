import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { APP_SETTINGS, type AppSettings } from '../config';
import { UsersModule } from '../users';
import { LiveFeedSources } from './feed-source';
import { LiveFeed } from './live-feed';
import { LIVE_OPTIONS } from './live-options';
import { LiveGateway } from './live.gateway';

/**
 * Live updates on `/ws`, fed by the projections' notifications. Exports `LiveFeedSources` so a
 * feature can add its messages (`sources.add(...)` before the app bootstraps). Every API read
 * answers the feed's position it reflects (`X-Live-Position`, stampLivePositions), for the app's
 * socket to resume from.
 */
@Module({
  imports: [AuthModule, UsersModule],
  providers: [
    { provide: LIVE_OPTIONS, inject: [APP_SETTINGS], useFactory: (settings: AppSettings) => settings.config.live },
    LiveFeedSources,
    LiveFeed,
    LiveGateway,
  ],
  exports: [LiveFeedSources, LiveGateway],
})
export class LiveModule {}
