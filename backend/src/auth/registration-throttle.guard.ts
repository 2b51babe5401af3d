import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from '../common';
import { AttemptCounter, rateLimited } from './attempt-counter';

/** Registrations allowed per client address, whatever their outcome: enough for an office behind one address. */
export const REGISTRATION_LIMIT = { limit: 20, windowSeconds: 60 * 60 } as const;

@Injectable()
export class RegistrationThrottle implements CanActivate {
  constructor(private readonly attempts: AttemptCounter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { ip } = context.switchToHttp().getRequest<HttpRequest>();
    const wait = await this.attempts.count([{ key: `register:${ip}`, ...REGISTRATION_LIMIT }]);
    if (wait > 0) throw rateLimited(context, wait, 'registrations');
    return true;
  }
}
