import { runOps } from './program';
import { processTerminal } from './terminal';

runOps(process.argv.slice(2), processTerminal).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
