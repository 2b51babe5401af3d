import { applyDecorators, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { ProblemException } from '../../common';
import { headerOf, type HttpRequest } from '../../common';
import { ProjectionFreshness } from './projection-freshness';

/** The request header a client sends to read its own writes: the position a write answered. */
const MIN_POSITION_HEADER = 'x-min-position';

/** How long a read waits for the read models before it answers 503 `not-yet-consistent`. */
const MIN_POSITION_WAIT_MS = 2000;

/** `X-Min-Position` as OpenAPI describes it: on every GET, and on a route marked `ReadsReadModels`. */
export const MIN_POSITION = {
  name: 'X-Min-Position',
  in: 'header' as const,
  required: false,
  description:
    'Wait (at most 2 s, then 503 `not-yet-consistent`) until the read models hold the event at this position, as a write answered it',
  schema: { type: 'integer' as const, minimum: 0 },
};

const READS_READ_MODELS = 'ims:reads-read-models';

/**
 * Marks a route that is not a GET but answers from the read models (an import's preview resolves
 * locations, SKUs and barcodes there): it honours `X-Min-Position` as a GET does.
 */
export const ReadsReadModels = () => applyDecorators(SetMetadata(READS_READ_MODELS, true), ApiHeader(MIN_POSITION));

/**
 * `X-Min-Position: <position>` on any GET, or on a route marked `ReadsReadModels`, makes it wait (at
 * most 2 s) until the read models have applied that event, so a client that wrote reads its write;
 * past the bound it answers 503.
 * Without the header, nothing waits. A global guard, installed after the access guard (so a caller
 * without a token cannot make the server wait): a global interceptor would put Nest's per-request
 * observable plumbing on every route, the hot write routes included (about a seventh of the API's
 * CPU per stock movement), where this answers at once without awaiting anything.
 */
@Injectable()
export class MinPositionGuard implements CanActivate {
  constructor(
    private readonly freshness: ProjectionFreshness,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const header = headerOf(request, MIN_POSITION_HEADER);
    if (header === undefined) return true;
    if (request.method !== 'GET' && this.reflector.get<boolean | undefined>(READS_READ_MODELS, context.getHandler()) !== true) return true;
    const position = /^\d+$/.test(header) ? Number(header) : NaN;
    if (!Number.isSafeInteger(position)) {
      throw ProblemException.of('validation', `X-Min-Position must be an event position, got "${header}"`, {
        errors: [{ field: 'X-Min-Position', message: 'must be a whole number' }],
      });
    }
    return this.waitFor(position, context);
  }

  private async waitFor(position: number, context: ExecutionContext): Promise<boolean> {
    if (await this.freshness.waitFor(position, MIN_POSITION_WAIT_MS)) return true;
    context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', '1');
    throw ProblemException.of('not-yet-consistent', `The read models have not yet applied position ${position}; try again shortly`);
  }
}
