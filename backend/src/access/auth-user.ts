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
 * What a request's bearer token is checked against on every request: a sign-in session, or a
 * personal API token, which may be read-only and may expire (ms since the epoch; null: never).
 */
export type Credential =
  | { readonly kind: 'session'; readonly id: string }
  | { readonly kind: 'api-token'; readonly id: string; readonly readOnly: boolean; readonly expiresAt: number | null };

/**
 * The signed-in user of a request and the credential it came with. With an API token, `role` is
 * the lower of the token's and the user's. `passwordChangeOnly`: the token was issued on a
 * temporary password and may only change it.
 */
export interface SignedInUser extends AuthUser {
  readonly credential: Credential;
  readonly passwordChangeOnly: boolean;
}

/** The user part of a signed-in user, as answers show it (never the credential). */
export const authUserOf = ({ id, username, email, role }: AuthUser): AuthUser => ({ id, username, email, role });
