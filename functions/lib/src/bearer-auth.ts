import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether `Authorization: Bearer <token>` carries the expected key. Both sides are hashed first so
 * timingSafeEqual compares equal-length buffers and the time taken says nothing about the key.
 */
export function bearerTokenMatches(authorization: string | undefined, expectedKey: string): boolean {
  const token = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')?.[1];
  const matches = timingSafeEqual(digest(token ?? ''), digest(expectedKey));
  return token !== undefined && matches;
}
