import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { LiveFeedSources } from './feed-source';
import { LiveFeed } from './live-feed';
import { liveOptions, LIVE_OPTIONS } from './live-options';
import { LiveGateway } from './live.gateway';

/**
 * Live updates on `/ws`, fed by the projections' notifications. Exports `LiveFeedSources` so a
 * feature can add its messages (`sources.add(...)` before the app bootstraps).
 */
@Module({
  imports: [AuthModule, UsersModule],
  providers: [
    { provide: LIVE_OPTIONS, useFactory: () => liveOptions() },
    LiveFeedSources,
    LiveFeed,
    LiveGateway,
  ],
  exports: [LiveFeedSources, LiveGateway],
})
export class LiveModule {}
