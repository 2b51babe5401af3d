import type { Pool } from 'pg';
import { verifyHashChain } from '../../../backend/src/event-store/hash-chain';
import { EXIT } from '../ops-error';
import { print, type Terminal } from '../terminal';

/**
 * `verify-chain`: recomputes every event's hash from its content and its stream predecessor.
 * With `expectDigest` (a head digest recorded earlier, outside the database) it also proves no
 * stream lost its tail. Exit 1 when the chain is broken or the digest differs.
 */
export async function verifyChain(pool: Pool, terminal: Terminal, options: { expectDigest?: string | undefined }): Promise<number> {
  const verdict = await verifyHashChain(pool);
  if (!verdict.ok) {
    print(terminal.out, `hash chain BROKEN at position ${verdict.firstBadPosition} (${verdict.checked} events checked)`);
    return EXIT.found;
  }
  print(terminal.out, `hash chain intact: ${verdict.checked} events`);
  print(terminal.out, `head digest ${verdict.headDigest}`);
  if (options.expectDigest !== undefined && options.expectDigest !== verdict.headDigest) {
    print(terminal.out, `head digest differs from the expected ${options.expectDigest}: events were removed or added since it was recorded`);
    return EXIT.found;
  }
  return EXIT.ok;
}
