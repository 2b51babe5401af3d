import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { Pool } from 'pg';
import { chainAnchorFile, loadConfig } from '../../backend/src/config';
import { runRestoreDrill } from '../restore-drill/restore-drill';
import { connect } from './common/connection';
import { repairRestore } from './commands/repair-restore';
import { replay } from './commands/replay';
import { status } from './commands/status';
import { verify } from './commands/verify';
import { verifyChain } from './commands/verify-chain';
import { EXIT, OpsError } from './common/ops-error';
import { print, type Terminal } from './common/terminal';
import { messageOf } from '../../backend/src/common';

type Env = Record<string, string | undefined>;

const positiveInteger = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
};

/**
 * The ops CLI (`npm run ops -- <command>`): each command connects the way the app does
 * (DATABASE_URL, or the embedded PostgreSQL under IMS_DATA_DIR), works, and answers with an exit
 * code: 0 done, 1 a check found a problem, 2 the command could not run.
 */
export async function runOps(argv: readonly string[], terminal: Terminal, env: Env = process.env): Promise<number> {
  let exitCode: number = EXIT.ok;
  const withDatabase = (work: (pool: Pool) => Promise<number>) => async () => {
    const connection = await connect(env);
    print(terminal.err, `connected to ${connection.description}`);
    try {
      exitCode = await work(connection.pool);
    } finally {
      await connection.close();
    }
  };

  const configuredAnchor = () => {
    const config = loadConfig(env);
    return chainAnchorFile(config, config.databaseUrl === undefined);
  };

  const program = new Command('ops')
    .description('IMS operations: projections, verification and restores')
    .exitOverride()
    .configureOutput({ writeOut: (text) => terminal.out.write(text), writeErr: (text) => terminal.err.write(text) });

  program
    .command('status')
    .description("the store epoch, and each projection's checkpoint and lag")
    .option('--json', 'print the report as JSON')
    .action((options: { json?: boolean }) => withDatabase((pool) => status(pool, terminal, options))());

  program
    .command('replay')
    .description('rebuild projections into shadow tables while the app serves, swap them in, then verify')
    .argument('[projections...]', 'projection names (default: all)')
    .option('--batch-size <events>', 'events per committed batch', positiveInteger, 10_000)
    .option('--restart', 'throw away an interrupted rebuild instead of resuming it', false)
    .option('--no-verify', 'skip the verification after the swap')
    .action((names: string[], options: { batchSize: number; restart: boolean; verify: boolean }) =>
      withDatabase((pool) => replay(pool, terminal, names, options))(),
    );

  program
    .command('verify')
    .description(
      'recompute the read models from the events and list every difference, then verify the hash chain against its anchor (exit 1 when either fails)',
    )
    .argument('[projections...]', 'projection names (default: all)')
    .option('--max <differences>', 'differences to list at most', positiveInteger, 1000)
    .option('--json', 'print the verification as JSON')
    .action((names: string[], options: { max: number; json?: boolean }) =>
      withDatabase((pool) =>
        verify(pool, terminal, names, { max: options.max, json: options.json === true, chain: { anchorFile: configuredAnchor() } }),
      )(),
    );

  program
    .command('repair-restore')
    .description('after restoring a backup: repair transaction ids from another cluster, start a new store epoch')
    .action(() => withDatabase((pool) => repairRestore(pool, terminal))());

  program
    .command('verify-chain')
    .description("recompute every event's hash and compare the log with the chain's anchor (exit 1 when broken or not matched)")
    .option('--anchor <file>', "compare with this anchor instead of the app's (the one saved with a backup)")
    .option('--adopt', "once the log matches --anchor, make it the app's anchor (after a restore)")
    .action((options: { anchor?: string; adopt?: boolean }) =>
      withDatabase((pool) => verifyChain(pool, terminal, { ...options, configured: configuredAnchor() }))(),
    );

  program
    .command('restore-drill')
    .description('the whole restore story on a throwaway embedded database, both ways: volume snapshot and pg_dump')
    .action(async () => {
      const report = await runRestoreDrill((line) => print(terminal.out, line), runOps);
      exitCode = report.passed ? EXIT.ok : EXIT.found;
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.failed;
    if (error instanceof OpsError) {
      print(terminal.err, `error: ${error.message}`);
      return error.exitCode;
    }
    print(terminal.err, `error: ${messageOf(error)}`);
    return EXIT.failed;
  }
}
