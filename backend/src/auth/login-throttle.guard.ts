import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerStorageService, type ThrottlerLimitDetail, type ThrottlerOptions } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { ProblemException } from '../common/problem/problem';

export const LOGIN_ATTEMPTS = Symbol('LOGIN_ATTEMPTS');

const MINUTE = 60_000;

/**
 * Sign-in attempts, counted per client address and per username (whatever its case), each with
 * its own budget: one address cannot try many accounts and many addresses cannot hammer one.
 * Counts live in this process; behind a proxy, `trust proxy` must be set for `req.ip` to be the client.
 */
export const LOGIN_LIMITS: ThrottlerOptions[] = [
  { name: 'login-per-ip', ttl: MINUTE, limit: 100, blockDuration: MINUTE },
  {
    name: 'login-per-username',
    ttl: MINUTE,
    limit: 10,
    blockDuration: 5 * MINUTE,
    getTracker: (request) => {
      const username: unknown = (request.body as { username?: unknown } | undefined)?.username;
      return typeof username === 'string' ? username.toLowerCase() : '';
    },
  },
];

@Injectable()
export class LoginThrottleGuard extends ThrottlerGuard {
  constructor(@Inject(LOGIN_ATTEMPTS) storage: ThrottlerStorageService, @Inject(Reflector) reflector: Reflector) {
    super({ throttlers: LOGIN_LIMITS, setHeaders: false }, storage, reflector);
  }

  protected override async throwThrottlingException(context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(limit.timeToBlockExpire));
    context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(seconds));
    throw ProblemException.of('rate-limited', `Too many sign-in attempts; try again in ${seconds} s`, {
      retryAfter: seconds,
    });
  }
}
