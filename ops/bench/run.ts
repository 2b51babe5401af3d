import * as alerts from './alerts';
import * as append from './append';
import * as audit from './audit';
import * as commands from './commands';
import * as importFile from './import';
import * as live from './live';
import * as reads from './reads';
import * as replay from './replay';
import * as replicas from './replicas';
import * as start from './start';
import * as transfers from './transfers';

/** `npm run bench -- <name>`: runs ops/bench/<name>.ts, each of which prints its own figures. */
const benchmarks: Record<string, { run(): Promise<void> }> = {
  alerts,
  append,
  audit,
  commands,
  import: importFile,
  live,
  reads,
  replay,
  replicas,
  start,
  transfers,
};

async function main(): Promise<void> {
  const name = process.argv[2];
  const benchmark = name ? benchmarks[name] : undefined;
  if (!benchmark) {
    console.error(`usage: npm run bench -- <${Object.keys(benchmarks).join('|')}>`);
    process.exit(2);
  }
  await benchmark.run();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
