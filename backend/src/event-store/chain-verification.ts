import type { Pool } from 'pg';
import { readAnchor, type ChainAnchor } from './chain-anchor';
import { GENESIS, walkChain, type ChainHead } from './hash-chain';

/** The log compared with the anchor kept outside it. */
export interface AnchorCheck {
  readonly file: string;
  /** Undefined until the app first writes the anchor. */
  readonly anchored?: ChainAnchor;
  /** Events the anchor records up to its position that the log lacks (negative: it holds more). */
  readonly missing?: number;
  readonly intact: boolean;
  readonly message: string;
}

export interface ChainVerdict {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBadPosition?: number;
  /** Where the walk ended: the log's last event and the digest of the whole log up to it. */
  readonly head: ChainHead;
  /** Present when an anchor file is configured. */
  readonly anchor?: AnchorCheck;
}

export interface VerifyOptions {
  readonly anchorFile?: string | undefined;
  readonly batchSize?: number;
}

/**
 * Recomputes every event's hash in Node (see walkChain) and, given the anchor file, checks that
 * the log still holds exactly the events the anchor recorded up to its position: a cut-off tail,
 * which leaves every remaining chain intact, fails here.
 */
export async function verifyHashChain(pool: Pool, options: VerifyOptions = {}): Promise<ChainVerdict> {
  const { anchorFile, batchSize = 5000 } = options;
  const anchored = anchorFile === undefined ? undefined : await readAnchor(anchorFile);
  const toAnchor = await walkChain(pool, GENESIS, { upTo: anchored?.position, batchSize });
  const rest = toAnchor.firstBadPosition === undefined ? await walkChain(pool, toAnchor.head, { batchSize }) : toAnchor;
  const checked = toAnchor === rest ? toAnchor.checked : toAnchor.checked + rest.checked;
  if (rest.firstBadPosition !== undefined) return { ok: false, checked, firstBadPosition: rest.firstBadPosition, head: rest.head };
  if (anchorFile === undefined) return { ok: true, checked, head: rest.head };
  const anchor = compareWithAnchor(anchorFile, anchored, toAnchor.head, rest.head);
  return { ok: anchor.intact, checked, head: rest.head, anchor };
}

const events = (count: number) => `${count} event${count === 1 ? '' : 's'}`;

/** `atAnchor`: the log up to the anchor's position; `end`: the whole log. */
function compareWithAnchor(file: string, anchored: ChainAnchor | undefined, atAnchor: ChainHead, end: ChainHead): AnchorCheck {
  if (!anchored) return { file, intact: true, message: `no anchor has been written to ${file} yet` };
  const recorded = `the anchor records position ${anchored.position} with digest ${anchored.digest} (${events(anchored.events)}, written ${anchored.writtenAt})`;
  const missing = anchored.events - atAnchor.events;
  if (atAnchor.position === anchored.position && missing === 0 && atAnchor.digest === anchored.digest) {
    return { file, anchored, missing, intact: true, message: `the log holds every event anchored: ${recorded}` };
  }
  const message =
    end.position < anchored.position
      ? `the log ends at position ${end.position} but ${recorded}: ${events(missing)} ${missing === 1 ? 'is' : 'are'} missing`
      : missing > 0
        ? `${events(missing)} up to position ${anchored.position} ${missing === 1 ? 'is' : 'are'} missing: ${recorded}, the log holds ${atAnchor.events}`
        : missing < 0
          ? `the log holds ${events(-missing)} more up to position ${anchored.position} than anchored: ${recorded}`
          : `the events up to position ${anchored.position} are not those anchored: their digest is ${atAnchor.digest}, ${recorded}`;
  return { file, anchored, missing, intact: false, message };
}
