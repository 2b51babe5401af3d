import type { AuthUser } from '../access';

/** A user as the API shows it: never a password or a hash. */
export interface UserView extends AuthUser {
  readonly createdAt: string;
  /** False once deactivated: the user can no longer sign in, but stays in every history. */
  readonly active: boolean;
  /** A service account: no password, never signs in; a manager makes its API tokens. */
  readonly service: boolean;
}

export interface UserRow {
  id: string;
  username: string;
  email: string;
  role: AuthUser['role'];
  version: number;
  created_at: Date;
  active: boolean;
  service: boolean;
}

export const USER_COLUMNS = 'id, username, email, role, version, created_at, active, service';

export const toAuthUser = (row: UserRow): AuthUser => ({
  id: row.id,
  username: row.username,
  email: row.email,
  role: row.role,
});

export const toUserView = (row: UserRow): UserView => ({
  ...toAuthUser(row),
  createdAt: row.created_at.toISOString(),
  active: row.active,
  service: row.service,
});
