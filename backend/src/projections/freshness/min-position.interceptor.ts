import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import { ProblemException } from '../../common/problem/problem';
import { headerOf, type HttpRequest } from '../../web/http-request';
import { ProjectionFreshness } from './projection-freshness';

/** The request header a client sends to read its own writes: the position a write answered with. */
export const MIN_POSITION_HEADER = 'x-min-position';

/**
 * `X-Min-Position: <position>` on a GET makes it wait (at most 2 s) until the read models have
 * applied that event, so a client that just wrote reads its write. Without the header, nothing waits.
 */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(private readonly freshness: ProjectionFreshness) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const header = request.method === 'GET' ? headerOf(request, MIN_POSITION_HEADER) : undefined;
    if (header === undefined) return next.handle();
    const position = Number(header);
    if (!Number.isSafeInteger(position) || position < 0) {
      throw ProblemException.of('validation', `${MIN_POSITION_HEADER} must be an event position, got "${header}"`);
    }
    return from(this.freshness.waitFor(position)).pipe(switchMap(() => next.handle()));
  }
}
