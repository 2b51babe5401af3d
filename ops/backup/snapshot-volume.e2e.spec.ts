import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { match } from '../../test/matchers';

const run = promisify(execFile);
const SCRIPT = join(__dirname, 'snapshot-volume.sh');
const VOLUME = '506f78a4-e098-11e5-ad9f-000f53306e0c';
const OTHER_VOLUME = '7724db7c-e098-11e5-b522-000f53304e51';

/**
 * DigitalOcean cannot be reached from a test, so `doctl` is a stand-in that keeps the account's
 * snapshots in a file, answers in doctl's `--format ID,Name,ResourceId --no-header` text, and logs
 * every call. IMS_DOCTL_LIST_LAGS=1 leaves a new snapshot out of the listing, as an eventually
 * consistent API may.
 */
const DOCTL = `#!/usr/bin/env bash
set -euo pipefail
printf '%s\\n' "$*" >>"$IMS_DOCTL_DIR/calls"
case "$1 $2 $3" in
  "compute volume snapshot")
    volume=$4; shift 4
    while [ $# -gt 0 ]; do [ "$1" = --snapshot-name ] && name=$2; shift; done
    [ "\${IMS_DOCTL_LIST_LAGS:-}" = 1 ] || echo "new-id $name $volume" >>"$IMS_DOCTL_DIR/snapshots"
    echo "new-id $name" ;;
  "compute snapshot list") cat "$IMS_DOCTL_DIR/snapshots" ;;
  "compute snapshot delete") grep -v "^$4 " "$IMS_DOCTL_DIR/snapshots" >"$IMS_DOCTL_DIR/left" || true
    mv "$IMS_DOCTL_DIR/left" "$IMS_DOCTL_DIR/snapshots" ;;
  *) echo "unexpected doctl call: $*" >&2; exit 2 ;;
esac
`;

let dir = '';

const snapshot = (id: string, name: string, volume = VOLUME) => `${id} ${name} ${volume}`;
const ACCOUNT = [
  snapshot('s1', 'ims-db-20260104T031700Z'),
  snapshot('s2', 'ims-db-20260111T031700Z'),
  snapshot('s3', 'ims-db-20260118T031700Z'),
  snapshot('s4', 'ims-db-20260125T031700Z'),
  // Someone's own snapshot of the same volume, and another volume's: never this script's to delete.
  snapshot('m1', 'ims-db-before-upgrade'),
  snapshot('o1', 'ims-db-20250101T000000Z', OTHER_VOLUME),
];

const runScript = (env: Record<string, string>) =>
  run('bash', [SCRIPT, VOLUME], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, IMS_DOCTL_DIR: dir, ...env } });

const left = async () => (await readFile(join(dir, 'snapshots'), 'utf8')).trim().split('\n');
const calls = async () => (await readFile(join(dir, 'calls'), 'utf8')).trim().split('\n');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ims-snapshots-'));
  await writeFile(join(dir, 'doctl'), DOCTL);
  await chmod(join(dir, 'doctl'), 0o755);
  await writeFile(join(dir, 'snapshots'), `${ACCOUNT.join('\n')}\n`);
  await writeFile(join(dir, 'calls'), '');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ops/backup/snapshot-volume.sh', () => {
  it("snapshots the volume, then deletes this volume's oldest ims-db snapshots beyond SNAPSHOT_KEEP", async () => {
    const { stdout } = await runScript({ SNAPSHOT_KEEP: '3' });
    const [created] = (await calls()).filter((call) => call.startsWith('compute volume snapshot'));
    expect(created).toMatch(
      new RegExp(`^compute volume snapshot ${VOLUME} --snapshot-name (ims-db-\\d{8}T\\d{6}Z) --tag ims-db --snapshot-desc .+`),
    );
    const name = created?.match(/--snapshot-name (\S+)/)?.[1];
    expect(await left()).toEqual([
      snapshot('s3', 'ims-db-20260118T031700Z'),
      snapshot('s4', 'ims-db-20260125T031700Z'),
      snapshot('m1', 'ims-db-before-upgrade'),
      snapshot('o1', 'ims-db-20250101T000000Z', OTHER_VOLUME),
      snapshot('new-id', name ?? '', VOLUME),
    ]);
    expect((await calls()).filter((call) => call.startsWith('compute snapshot delete'))).toEqual([
      'compute snapshot delete s2 --force',
      'compute snapshot delete s1 --force',
    ]);
    expect(stdout).toContain('3 snapshots of volume');
  });

  it('deletes nothing while the volume has no more than SNAPSHOT_KEEP of them', async () => {
    await runScript({ SNAPSHOT_KEEP: '8' });
    expect(await left()).toHaveLength(ACCOUNT.length + 1);
    expect((await calls()).filter((call) => call.startsWith('compute snapshot delete'))).toEqual([]);
  });

  it('deletes nothing when the new snapshot is not listed yet', async () => {
    await expect(runScript({ SNAPSHOT_KEEP: '1', IMS_DOCTL_LIST_LAGS: '1' })).rejects.toMatchObject({
      stderr: match.stringContaining('is not listed; deleting none'),
    });
    expect(await left()).toEqual(ACCOUNT);
  });

  it('refuses SNAPSHOT_KEEP 0 before taking or deleting anything', async () => {
    await expect(runScript({ SNAPSHOT_KEEP: '0' })).rejects.toMatchObject({
      stderr: match.stringContaining('SNAPSHOT_KEEP must be 1 or more'),
    });
    expect(await calls()).toEqual(['']);
  });
});
