import { runOps } from './program';
import { processTerminal } from './common/terminal';
import { messageOf } from '../../backend/src/common';

runOps(process.argv.slice(2), processTerminal).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${messageOf(error)}`);
    process.exit(2);
  },
);
