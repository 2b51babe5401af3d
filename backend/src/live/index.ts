/** The live feed's public face: features add their messages as a `FeedSource` (`LiveFeedSources.add`). */
export { LiveFeedSources, readFeed, type FeedSource } from './feed-source';
export { compareCheckpoints } from './feed-order';
export { feedState } from './store-range';
export { frontierWakeUps } from './frontier-wake-ups';
export type { FeedEntry, LiveType } from './live-messages';
export { LiveModule } from './live.module';
export { LIVE_READ_HEADERS, stampLivePositions } from './live-position';
