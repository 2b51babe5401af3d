import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { Api } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';
import { drawnSize } from './support/charts';
import { DESKTOP, PHONE, sidewaysOverflow } from './support/layout';
import { E2E_MANAGER, REPO, SERVER, startServer, type RunningServer } from './support/server';

// The deploy tier's browser test of the health page: a real Docker engine (.ci/docker-engine.sh) runs a container of
// the app's stack, and the page charts it. The tier builds the server and the app before it runs (test/run-all.mjs).
const APP = join(REPO, 'frontend/dist/ims/browser/index.html');
const TEST_IMAGE = process.env['IMS_TEST_IMAGE'] ?? 'ims-test/busybox:local';
// A log line far wider than a phone (the services card shows the last lines), then busy a little (CPU), and ping the
// network's gateway (the host) so that bytes go both ways.
const WORKS = `head -c 400 /dev/zero | tr '\\0' x; echo; gw=$(ip route | awk '/default/ {print $3}'); ping -q -i 0.2 "$gw" >/dev/null 2>&1 &
while :; do seq 1 3000 >/dev/null; sleep 0.1; done`;
const PATIENCE = { timeout: 60_000, interval: 250 };

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', timeout: 60_000 }).trim();

const stack = `imsui${randomBytes(4).toString('hex')}`;
const network = `${stack}-net`;
const container = `${stack}-worker-1`;
let dataDir = '';
let server: RunningServer;
let browser: Browser;
let boss: Api;

beforeAll(async () => {
  for (const built of [SERVER, APP]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  // A bridge network of its own: the tests' engine runs without the default bridge.
  docker('network', 'create', '--label', `com.ims.stack=${stack}`, network);
  docker('run', '-d', '--name', container, '--label', `com.ims.stack=${stack}`, '--network', network, TEST_IMAGE, 'sh', '-c', WORKS);
  dataDir = mkdtempSync(join(tmpdir(), 'ims-deploy-ui-'));
  server = await startServer({
    IMS_DATA_DIR: dataDir,
    ADMIN_USERNAME: E2E_MANAGER.username,
    ADMIN_PASSWORD: E2E_MANAGER.password,
    IMS_STACK_NAME: stack,
    IMS_HEALTH_SAMPLE_SECONDS: '1',
  });
  browser = await launchBrowser();
  boss = await Api.signIn(server.baseUrl, E2E_MANAGER.username, E2E_MANAGER.password);
}, 180_000);

afterAll(async () => {
  /* eslint-disable @typescript-eslint/no-unnecessary-condition -- each is still unset when beforeAll failed before it */
  await browser?.close();
  await server?.stop();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  docker('rm', '-f', container);
  docker('network', 'rm', network);
}, 60_000);

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('the health page with a Docker engine, on a %s', (size, viewport) => {
  test("charts a running container's CPU, memory, block I/O and network I/O", async () => {
    const page = await (await signedInContext(browser, boss, viewport)).newPage();
    const errors = collectPageErrors(page);
    await page.goto('/health');
    const id = `container-${container}`;

    // The page refreshes every 30 s; Refresh asks at once, until the container has a CPU figure and network rates.
    await expect
      .poll(async () => {
        await byTestId(page, 'health-refresh').click();
        return byTestId(page, `${id}-network-now`)
          .textContent({ timeout: 2_000 })
          .catch(() => '');
      }, PATIENCE)
      .toMatch(/B\/s in, [\d.]+ (B|KiB|MiB)\/s out$/);
    expect(await byTestId(page, `${id}-cpu-now`).textContent()).toMatch(/^\d+\.\d %$/);
    expect(await byTestId(page, `${id}-memory-now`).textContent()).toMatch(/^[\d.]+ (B|KiB|MiB|GiB) of [\d.]+ (MiB|GiB)$/);
    expect(await byTestId(page, `${id}-disk-now`).textContent()).toMatch(/read, .* written; .* read, .* written$/);
    expect(await byTestId(page, 'health-containers-unavailable').count()).toBe(0);
    expect(await byTestId(page, id).textContent()).toContain('standalone container · running');
    for (const figure of ['cpu', 'memory', 'disk', 'network']) {
      const drawn = await drawnSize(page, `${id}-${figure}`);
      expect(drawn.width, figure).toBeGreaterThan(100);
      expect(drawn.width, figure).toBeLessThanOrEqual(viewport.width);
      expect(drawn.height, figure).toBeGreaterThan(100);
    }
    expect(await byTestId(page, `${id}-cpu`).locator('canvas').getAttribute('aria-label')).toMatch(
      new RegExp(`^${container} CPU: CPU now \\d+\\.\\d %, at most`),
    );
    expect(await byTestId(page, `service-tail-${container}`).textContent()).toContain('x'.repeat(400));
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, `health-docker-${size}`);
    expect(errors).toEqual([]);
  }, 120_000);
});
