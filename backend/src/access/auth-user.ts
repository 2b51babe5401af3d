export const ROLES = ['manager', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user as every request sees it: read from the database, never from the token alone. */
export interface AuthUser {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly role: Role;
}

/** Who acts in a command: the part of the signed-in user its events record in their metadata. */
export type ActingUser = Pick<AuthUser, 'id' | 'username'>;
