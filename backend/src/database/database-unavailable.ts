import { messageOf } from '../common';
/** Seconds a client is told to wait (`Retry-After`) while the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * SQLSTATEs that say the server cannot serve this connection now, whatever the statement:
 * class 08 (connection exception), shutting down (57P01, 57P02), starting up (57P03), no slot left (53300).
 */
const UNREACHABLE_SQLSTATES = /^(08...|57P0[123]|53300)$/;

/** Socket failures on the way to the server. */
const UNREACHABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** What node-postgres and pg-pool throw, without a code, when the connection is gone or never came. */
const UNREACHABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
];

/** The database could not be reached: nothing the request asked for was done, and it may be tried again. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the database cannot be reached: ${messageOf(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

function isUnreachable(error: unknown, depth: number): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (UNREACHABLE_SQLSTATES.test(code) || UNREACHABLE_ERRNOS.has(code))) return true;
  if (UNREACHABLE_MESSAGES.some((message) => message.test(error.message))) return true;
  // Connecting to a host name tries each of its addresses: Node reports all their refusals at once.
  if (error instanceof AggregateError && error.errors.some((inner) => isUnreachable(inner, depth + 1))) return true;
  return isUnreachable(error.cause, depth + 1);
}

/** The error as a DatabaseUnavailableError when it says the database cannot be reached, else undefined. */
export function asDatabaseUnavailable(error: unknown): DatabaseUnavailableError | undefined {
  if (error instanceof DatabaseUnavailableError) return error;
  return isUnreachable(error, 0) ? new DatabaseUnavailableError(error) : undefined;
}
