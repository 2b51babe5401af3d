import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { LiveFeed } from './live-feed';

/** The response headers of every API read: the live feed's position and epoch the answer already reflects. */
const LIVE_POSITION_HEADER = 'X-Live-Position';
const LIVE_EPOCH_HEADER = 'X-Live-Epoch';
/** What a page of another origin (CORS) must be allowed to read for its socket to resume from its reads. */
export const LIVE_READ_HEADERS = [LIVE_POSITION_HEADER, LIVE_EPOCH_HEADER] as const;

/**
 * Stamps each read with where this replica's live feed stood before the read ran. The read models
 * held every message up to there (the feed never passes its sources' checkpoints, which only move
 * on), so a socket that resumes from this position patches the page with every change the read
 * may have missed: nothing committed between a page's read and its socket's greeting is lost, and
 * what the read already showed comes again only as a version the page already has.
 */
@Injectable()
export class LivePositionInterceptor implements NestInterceptor {
  constructor(private readonly feed: LiveFeed) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http' && context.switchToHttp().getRequest<FastifyRequest>().method === 'GET') {
      const reply = context.switchToHttp().getResponse<FastifyReply>();
      void reply.header(LIVE_POSITION_HEADER, String(this.feed.cursor.position));
      if (this.feed.epoch) void reply.header(LIVE_EPOCH_HEADER, this.feed.epoch);
    }
    return next.handle();
  }
}
