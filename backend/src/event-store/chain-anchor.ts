import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Pool } from 'pg';
import { GENESIS, walkChain, type ChainHead } from './hash-chain';

/**
 * The chain's head kept outside the database: a role that can rewrite the events table cannot
 * rewrite this file, so a log cut short (or rewritten and re-hashed from some point on) no longer
 * matches it. It only ever covers events whose hashes were recomputed before it was written.
 */
export interface ChainAnchor extends ChainHead {
  readonly writtenAt: string;
}

export class AnchorFileError extends Error {
  constructor(file: string, reason: string) {
    super(`the chain anchor ${file} ${reason}`);
    this.name = 'AnchorFileError';
  }
}

const isAnchor = (value: unknown): value is ChainAnchor => {
  const anchor = value as Partial<ChainAnchor> | null;
  return (
    typeof anchor === 'object' &&
    anchor !== null &&
    Number.isSafeInteger(anchor.position) &&
    Number.isSafeInteger(anchor.events) &&
    typeof anchor.digest === 'string' &&
    /^([0-9a-f]{64})?$/.test(anchor.digest) &&
    typeof anchor.writtenAt === 'string'
  );
};

/** The anchor in `file`; undefined when none was written yet. */
export async function readAnchor(file: string): Promise<ChainAnchor | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AnchorFileError(file, `cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AnchorFileError(file, 'is not JSON');
  }
  if (!isAnchor(parsed)) throw new AnchorFileError(file, 'is not an anchor ({position, events, digest, writtenAt})');
  return parsed;
}

/**
 * Written beside the file, flushed, then renamed over it: a crash leaves the old anchor or the new
 * one, never half of one. The partial file is this write's own, as replicas may share the anchor
 * (one Docker volume per node) and two writing one partial file could leave a mix of both.
 */
async function writeAnchor(file: string, head: ChainHead): Promise<ChainAnchor> {
  const anchor: ChainAnchor = { position: head.position, events: head.events, digest: head.digest, writtenAt: new Date().toISOString() };
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.${randomUUID()}.partial`;
  const handle = await open(partial, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(anchor, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, file);
  return anchor;
}

export type AnchorAdvance =
  | { readonly moved: true; readonly anchor: ChainAnchor }
  | { readonly moved: false; readonly anchor: ChainAnchor | undefined; readonly refused?: string };

const sameAnchor = (a: ChainAnchor, b: ChainAnchor | undefined) =>
  a.position === b?.position && a.events === b.events && a.digest === b.digest;

/**
 * Moves the anchor in `file` to `upTo` (a settled position: no event can still appear below it),
 * recomputing the hash of every event after the anchor on the way. It never moves back nor past
 * a broken event: an anchor ahead of the log, or whose events are no longer all there, is
 * evidence and stays as it is. The events up to an anchor new to the caller are counted (a full
 * index scan); for the one it last saw (`trusted`) a look at its last event is enough.
 */
export async function advanceAnchor(pool: Pool, file: string, upTo: number, trusted?: ChainAnchor): Promise<AnchorAdvance> {
  const anchor = await readAnchor(file);
  if (anchor) {
    const { rows } = await pool.query<{ held: boolean; events: number | null }>(
      `SELECT EXISTS (SELECT 1 FROM events WHERE position = $1) AS held,
              CASE WHEN $2::boolean THEN (SELECT count(*) FROM events WHERE position <= $1) END AS events`,
      [anchor.position, !sameAnchor(anchor, trusted)],
    );
    // One row always; were it missing, the anchor would not count as held.
    const [checked] = rows;
    if (!checked?.held || (checked.events !== null && checked.events !== anchor.events)) {
      return {
        moved: false,
        anchor,
        refused: `the log no longer holds the ${anchor.events} events anchored up to position ${anchor.position}`,
      };
    }
  }
  if (upTo <= (anchor?.position ?? 0)) return { moved: false, anchor };
  const walk = await walkChain(pool, anchor ?? GENESIS, { upTo });
  if (walk.firstBadPosition !== undefined) {
    return { moved: false, anchor, refused: `the hash chain is broken at position ${walk.firstBadPosition}` };
  }
  if (walk.head.events === (anchor?.events ?? 0)) return { moved: false, anchor };
  return { moved: true, anchor: await writeAnchor(file, walk.head) };
}
