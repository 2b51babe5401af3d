import type { Role } from '../../access';
import type { UserEventType } from './user-events';

/**
 * Who could get in, and when: sign-ins, failed sign-ins, sign-outs and API tokens made and revoked, in the hash-chained log like
 * every event. A known user's are in their stream `access-<uuid>`; a failed sign-in with a name that
 * belongs to nobody goes to the one stream `access-attempts`, so guessed names never make streams.
 * They carry no password, token or hash: the log is exported and audited.
 */
const ACCESS_STREAM_PREFIX = 'access-';
export const ACCESS_ATTEMPTS_STREAM = `${ACCESS_STREAM_PREFIX}attempts`;
export const accessStreamId = (userId: string) => `${ACCESS_STREAM_PREFIX}${userId}`;

/** Where a sign-in came from: the client address and its browser as read from the user agent. */
export interface AccessOrigin {
  readonly address: string;
  readonly browser: string;
}

export interface UserSignedInData extends AccessOrigin {
  readonly userId: string;
  readonly username: string;
  readonly sessionId: string;
}

/** `username` as typed; `userId` only when it named a user. `reason` is for the auditor: the client hears one answer for all. */
export interface UserSignInFailedData extends AccessOrigin {
  readonly username: string;
  readonly userId?: string;
  readonly reason: 'unknown user' | 'wrong password' | 'deactivated';
}

export interface UserSignedOutData {
  readonly userId: string;
  readonly sessionId: string;
}

/** A personal API token was made: what it may do, never its secret or hash. `userId`: whose token it is. */
export interface ApiTokenCreatedData {
  readonly userId: string;
  readonly tokenId: string;
  readonly name: string;
  readonly role: Role;
  readonly readOnly: boolean;
  readonly expiresAt: string | null;
}

export interface ApiTokenRevokedData {
  readonly userId: string;
  readonly tokenId: string;
  readonly name: string;
}

export type AccessEvent =
  | { readonly type: 'UserSignedIn'; readonly data: UserSignedInData }
  | { readonly type: 'UserSignInFailed'; readonly data: UserSignInFailedData }
  | { readonly type: 'UserSignedOut'; readonly data: UserSignedOutData }
  | { readonly type: 'ApiTokenCreated'; readonly data: ApiTokenCreatedData }
  | { readonly type: 'ApiTokenRevoked'; readonly data: ApiTokenRevokedData };
export type AccessEventType = AccessEvent['type'];

/** The audit's "access" category: the access events and the account events that grant or end access. */
export const ACCESS_CATEGORY_TYPES = [
  'UserSignedIn',
  'UserSignInFailed',
  'UserSignedOut',
  'PasswordChanged',
  'PasswordReset',
  'UserDeactivated',
  'UserReactivated',
  'ApiTokenCreated',
  'ApiTokenRevoked',
] as const satisfies readonly (AccessEventType | UserEventType)[];
