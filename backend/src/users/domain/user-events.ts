import type { Role } from '../../access';

/**
 * The accounts' events, as stored in the event log. Each user is one stream `user-<uuid>`.
 * They carry no password and no hash: the log is exported and audited.
 */

export const USER_STREAM_PREFIX = 'user-';
export const userStreamId = (userId: string) => `${USER_STREAM_PREFIX}${userId}`;

export interface UserRegisteredData {
  readonly userId: string;
  readonly username: string;
  readonly email: string;
  readonly role: Role;
  /** A service account: a script's, with no password; it never signs in, a manager makes its API tokens. */
  readonly service?: true;
}

export interface UserRoleChangedData {
  readonly userId: string;
  readonly from: Role;
  readonly to: Role;
}

/** Deactivated, reactivated, a password changed by its owner or reset by a manager: the user id is all they carry. */
export interface UserAccountData {
  readonly userId: string;
}

/** Who did it: the acting user (for a self-registration or the first manager, the new user itself). */
export interface UserEventMetadata {
  readonly userId: string;
  readonly username: string;
  readonly correlationId: string;
  readonly reason: string;
}

export type UserEvent =
  | { readonly type: 'UserRegistered'; readonly data: UserRegisteredData }
  | { readonly type: 'UserRoleChanged'; readonly data: UserRoleChangedData }
  | { readonly type: 'UserDeactivated' | 'UserReactivated' | 'PasswordChanged' | 'PasswordReset'; readonly data: UserAccountData };

export type UserEventType = UserEvent['type'];
