import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueSku, type ItemRow } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, openFromManage, screenshot, signedInContext } from './support/browser';
import { DESKTOP, PHONE } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;
let staff: Api;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
  staff = await Api.register(baseUrl, `op${Date.now().toString(36)}`, 'operator-password-1');
});
afterAll(async () => {
  await browser.close();
});

const openAs = async (api: Api, path: string): Promise<{ page: Page; errors: string[] }> => {
  const page = await (await signedInContext(browser, api)).newPage();
  const errors = collectPageErrors(page);
  await page.goto(path);
  await expect.poll(() => byTestId(page, 'connection-status').getAttribute('data-state')).toBe('live');
  return { page, errors };
};

describe('two colleagues at once', () => {
  let item: ItemRow;
  let watcher: Page;
  let watcherErrors: string[];

  beforeAll(async () => {
    item = await boss.createItem({
      sku: uniqueSku('LIVE'),
      name: 'Centrifuge tubes 15 ml',
      unit: 'bag',
      quantity: 10,
      lowStockThreshold: 5,
      price: 3,
    });
  });

  test('an OUT recorded by one shows on the other’s items page at once, with the low-stock banner, without a reload', async () => {
    ({ page: watcher, errors: watcherErrors } = await openAs(boss, '/items'));
    await byTestId(watcher, 'items-search').fill(item.sku);
    await expect.poll(() => byTestId(watcher, `item-qty-${item.sku}`).textContent()).toBe('10');
    await watcher.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const { page: operator, errors: operatorErrors } = await openAs(staff, '/movements/new');
    await byTestId(operator, 'movement-item').fill(item.sku);
    await byTestId(operator, `item-option-${item.sku}`).click();
    await expect.poll(() => byTestId(operator, 'movement-current-qty').textContent()).toBe('10');
    await byTestId(operator, 'movement-type').selectOption('OUT');
    await byTestId(operator, 'movement-quantity').fill('6');
    await byTestId(operator, 'movement-reason').fill('Issued to lab 2');
    await byTestId(operator, 'movement-submit').click();
    await expect.poll(() => byTestId(operator, 'movement-success').textContent()).toContain('10 → 4');

    await expect.poll(() => byTestId(watcher, `item-qty-${item.sku}`).textContent()).toBe('4');
    const row = byTestId(watcher, `item-row-${item.sku}`);
    expect(await row.getAttribute('class')).toMatch(/\bflash\b/);
    expect(await row.locator('[data-testid="low-stock-badge"]').count()).toBe(1);
    await expect.poll(() => byTestId(watcher, 'low-stock-banner').textContent(), { timeout: 30_000 }).toContain(item.sku);
    expect(await byTestId(watcher, 'low-stock-banner').textContent()).toContain('is at 4 bag (threshold 5)');
    expect(await watcher.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(watcher, 'items-live-low-stock');
    await screenshot(operator, 'movement-by-staff');
    expect([...watcherErrors, ...operatorErrors]).toEqual([]);
    await operator.context().close();
  });

  test('the alerts page shows the alert with its delivery state and the email it produced', async () => {
    await byTestId(watcher, 'nav-alerts').click();
    const row = byTestId(watcher, 'alert-row').filter({ hasText: item.sku });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.locator('[data-testid="alert-state"]').textContent(), { timeout: 30_000 }).toMatch(/preview|sent/);
    await row.locator('[data-testid="alert-preview-toggle"]').click();
    expect(await byTestId(watcher, 'alert-email-preview').textContent()).toContain(item.sku);
    await screenshot(watcher, 'alerts');
    expect(watcherErrors).toEqual([]);
  });

  test('the audit page shows the movement with its author, its before and after, and an intact chain', async () => {
    await openFromManage(watcher, 'audit');
    await expect.poll(() => byTestId(watcher, 'audit-user-filter').locator('option').count()).toBeGreaterThan(1);
    await byTestId(watcher, 'audit-user-filter').selectOption({ label: staff.session!.user.username });
    await byTestId(watcher, 'audit-search').click();
    const moved = byTestId(watcher, 'audit-row').and(watcher.locator('[data-type="StockMoved"]'));
    await expect.poll(() => moved.count()).toBe(1);
    expect(await moved.locator('[data-testid="audit-user"]').textContent()).toBe(staff.session!.user.username);
    expect(await moved.locator('[data-testid="audit-summary"]').textContent()).toBe('OUT 6: 10 → 4');
    await moved.locator('[data-testid="audit-toggle"]').click();
    expect(await byTestId(watcher, 'audit-change-quantity').locator('td').allTextContents()).toEqual(['10', '4']);
    await byTestId(watcher, 'verify-events').click();
    await expect.poll(() => byTestId(watcher, 'verify-verdict').getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
    await screenshot(watcher, 'audit');

    const download = watcher.waitForEvent('download');
    await byTestId(watcher, 'audit-export').click();
    const csv = await (await download).createReadStream();
    let text = '';
    for await (const chunk of csv) text += String(chunk);
    expect(text.split('\n')[0]).toMatch(/position/);
    expect(text).toContain('StockMoved');
    expect(watcherErrors).toEqual([]);
    await watcher.context().close();
  });
});

test('after a dropped connection the app resumes from the last position it saw and shows what it missed', async () => {
  const item = await boss.createItem({ sku: uniqueSku('RESUME'), name: 'Parafilm', unit: 'roll', quantity: 9, lowStockThreshold: 1 });
  const context = await signedInContext(browser, boss);
  const connections: { page: WebSocketRoute; received: string[] }[] = [];
  let deaf: (typeof connections)[number] | undefined = undefined;
  let missed: (message: string) => void = () => undefined;
  // Every socket goes through the test: it can stop passing the server's messages on, then drop the connection.
  await context.routeWebSocket(/\/ws\b/, (page) => {
    const connection = { page, received: [] as string[] };
    connections.push(connection);
    const server = page.connectToServer();
    server.onMessage((message) => {
      connection.received.push(String(message));
      if (deaf === connection) missed(String(message));
      else page.send(message);
    });
  });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto('/items');
  await expect.poll(() => byTestId(page, 'connection-status').getAttribute('data-state')).toBe('live');
  const searched = page.waitForResponse((response) => response.url().includes(`search=${item.sku}`));
  await byTestId(page, 'items-search').fill(item.sku);
  await searched;
  await expect.poll(() => byTestId(page, `item-qty-${item.sku}`).textContent()).toBe('9');
  const itemRequests: string[] = [];
  page.on('request', (request) => request.url().includes('/api/items') && itemRequests.push(request.url()));

  const before = connections.length;
  deaf = connections.at(-1);
  const movedWhileDeaf = new Promise<string>((resolve) => (missed = (message) => message.includes('stock.moved') && resolve(message)));
  await boss.move(item.id, 'OUT', 2, 'Issued');
  const moved = JSON.parse(await movedWhileDeaf) as { position: number };
  expect(await byTestId(page, `item-qty-${item.sku}`).textContent()).toBe('9');

  await deaf!.page.close();
  await expect.poll(() => connections.length).toBe(before + 1);
  await expect.poll(() => byTestId(page, 'connection-status').getAttribute('data-state')).toBe('live');
  await expect.poll(() => byTestId(page, `item-qty-${item.sku}`).textContent()).toBe('7');
  const resumed = connections.at(-1)!;
  const resumedAfter = new URL(resumed.page.url()).searchParams.get('after');
  expect(resumedAfter).toMatch(/^\d+$/);
  expect(Number(resumedAfter)).toBeLessThan(moved.position);
  expect(resumed.received.some((message) => message.includes('stock.moved') && message.includes(item.id))).toBe(true);
  expect(itemRequests).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

describe.each([
  ['a desktop', DESKTOP],
  ['a phone', PHONE],
] as const)('a page opened on %s', (_, viewport) => {
  test('shows a change committed between its first read and its socket’s greeting, without refetching', async () => {
    const item = await boss.createItem({ sku: uniqueSku('GAP'), name: 'Nitrile gloves', unit: 'box', quantity: 12, lowStockThreshold: 1 });
    const context = await signedInContext(browser, boss, viewport);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const greetings: { position: number }[] = [];
    // Every socket reaches the server only once the test lets it: the first one's greeting comes after the change.
    await context.routeWebSocket(/\/ws\b/, async (page) => {
      await released;
      const server = page.connectToServer();
      server.onMessage((message) => {
        if (String(message).includes('"hello"')) greetings.push(JSON.parse(String(message)) as { position: number });
        page.send(message);
      });
    });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto('/items');
    const searched = page.waitForResponse((response) => response.url().includes(`search=${item.sku}`));
    await byTestId(page, 'items-search').fill(item.sku);
    await searched;
    await expect.poll(() => byTestId(page, `item-qty-${item.sku}`).textContent()).toBe('12');
    expect(await byTestId(page, 'connection-status').getAttribute('data-state')).not.toBe('live');
    const itemReads: string[] = [];
    page.on('request', (request) => request.url().includes('/api/items') && itemReads.push(request.url()));

    const moved = (await boss.move(item.id, 'OUT', 5, 'Issued')) as { position: number };
    // Once a colleague's page shows the change, the feed has passed it: a socket greeted now starts after it.
    const { page: colleague } = await openAs(boss, '/items');
    await byTestId(colleague, 'items-search').fill(item.sku);
    await expect.poll(() => byTestId(colleague, `item-qty-${item.sku}`).textContent()).toBe('7');
    await colleague.context().close();

    release();
    await expect.poll(() => byTestId(page, 'connection-status').getAttribute('data-state')).toBe('live');
    await expect.poll(() => greetings.length).toBeGreaterThan(0);
    expect(greetings[0]?.position).toBeGreaterThanOrEqual(moved.position);
    await expect.poll(() => byTestId(page, `item-qty-${item.sku}`).textContent()).toBe('7');
    expect(itemReads).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
