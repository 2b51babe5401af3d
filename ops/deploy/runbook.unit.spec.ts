import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runOps } from '../src/program';
import { REPO_ROOT } from './deploy-files';
import { scriptsRun } from './workflows';

const RUNBOOK = readFileSync(join(REPO_ROOT, 'ops', 'RUNBOOK.md'), 'utf8');
const codeLines = [...RUNBOOK.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap(([, block]) => (block ?? '').split('\n'));
const inlineCode = [...RUNBOOK.matchAll(/`([^`\n]+)`/g)].map(([, code]) => code ?? '');

/** `ops/deploy/run-ops.sh replay --restart` → ['replay', '--restart'], wherever the runbook says it. */
const opsCalls = [...codeLines, ...inlineCode].flatMap((line) => {
  const call = /ops\/deploy\/run-ops\.sh ((?:[a-z-]+)(?: --[a-z-]+)*)/.exec(line)?.[1];
  return call ? [call.split(' ')] : [];
});

async function help(command: string): Promise<{ code: number; text: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  err.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const code = await runOps([command, '--help'], { out, err }, {});
  return { code, text };
}

describe('ops/RUNBOOK.md', () => {
  it('runs every step through scripts that exist and are executable', () => {
    const scripts = [...new Set([...codeLines, ...inlineCode].flatMap(scriptsRun))].filter((path) => path.endsWith('.sh'));
    expect(scripts).toEqual(expect.arrayContaining(['ops/deploy/run-ops.sh', 'ops/backup/restore-dump.sh', 'ops/swarm/label-db-node.sh']));
    for (const script of scripts) {
      expect(existsSync(join(REPO_ROOT, script)), script).toBe(true);
      expect(() => accessSync(join(REPO_ROOT, script), constants.X_OK), script).not.toThrow();
    }
  });

  it('names only commands and options the ops CLI has', async () => {
    expect(opsCalls.map(([command]) => command)).toEqual(
      expect.arrayContaining(['repair-restore', 'replay', 'verify', 'verify-chain', 'status']),
    );
    for (const [command = '', ...options] of opsCalls) {
      const { code, text } = await help(command);
      expect(code, `${command}: ${text}`).toBe(0);
      expect(text).toContain(`Usage: ops ${command}`);
      for (const option of options) expect(text, `${command} ${option}`).toContain(option);
    }
  });

  it('puts the steps after a restore in the order repair-restore, start, replay, verify', () => {
    const afterRestore = RUNBOOK.slice(RUNBOOK.indexOf('## C.'));
    const at = (text: string) => afterRestore.indexOf(text);
    expect(at('run-ops.sh repair-restore')).toBeGreaterThan(0);
    expect(at('docker service scale ims_api=1')).toBeGreaterThan(at('run-ops.sh repair-restore'));
    expect(at('run-ops.sh replay')).toBeGreaterThan(at('docker service scale ims_api=1'));
    expect(at('run-ops.sh verify ')).toBeGreaterThan(at('run-ops.sh replay'));
  });

  it('runs the CLI in containers the way `npm run ops` runs it', () => {
    const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.ops).toBe('node dist/ops/src/cli.js');
    expect(readFileSync(join(REPO_ROOT, 'ops', 'deploy', 'run-ops.sh'), 'utf8')).toContain(`"$image" ${scripts.ops} "$@"`);
    expect(RUNBOOK).toContain(`docker compose run --rm --no-deps api ${scripts.ops} <command>`);
  });
});
