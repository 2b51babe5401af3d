import type { Pool } from 'pg';
import { ALL_PROJECTIONS } from '../../../backend/src/all-projections';
import { projectionsNamed, verifyReadModels, type Difference, type Projection } from '../../../backend/src/projections';
import { EXIT, OpsError } from '../common/ops-error';
import { print, type Terminal } from '../common/terminal';
import { chainReport, verifiedChain } from './verify-chain';
import { messageOf } from '../../../backend/src/common';

export interface VerifyCommandOptions {
  /** Differences listed at most; all are counted. */
  readonly max: number;
  readonly json: boolean;
  /** Also check the hash chain, against this anchor (undefined: none configured); a replay checks only what it rebuilt. */
  readonly chain?: { readonly anchorFile: string | undefined };
}

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

const describeDifference = (d: Difference) =>
  d.field === 'row'
    ? `${d.projection} ${d.key}: row ${shown(d.model)} in the model, ${shown(d.expected)} in the events`
    : `${d.projection} ${d.key}: ${d.field} is ${shown(d.model)} in the model, ${shown(d.expected)} from the events`;

/**
 * `verify [name…]`: recomputes the read models from the events and lists every difference, then
 * checks the hash chain against its anchor as `verify-chain` does; exit 1 when either fails, the
 * last line naming which.
 */
export async function verify(pool: Pool, terminal: Terminal, names: readonly string[], options: VerifyCommandOptions): Promise<number> {
  let projections: Projection[];
  try {
    projections = projectionsNamed(ALL_PROJECTIONS, names);
  } catch (error) {
    throw new OpsError(messageOf(error));
  }
  const verification = await verifyReadModels(pool, projections, { maxDifferences: options.max });
  const verdict = options.chain && (await verifiedChain(pool, options.chain.anchorFile));
  const chain = verdict && chainReport(verdict);
  const failed = [
    ...(verification.differenceCount === 0 ? [] : ['the read models']),
    ...(chain && !chain.intact ? ['the hash chain'] : []),
  ];
  const exitCode = failed.length === 0 ? EXIT.ok : EXIT.found;
  if (options.json) {
    print(terminal.out, JSON.stringify(verdict ? { ...verification, chain: verdict } : verification, null, 2));
    return exitCode;
  }
  for (const { name } of projections) print(terminal.out, `verified ${name}: ${verification.checked[name] ?? 0} rows`);
  for (const difference of verification.differences) print(terminal.out, `  ${describeDifference(difference)}`);
  const unlisted = verification.differenceCount - verification.differences.length;
  if (unlisted > 0) print(terminal.out, `  … and ${unlisted} more`);
  print(
    terminal.out,
    verification.differenceCount === 0
      ? 'the read models equal a fold of the events'
      : `${verification.differenceCount} differences: the read models do not match the events (replay rebuilds them)`,
  );
  if (!chain) return exitCode;
  for (const line of chain.lines) print(terminal.out, line);
  print(
    terminal.out,
    failed.length === 0 ? 'verified: the read models and the hash chain' : `verification FAILED: ${failed.join(' and ')}`,
  );
  return exitCode;
}
