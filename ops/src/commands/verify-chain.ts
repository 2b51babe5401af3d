import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import type { Pool } from 'pg';
import { AnchorFileError } from '../../../backend/src/event-store/chain-anchor';
import { verifyHashChain } from '../../../backend/src/event-store/chain-verification';
import { EXIT, OpsError } from '../ops-error';
import { print, type Terminal } from '../terminal';

export interface VerifyChainOptions {
  /** The anchor the app keeps (IMS_CHAIN_ANCHOR_FILE, or the data directory's). */
  readonly configured: string | undefined;
  /** Another anchor to compare with: the one saved with a backup. */
  readonly anchor?: string | undefined;
  /** Once the log matches `anchor`, put it in place of the configured one. */
  readonly adopt?: boolean | undefined;
}

/**
 * `verify-chain`: recomputes every event's hash in Node from its content and its stream
 * predecessor, and compares the log with the anchor kept outside the database, which also
 * catches a cut-off tail. After a restore, `--anchor <backup's anchor> --adopt` checks the
 * restored log against the anchor saved with the backup and makes it the one the app extends.
 * Exit 1 when the chain is broken or the log does not match the anchor.
 */
export async function verifyChain(pool: Pool, terminal: Terminal, options: VerifyChainOptions): Promise<number> {
  if (options.adopt && (!options.anchor || !options.configured)) {
    throw new OpsError(
      options.anchor ? 'no anchor file to replace: set IMS_CHAIN_ANCHOR_FILE (or IMS_DATA_DIR)' : '--adopt needs --anchor <file>: the anchor saved with the backup',
    );
  }
  if (options.anchor && !existsSync(options.anchor)) throw new OpsError(`no anchor file at ${options.anchor}`);
  const anchorFile = options.anchor ?? options.configured;
  const verdict = await verifyHashChain(pool, { anchorFile }).catch((error: unknown) => {
    throw error instanceof AnchorFileError ? new OpsError(error.message) : error;
  });
  if (verdict.firstBadPosition !== undefined) {
    print(terminal.out, `hash chain BROKEN at position ${verdict.firstBadPosition} (${verdict.checked} events checked)`);
    return EXIT.found;
  }
  print(terminal.out, `hash chain intact: ${verdict.checked} events, every hash recomputed`);
  print(terminal.out, `log head: position ${verdict.head.position}, digest ${verdict.head.digest}`);
  if (!verdict.anchor) {
    print(terminal.out, 'no chain anchor configured (IMS_CHAIN_ANCHOR_FILE): a log cut short at its end cannot be told from a whole one');
    return EXIT.ok;
  }
  if (!verdict.anchor.intact) {
    print(terminal.out, `anchor ${verdict.anchor.file} NOT MATCHED: ${verdict.anchor.message}`);
    return EXIT.found;
  }
  print(terminal.out, `anchor ${verdict.anchor.file}: ${verdict.anchor.message}`);
  if (options.adopt && options.anchor && options.configured && options.anchor !== options.configured) {
    await copyFile(options.anchor, options.configured);
    print(terminal.out, `adopted: ${options.configured} now holds this anchor; the app extends it from here`);
  }
  return EXIT.ok;
}
