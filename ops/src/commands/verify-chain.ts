import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import type { Pool } from 'pg';
import { AnchorFileError } from '../../../backend/src/event-store';
import { verifyHashChain, type ChainVerdict } from '../../../backend/src/event-store';
import { EXIT, OpsError } from '../common/ops-error';
import { print, type Terminal } from '../common/terminal';

export interface VerifyChainOptions {
  /** The anchor the app keeps (IMS_CHAIN_ANCHOR_PATH, or the data directory's). */
  readonly configured: string | undefined;
  /** Another anchor to compare with: the one saved with a backup. */
  readonly anchor?: string | undefined;
  /** Once the log matches `anchor`, put it in place of the configured one. */
  readonly adopt?: boolean | undefined;
}

/** The chain walked and compared with `anchorFile`; an anchor that cannot be read is the operator's to fix. */
export function verifiedChain(pool: Pool, anchorFile: string | undefined): Promise<ChainVerdict> {
  return verifyHashChain(pool, { anchorFile }).catch((error: unknown) => {
    throw error instanceof AnchorFileError ? new OpsError(error.message) : error;
  });
}

/** The verdict in words, and whether it passes: every hash recomputed and, with an anchor, the anchor matched. */
export function chainReport(verdict: ChainVerdict): { readonly intact: boolean; readonly lines: readonly string[] } {
  if (verdict.firstBadPosition !== undefined) {
    return { intact: false, lines: [`hash chain BROKEN at position ${verdict.firstBadPosition} (${verdict.checked} events checked)`] };
  }
  const lines = [
    `hash chain intact: ${verdict.checked} events, every hash recomputed`,
    `log head: position ${verdict.head.position}, digest ${verdict.head.digest}`,
  ];
  if (!verdict.anchor) {
    return {
      intact: true,
      lines: [...lines, 'no chain anchor configured (IMS_CHAIN_ANCHOR_PATH): a log cut short at its end cannot be told from a whole one'],
    };
  }
  if (!verdict.anchor.intact)
    return { intact: false, lines: [...lines, `anchor ${verdict.anchor.file} NOT MATCHED: ${verdict.anchor.message}`] };
  return { intact: true, lines: [...lines, `anchor ${verdict.anchor.file}: ${verdict.anchor.message}`] };
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
      options.anchor
        ? 'no anchor file to replace: set IMS_CHAIN_ANCHOR_PATH (or IMS_DATA_DIR)'
        : '--adopt needs --anchor <file>: the anchor saved with the backup',
    );
  }
  if (options.anchor && !existsSync(options.anchor)) throw new OpsError(`no anchor file at ${options.anchor}`);
  const report = chainReport(await verifiedChain(pool, options.anchor ?? options.configured));
  for (const line of report.lines) print(terminal.out, line);
  if (!report.intact) return EXIT.found;
  if (options.adopt && options.anchor && options.configured && options.anchor !== options.configured) {
    await copyFile(options.anchor, options.configured);
    print(terminal.out, `adopted: ${options.configured} now holds this anchor; the app extends it from here`);
  }
  return EXIT.ok;
}
