import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { AuthUser } from '../../access';
import { acceptedCorrelationId, CORRELATION_HEADER, ProblemException } from '../../common';
import { headerOf, type HttpRequest } from '../../common';
import type { CommandContext } from '../commands/impl/command-context';

const HEADER_VALUE = /^[\x21-\x7e]{1,200}$/;

function header(request: HttpRequest, name: string): string | undefined {
  const value = headerOf(request, name);
  if (value === undefined) return undefined;
  if (!HEADER_VALUE.test(value)) {
    throw ProblemException.of('validation', `${name} must be 1–200 visible ASCII characters`, {
      errors: [{ field: name, message: 'must be 1–200 visible ASCII characters' }],
    });
  }
  return value;
}

/** Two requests are the same request when method, path and body (keys in any order) are equal. */
const requestHash = (request: HttpRequest): string =>
  createHash('sha256')
    .update(`${request.method} ${request.url.split('?')[0]}\n${stringify(request.body ?? null)}`)
    .digest('hex');

/** Who sends the command, under which correlation id, with which retry key (`Idempotency-Key`). */
export function commandContext(request: HttpRequest, user: AuthUser): CommandContext {
  const key = header(request, 'Idempotency-Key');
  return {
    user: { id: user.id, username: user.username },
    correlationId: acceptedCorrelationId(headerOf(request, CORRELATION_HEADER)),
    idempotency: key === undefined ? undefined : { key, requestHash: requestHash(request) },
    now: new Date(),
  };
}
