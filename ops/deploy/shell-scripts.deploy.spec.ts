import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './deploy-files';

const FOLDERS = ['docker', 'ops/backup', 'ops/deploy', 'ops/swarm'];
const scripts = FOLDERS.flatMap((folder) =>
  readdirSync(join(REPO_ROOT, folder))
    .filter((name) => name.endsWith('.sh'))
    .map((name) => `${folder}/${name}`),
).sort();

describe('the deployment and backup shell scripts', () => {
  it('are found', () => {
    expect(scripts).toEqual(expect.arrayContaining(['ops/backup/pg-dump.sh', 'ops/deploy/deploy-stack.sh', 'ops/swarm/init-manager.sh']));
  });

  // Debian's shellcheck (apt-get install shellcheck); -x follows the files they source.
  it.each(scripts)('%s passes shellcheck', (script) => {
    const result = spawnSync('shellcheck', ['-x', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (result.error) throw new Error(`shellcheck is not installed (Debian: apt-get install shellcheck): ${result.error.message}`);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  // database.sh is sourced by the others, never run.
  it.each(scripts.filter((script) => !script.endsWith('/database.sh')))('%s is executable', (script) => {
    expect(() => accessSync(join(REPO_ROOT, script), constants.X_OK)).not.toThrow();
  });
});
