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
}

export interface UserRoleChangedData {
  readonly userId: string;
  readonly from: Role;
  readonly to: Role;
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
  | { readonly type: 'UserRoleChanged'; readonly data: UserRoleChangedData };

export type UserEventType = UserEvent['type'];
