import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from '../common';
import { AttemptCounter, rateLimited } from './attempt-counter';

/** Self-service reset requests per client address: enough for an office behind one address. */
const RESET_REQUESTS_PER_ADDRESS = { limit: 10, windowSeconds: 60 * 60 } as const;
/** Per username or email as typed: one inbox gets a few links an hour at most, whoever asks. */
const RESET_REQUESTS_PER_LOGIN = { limit: 3, windowSeconds: 60 * 60 } as const;

/** Counts every request, whether or not an account matches, so the 429 says nothing about which exist. */
@Injectable()
export class ResetRequestThrottle implements CanActivate {
  constructor(private readonly attempts: AttemptCounter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { ip, body } = context.switchToHttp().getRequest<HttpRequest & { body?: { login?: unknown } }>();
    const login = typeof body?.login === 'string' ? body.login.trim().toLowerCase() : '';
    const wait = await this.attempts.count([
      { key: `reset-request:${ip}`, ...RESET_REQUESTS_PER_ADDRESS },
      { key: `reset-request-login:${login}`, ...RESET_REQUESTS_PER_LOGIN },
    ]);
    if (wait > 0) throw rateLimited(context, wait, 'password-reset requests');
    return true;
  }
}
