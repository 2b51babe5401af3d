import { createHash } from 'node:crypto';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, concatMap, from, map, type Observable } from 'rxjs';
import { NotAuthenticatedError } from './auth-errors';
import type { HttpRequest } from '../common';
import { AttemptCounter, rateLimited, type AttemptLimit } from './attempt-counter';

const FIFTEEN_MINUTES = 15 * 60;

/**
 * Failed sign-ins allowed per username from one address, and per address over all usernames.
 * Nothing counts per username alone: a stranger's failures from elsewhere never lock the owner out.
 */
export const LOGIN_LIMITS = {
  perUsernameAndAddress: { limit: 10, windowSeconds: FIFTEEN_MINUTES },
  perAddress: { limit: 100, windowSeconds: FIFTEEN_MINUTES },
} as const;

function limitsFor(request: HttpRequest): AttemptLimit[] {
  const username: unknown = (request.body as { username?: unknown } | undefined)?.username;
  const name = typeof username === 'string' ? username.toLowerCase() : '';
  // Counted before validation: a digest keeps any text the body holds (NUL, megabytes) out of the key.
  const nameDigest = createHash('sha256').update(name).digest('base64url');
  return [
    { key: `login:${request.ip}:${nameDigest}`, ...LOGIN_LIMITS.perUsernameAndAddress },
    { key: `login:${request.ip}`, ...LOGIN_LIMITS.perAddress },
  ];
}

const isWrongCredentials = (error: unknown) => error instanceof NotAuthenticatedError;

/**
 * Sign-in throttling that counts failures only. Each attempt counts before the password is checked
 * (so a burst of parallel guesses is held to the limit too) and is settled by its outcome: a wrong
 * password stays counted; a success clears its username-and-address count and takes its attempt
 * back from the address; anything else (a malformed body, an outage) takes it back from both.
 */
@Injectable()
export class LoginThrottle implements NestInterceptor {
  constructor(private readonly attempts: AttemptCounter) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const limits = limitsFor(context.switchToHttp().getRequest<HttpRequest>());
    const [usernameAndAddress, address] = limits.map((limit) => limit.key) as [string, string];
    const wait = await this.attempts.count(limits);
    if (wait > 0) throw rateLimited(context, wait, 'failed sign-ins');
    return next.handle().pipe(
      concatMap((answer: unknown) =>
        from(Promise.all([this.attempts.forget([usernameAndAddress]), this.attempts.uncount([address])])).pipe(map(() => answer)),
      ),
      catchError((error: unknown) => {
        if (isWrongCredentials(error)) throw error;
        return from(this.attempts.uncount([usernameAndAddress, address])).pipe(
          map(() => {
            throw error;
          }),
        );
      }),
    );
  }
}
