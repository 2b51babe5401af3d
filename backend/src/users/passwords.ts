import { randomBytes } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import { compare, hash } from 'bcryptjs';

/**
 * bcrypt cost 10: measured at 70–100 ms per hash on this 2-core machine (cost 11 took 150–210 ms),
 * the ~100 ms budget for a login.
 */
const BCRYPT_COST = 10;

/** bcrypt reads at most 72 bytes: longer passwords are refused rather than silently cut. */
const PASSWORD_BYTES = { min: 8, max: 72 } as const;

const COMMON_PASSWORD_COUNT = 10_000;

/** zxcvbn-ts's list is ranked by how often each password turned up in leaks; the head of it is what guessers try first. */
const commonPasswords = new Set(dictionary['passwords-common'].slice(0, COMMON_PASSWORD_COUNT));

/** Why `password` may not be set for `username` ("must ...", for the caller to name the field), or undefined when it may. */
export function passwordProblem(password: string, username: string): string | undefined {
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes < PASSWORD_BYTES.min || bytes > PASSWORD_BYTES.max) {
    return `must be ${PASSWORD_BYTES.min} to ${PASSWORD_BYTES.max} bytes long`;
  }
  if (commonPasswords.has(password.toLowerCase()))
    return `must not be one of the ${COMMON_PASSWORD_COUNT.toLocaleString('en')} most common passwords`;
  if (username !== '' && password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  return undefined;
}

/**
 * A manager's reset: 96 random bits as 16 URL-safe characters, read out or pasted once. Drawn again
 * in the rare case the rule refuses it (it contains the username).
 */
export function temporaryPasswordFor(username: string): string {
  for (;;) {
    const password = randomBytes(12).toString('base64url');
    if (passwordProblem(password, username) === undefined) return password;
  }
}

let unknownUserHash: Promise<string> | undefined;

export const hashPassword = (password: string) => hash(password, BCRYPT_COST);

/** An unknown user costs a comparison too, so the time of a refusal does not tell which usernames exist. */
export async function verifyPassword(password: string, passwordHash: string | undefined): Promise<boolean> {
  unknownUserHash ??= hash('nobody has this password', BCRYPT_COST);
  const matches = await compare(password, passwordHash ?? (await unknownUserHash));
  return matches && passwordHash !== undefined;
}
