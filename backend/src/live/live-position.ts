import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LiveFeed } from './live-feed';

/** The response headers of every API read: the live feed's position and epoch the answer already reflects. */
const LIVE_POSITION_HEADER = 'X-Live-Position';
const LIVE_EPOCH_HEADER = 'X-Live-Epoch';
/** What a page of another origin (CORS) must be allowed to read for its socket to resume from its reads. */
export const LIVE_READ_HEADERS = [LIVE_POSITION_HEADER, LIVE_EPOCH_HEADER] as const;

/**
 * Stamps each API read (a GET under `apiPath`) with where this replica's live feed stood before the read ran (the hook runs
 * before the route's guards, so before a read-your-writes wait too). The read models held every
 * message up to there (the feed never passes its sources' checkpoints, which only move on), so a
 * socket that resumes from this position patches the page with every change the read may have
 * missed: nothing committed between a page's read and its socket's greeting is lost, and what the
 * read already showed comes again only as a version the page already has. A Fastify hook rather
 * than a global Nest interceptor, which wrapped every request, reads or not, in observables and
 * async resources.
 */
export function stampLivePositions(app: NestFastifyApplication, apiPath: string): void {
  const feed = app.get(LiveFeed);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      if (request.method === 'GET' && request.url.startsWith(apiPath)) {
        void reply.header(LIVE_POSITION_HEADER, String(feed.cursor.position));
        if (feed.epoch) void reply.header(LIVE_EPOCH_HEADER, feed.epoch);
      }
      done();
    });
}
