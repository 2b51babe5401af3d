import type { Pool } from 'pg';
import { ALL_PROJECTIONS } from '../../../backend/src/all-projections';
import { projectionsNamed, verifyReadModels, type Difference, type Projection } from '../../../backend/src/projections';
import { EXIT, OpsError } from '../ops-error';
import { print, type Terminal } from '../terminal';

export interface VerifyCommandOptions {
  /** Differences listed at most; all are counted. */
  readonly max: number;
  readonly json: boolean;
}

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

const describeDifference = (d: Difference) =>
  d.field === 'row'
    ? `${d.projection} ${d.key}: row ${d.model} in the model, ${d.expected} in the events`
    : `${d.projection} ${d.key}: ${d.field} is ${shown(d.model)} in the model, ${shown(d.expected)} from the events`;

/** `verify [name…]`: recomputes the read models from the events and lists every difference; exit 1 when there is any. */
export async function verify(pool: Pool, terminal: Terminal, names: readonly string[], options: VerifyCommandOptions): Promise<number> {
  let projections: Projection[];
  try {
    projections = projectionsNamed(ALL_PROJECTIONS, names);
  } catch (error) {
    throw new OpsError(error instanceof Error ? error.message : String(error));
  }
  const verification = await verifyReadModels(pool, projections, { maxDifferences: options.max });
  const exitCode = verification.differenceCount === 0 ? EXIT.ok : EXIT.found;
  if (options.json) {
    print(terminal.out, JSON.stringify(verification, null, 2));
    return exitCode;
  }
  for (const { name } of projections) print(terminal.out, `verified ${name}: ${verification.checked[name] ?? 0} rows`);
  for (const difference of verification.differences) print(terminal.out, `  ${describeDifference(difference)}`);
  const unlisted = verification.differenceCount - verification.differences.length;
  if (unlisted > 0) print(terminal.out, `  … and ${unlisted} more`);
  print(
    terminal.out,
    exitCode === EXIT.ok
      ? 'the read models equal a fold of the events'
      : `${verification.differenceCount} differences: the read models do not match the events (replay rebuilds them)`,
  );
  return exitCode;
}
