import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { Api } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';
import { drawnSize } from './support/charts';
import { DESKTOP, PHONE, accessibilityFindings, landmarks, sidewaysOverflow } from './support/layout';

// The shared app runs without a Docker engine and samples the host every 2 s (support/app.global-setup.ts).
let browser: Browser;
let boss: Api;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(inject('baseUrl'), inject('manager').username, inject('manager').password);
});
afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- still unset when beforeAll failed before launching it
  await browser?.close();
});

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('the health page on a %s', (size, viewport) => {
  test("charts the host's CPU, memory, disk and network, says why containers are not available, and refreshes on request", async () => {
    const page = await (await signedInContext(browser, boss, viewport)).newPage();
    const errors = collectPageErrors(page);
    const resourceRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/health/resources') resourceRequests.push(request.url());
    });
    await page.goto('/health');

    await expect.poll(() => byTestId(page, 'host-cpu-now').textContent()).toMatch(/^\d+\.\d %$/);
    expect(await byTestId(page, 'host-memory-now').textContent()).toMatch(/^[\d.]+ (MiB|GiB) of [\d.]+ (MiB|GiB)$/);
    expect(await byTestId(page, 'host-disk-now').textContent()).toMatch(/read, .* written/);
    expect(await byTestId(page, 'host-network-now').textContent()).toMatch(/in, .* out/);
    for (const figure of ['cpu', 'memory', 'disk', 'network']) {
      const size = await drawnSize(page, `host-${figure}`);
      expect(size.width, figure).toBeGreaterThan(100);
      expect(size.width, figure).toBeLessThanOrEqual(viewport.width);
      expect(size.height, figure).toBeGreaterThan(100);
    }
    expect(await byTestId(page, 'host-cpu').locator('canvas').getAttribute('aria-label')).toMatch(/^Host CPU: CPU now \d+\.\d %, at most/);

    expect(await byTestId(page, 'health-containers-unavailable').textContent()).toContain(
      'Container figures are not available: no Docker socket at /nonexistent/ims-e2e/docker.sock',
    );
    expect(await byTestId(page, 'health-services-unavailable').textContent()).toContain('no Docker socket');
    expect(await byTestId(page, 'health-updated').textContent()).toMatch(/Refreshed .*, every 30 s/);
    // The one API process leads: it runs the projections.
    expect(await byTestId(page, 'health-consumers').textContent()).toContain('runs the projections and outboxes');

    const before = resourceRequests.length;
    await byTestId(page, 'health-refresh').click();
    await expect.poll(() => resourceRequests.length).toBe(before + 1);
    const button = await byTestId(page, 'health-refresh').boundingBox();
    expect(button?.height).toBeGreaterThanOrEqual(44);

    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await landmarks(page)).toEqual({ h1: 1, main: 1 });
    expect(await accessibilityFindings(page)).toEqual([]);
    await screenshot(page, `health-${size}`);
    expect(errors).toEqual([]);
  });

  test('shows a skeleton while the figures load and the error with Retry when they fail, never a zero', async () => {
    const page = await (await signedInContext(browser, boss, viewport)).newPage();
    let failing = true;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/health/resources', async (route) => {
      await held;
      if (failing)
        await route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: '/problems/unavailable', title: 'Unavailable', status: 503, detail: 'the API is restarting' }),
        });
      else await route.continue();
    });
    await page.goto('/health');
    await expect.poll(() => byTestId(page, 'health-host-loading').count()).toBe(1);
    expect(await byTestId(page, 'host-cpu-now').count()).toBe(0);

    release();
    await expect.poll(() => byTestId(page, 'health-host-error').textContent()).toContain('the API is restarting');
    expect(await byTestId(page, 'host-cpu-now').count()).toBe(0);
    expect(await accessibilityFindings(page)).toEqual([]);

    failing = false;
    await byTestId(page, 'health-host-retry').click();
    await expect.poll(() => byTestId(page, 'host-cpu-now').count()).toBe(1);
    expect(await byTestId(page, 'health-host-error').count()).toBe(0);
  });
});
