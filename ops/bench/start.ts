import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../backend/src/database/free-port';
import { median, present } from './present';

/**
 * `npm start` as a developer runs it, timed from the command to GET /api/health answering ready, then
 * stopped as Ctrl-C stops it (SIGINT to its process group) and checked to have stopped its embedded
 * PostgreSQL. The first start builds whatever is stale (after `prebench`, at least the server) on a new
 * data directory; the next ones, with nothing changed, must build nothing. Goal: ≤ 10 s.
 */

const REPO = resolve(__dirname, '../../..');
const WARM_STARTS = 3;
const BUILDING = /^(\w+): building/gm;

interface Start {
  readonly seconds: number;
  /** The parts it built (ops/start/build-parts.mjs). */
  readonly built: readonly string[];
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Whether any process of the group is still running. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function untilHealthy(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output()}`);
    const ready = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`npm start was not healthy within 10 minutes:\n${output()}`);
    await sleep(50);
  }
}

/** Ctrl-C: npm, the server and its PostgreSQL all get SIGINT; all must have ended, the database shut down cleanly. */
async function stop(pgid: number, dataDir: string, output: () => string): Promise<void> {
  process.kill(-pgid, 'SIGINT');
  for (let waited = 0; groupAlive(pgid); waited += 100) {
    if (waited > 60_000) {
      process.kill(-pgid, 'SIGKILL');
      throw new Error(`npm start did not stop within 60 s of SIGINT:\n${output()}`);
    }
    await sleep(100);
  }
  if (existsSync(join(dataDir, 'postgres', 'postmaster.pid'))) {
    throw new Error(`the embedded PostgreSQL did not shut down cleanly (postmaster.pid left behind):\n${output()}`);
  }
}

async function startOnce(dataDir: string): Promise<Start> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), IMS_DATA_DIR: dataDir };
  // The embedded PostgreSQL dev mode, as `npm start` with nothing configured.
  delete env.DATABASE_URL;
  delete env.JWT_SECRET;
  const started = performance.now();
  const child = spawn('npm', ['start'], { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = present(child.pid, 'npm start process');
  let printed = '';
  const keep = (chunk: Buffer) => (printed = (printed + chunk.toString()).slice(-40_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const output = () => printed;
  try {
    await untilHealthy(`http://127.0.0.1:${port}`, child, output);
  } catch (error) {
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  await stop(pgid, dataDir, output);
  return { seconds, built: [...printed.matchAll(BUILDING)].map((match) => present(match[1], 'part name')) };
}

const builtText = (start: Start) => (start.built.length > 0 ? `built ${start.built.join(', ')}` : 'built nothing');

export async function run(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ims-bench-start-'));
  try {
    const first = await startOnce(dataDir);
    console.log(`first start (new data directory, ${builtText(first)})   ${first.seconds.toFixed(1)} s to healthy`);
    const warm: Start[] = [];
    for (let n = 1; n <= WARM_STARTS; n += 1) {
      const start = await startOnce(dataDir);
      if (start.built.length > 0) throw new Error(`a start with nothing changed ${builtText(start)}`);
      console.log(`start ${n} with nothing changed (${builtText(start)})       ${start.seconds.toFixed(1)} s to healthy`);
      warm.push(start);
    }
    const secondsToHealthy = median(warm.map((start) => start.seconds));
    console.log(`\nstart benchmark — npm start to GET /api/health ready, embedded PostgreSQL, stopped by SIGINT each time`);
    console.log(
      `machine: ${cpus().length} cores, load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')} (other work on it slows every figure)`,
    );
    console.log(`  nothing changed, median of ${WARM_STARTS}   ${secondsToHealthy.toFixed(1)} s  (goal ≤ 10 s)`);
    console.log(
      JSON.stringify({ secondsToHealthy: Number(secondsToHealthy.toFixed(2)), firstStartSeconds: Number(first.seconds.toFixed(2)) }),
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
