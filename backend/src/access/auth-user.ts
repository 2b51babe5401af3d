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

/**
 * The signed-in user of a request and the credential it came with. `credential` names what the
 * token is checked against on every request: a sign-in session now; API tokens (issue 23) add a kind.
 * `passwordChangeOnly`: the token was issued on a temporary password and may only change it.
 */
export interface SignedInUser extends AuthUser {
  readonly credential: { readonly kind: 'session'; readonly id: string };
  readonly passwordChangeOnly: boolean;
}

/** The user part of a signed-in user, as answers show it (never the credential). */
export const authUserOf = ({ id, username, email, role }: AuthUser): AuthUser => ({ id, username, email, role });
