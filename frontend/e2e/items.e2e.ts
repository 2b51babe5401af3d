import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueSku, type ItemRow } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';
import { DESKTOP, PHONE, accessibilityFindings, landmarks, sidewaysOverflow } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
});
afterAll(async () => {
  await browser.close();
});

type Viewport = typeof DESKTOP | typeof PHONE;

const open = async (viewport: Viewport, path: string): Promise<{ page: Page; errors: string[] }> => {
  const page = await (await signedInContext(browser, boss, viewport)).newPage();
  const errors = collectPageErrors(page);
  await page.goto(path);
  await expect.poll(() => byTestId(page, 'connection-status').getAttribute('data-state')).toBe('live');
  return { page, errors };
};

const search = async (page: Page, text: string) => {
  const searched = page.waitForResponse((response) => response.url().includes(`search=${text}`));
  await byTestId(page, 'items-search').fill(text);
  await searched;
};

/** The SKUs of the rows rendered now, top to bottom. */
const renderedSkus = (page: Page) =>
  page
    .locator('[data-testid^="item-row-"]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')!.slice('item-row-'.length)));

/** The buttons and links of the page's main part, by text, that are less than 44 px tall. */
const smallTargets = (page: Page) =>
  page
    .locator('main button:not([role="switch"]), main a[href]')
    .evaluateAll((targets) =>
      targets
        .filter((target) => target.getClientRects().length > 0 && target.getBoundingClientRect().height < 44)
        .map((target) => target.textContent.trim()),
    );

/** The page as a whole is fit for a phone and a screen reader: nothing sideways, one h1 and main, no axe finding; on a phone, 44 px targets. */
async function expectSoundPage(page: Page): Promise<void> {
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  if (page.viewportSize()?.width === PHONE.width) expect(await smallTargets(page)).toEqual([]);
  expect(await landmarks(page)).toEqual({ h1: 1, main: 1 });
  expect(await accessibilityFindings(page)).toEqual([]);
}

const archived = async (item: ItemRow) => {
  await boss.call('DELETE', `/api/items/${item.id}`, { reason: 'e2e' });
  return item;
};

// 210 items, more than the page of 200 the app asks for, with quantities 0–209 in an order unlike their SKUs'.
const BULK = 210;
let bulkPrefix: string;
let bulk: ItemRow[];

beforeAll(async () => {
  bulkPrefix = uniqueSku('SORT');
  const specs = Array.from({ length: BULK }, (_, i) => ({
    sku: `${bulkPrefix}-${String(i).padStart(3, '0')}`,
    name: `Sorted ${i}`,
    quantity: (i * 7919) % BULK,
    lowStockThreshold: 0,
  }));
  bulk = [];
  for (let start = 0; start < specs.length; start += 30) {
    bulk.push(...(await Promise.all(specs.slice(start, start + 30).map((spec) => boss.createItem(spec)))));
  }
}, 120_000);

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('the items pages on a %s', (name, viewport) => {
  test('sort by quantity, highest first, across both pages the server sends, and keep the order in the URL', async () => {
    const { page, errors } = await open(viewport, '/items');
    await search(page, bulkPrefix);
    await expect.poll(() => byTestId(page, 'items-count').textContent()).toContain('200 shown, more available');

    const sorted = page.waitForResponse((response) => response.url().includes('sort=-quantity'));
    if (viewport === PHONE) {
      await byTestId(page, 'items-sort').selectOption('-quantity');
    } else {
      await byTestId(page, 'items-sort-quantity').click();
      await expect.poll(() => page.url()).toContain('sort=quantity');
      await byTestId(page, 'items-sort-quantity').click();
    }
    await sorted;
    expect(page.url()).toContain('sort=-quantity');
    const byQuantity = [...bulk].sort((a, b) => b.quantity - a.quantity).map((item) => item.sku);
    await expect.poll(async () => (await renderedSkus(page)).slice(0, 3)).toEqual(byQuantity.slice(0, 3));

    const viewportElement = byTestId(page, 'items-viewport');
    await expect
      .poll(async () => {
        await viewportElement.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
        return byTestId(page, 'items-count').textContent();
      })
      .toContain(`${BULK} shown`);
    await expect
      .poll(async () => {
        await viewportElement.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
        return (await renderedSkus(page)).slice(-3);
      })
      .toEqual(byQuantity.slice(-3));
    expect(await byTestId(page, `item-qty-${byQuantity.at(-1)!}`).textContent()).toBe('0');

    await page.reload();
    await search(page, bulkPrefix);
    await expect.poll(async () => (await renderedSkus(page))[0]).toBe(byQuantity[0]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a row shows what fits: the description on a wide screen, name, quantity and Record movement as a card on a phone', async () => {
    const item = await boss.createItem({ sku: uniqueSku('CARD'), name: 'Serological pipettes 10 ml', quantity: 40, unit: 'pcs' });
    const description = 'Individually wrapped, sterile, polystyrene, graduated to 11 ml, orange colour code, for cell culture work';
    await boss.call('PATCH', `/api/items/${item.id}`, { description });
    const { page, errors } = await open(viewport, '/items');
    await search(page, item.sku);
    const row = byTestId(page, `item-row-${item.sku}`);
    await expect.poll(() => row.count()).toBe(1);
    const cell = byTestId(page, `item-description-${item.sku}`);
    if (viewport === PHONE) {
      expect(await cell.isVisible()).toBe(false);
      for (const part of ['Serological pipettes 10 ml', '40', 'Record movement']) expect(await row.textContent()).toContain(part);
      const record = byTestId(page, `item-record-${item.sku}`);
      expect(await record.isVisible()).toBe(true);
      expect((await record.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      const box = (await row.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    } else {
      expect(await cell.isVisible()).toBe(true);
      expect(await cell.getAttribute('title')).toBe(description);
      expect(await cell.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    }
    await screenshot(page, `items-${name}`);
    await expectSoundPage(page);

    await row.click();
    await expect.poll(() => byTestId(page, 'item-detail-qty').textContent()).toContain('40 pcs');
    await screenshot(page, `item-detail-${name}`);
    await expectSoundPage(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('an archived item is found in the Archived view and restored, and a colleague’s items list shows it again live', async () => {
    const item = await archived(await boss.createItem({ sku: uniqueSku('ARCH'), name: 'Discontinued gloves', quantity: 12 }));
    const { page: colleague, errors: colleagueErrors } = await open(viewport, '/items');
    await search(colleague, item.sku);
    await expect.poll(() => byTestId(colleague, 'items-empty').count()).toBe(1);

    const { page, errors } = await open(viewport, '/items');
    await byTestId(page, 'items-view-archived').click();
    await expect.poll(() => page.url()).toContain('view=archived');
    await search(page, item.sku);
    const restore = byTestId(page, `item-restore-${item.sku}`);
    await expect.poll(() => restore.count()).toBe(1);
    if (viewport === PHONE) expect((await restore.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await screenshot(page, `items-archived-${name}`);
    await expectSoundPage(page);

    await restore.click();
    await byTestId(page, 'confirm-yes').click();
    await expect.poll(() => byTestId(page, `item-row-${item.sku}`).count()).toBe(0);
    await expect.poll(() => byTestId(colleague, `item-qty-${item.sku}`).textContent()).toBe('12');
    expect((await boss.item(item.id)) as ItemRow & { archived: boolean }).toMatchObject({ archived: false });

    await page.goBack();
    await expect.poll(() => page.url()).not.toContain('view=archived');
    expect([...errors, ...colleagueErrors]).toEqual([]);
    await page.context().close();
    await colleague.context().close();
  });

  test('an archived item’s own page offers Restore, and then Record movement', async () => {
    const item = await archived(await boss.createItem({ sku: uniqueSku('ARCD'), name: 'Old reagent', quantity: 3 }));
    const { page, errors } = await open(viewport, `/items/${item.id}`);
    await expect.poll(() => byTestId(page, 'item-detail-title').textContent()).toContain('(archived)');
    expect(await byTestId(page, 'item-detail-record').count()).toBe(0);
    await expectSoundPage(page);
    await byTestId(page, 'item-detail-restore').click();
    await byTestId(page, 'confirm-yes').click();
    await expect.poll(() => byTestId(page, 'item-detail-record').count()).toBe(1);
    expect(await byTestId(page, 'item-detail-title').textContent()).not.toContain('(archived)');
    await expect.poll(() => page.locator('[data-testid="history-entry"][data-type="restored"]').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a slow list shows a skeleton, a failing one the error with Retry and no count, and Retry shows the items; the same on an item’s page', async () => {
    const item = await boss.createItem({ sku: uniqueSku('FLAKY'), name: 'Flaky shelf', quantity: 6, unit: 'pcs' });
    const page = await (await signedInContext(browser, boss, viewport)).newPage();
    const errors = collectPageErrors(page);
    const failure = {
      status: 500,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: '/problems/internal', title: 'Internal error', status: 500, detail: 'The list is unavailable' }),
    };
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let failing = true;
    await page.route('**/api/items?**', async (route) => {
      if (!failing) return route.fallback();
      await held;
      return route.fulfill(failure);
    });
    await page.goto('/items');
    await expect.poll(() => byTestId(page, 'items-loading').count()).toBe(1);
    expect(await byTestId(page, 'items-count').count()).toBe(0);
    release();
    await expect.poll(() => byTestId(page, 'items-retry').count()).toBe(1);
    expect(await byTestId(page, 'items-error').textContent()).toContain('The list is unavailable');
    expect(await byTestId(page, 'items-count').count()).toBe(0);
    expect(await byTestId(page, 'items-empty').count()).toBe(0);
    await expectSoundPage(page);
    failing = false;
    await byTestId(page, 'items-retry').click();
    await expect.poll(() => byTestId(page, 'items-count').count()).toBe(1);
    expect(await byTestId(page, 'items-error').count()).toBe(0);

    failing = true;
    await page.route(`**/api/items/${item.id}`, (route) => (failing ? route.fulfill(failure) : route.fallback()));
    await page.goto(`/items/${item.id}`);
    await expect.poll(() => byTestId(page, 'item-detail-retry').count()).toBe(1);
    expect(await byTestId(page, 'item-detail-qty').count()).toBe(0);
    failing = false;
    await byTestId(page, 'item-detail-retry').click();
    await expect.poll(() => byTestId(page, 'item-detail-qty').textContent()).toContain('6 pcs');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('an edit saved over a colleague’s shows both values at the top, and reload-and-re-apply saves mine', async () => {
    const item = await boss.createItem({ sku: uniqueSku('CONF'), name: 'Cryovials 2 ml', unit: 'box', quantity: 5 });
    const editor = async () => {
      const opened = await open(viewport, '/items');
      await search(opened.page, item.sku);
      await byTestId(opened.page, `item-edit-${item.sku}`).click();
      return opened;
    };
    const first = await editor();
    const second = await editor();

    await byTestId(first.page, 'item-form-name').fill('Cryovials 2 ml, external thread');
    await byTestId(first.page, 'item-form-submit').click();
    await expect.poll(() => byTestId(first.page, 'item-form-name').count()).toBe(0);

    await byTestId(second.page, 'item-form-name').fill('Cryovials 2 ml, internal thread');
    await byTestId(second.page, 'item-form-unit').fill('rack');
    await byTestId(second.page, 'item-form-submit').click();
    const conflict = byTestId(second.page, 'item-form-conflict');
    await expect.poll(() => conflict.count()).toBe(1);
    expect(await conflict.getAttribute('role')).toBe('alert');
    const box = (await conflict.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + 40).toBeLessThanOrEqual(viewport.height);
    const nameRow = byTestId(second.page, 'item-form-conflict-name');
    expect(await nameRow.locator('[data-testid="theirs"]').textContent()).toBe('Cryovials 2 ml, external thread');
    expect(await nameRow.locator('[data-testid="mine"]').textContent()).toBe('Cryovials 2 ml, internal thread');
    const reapply = byTestId(second.page, 'item-form-reapply');
    expect(await reapply.isVisible()).toBe(true);
    expect(await second.page.evaluate(() => document.documentElement.scrollTop)).toBe(0);
    await screenshot(second.page, `item-edit-conflict-${name}`);

    await reapply.click();
    expect(await byTestId(second.page, 'item-form-name').inputValue()).toBe('Cryovials 2 ml, internal thread');
    await byTestId(second.page, 'item-form-submit').click();
    await expect.poll(() => byTestId(second.page, 'item-form-name').count()).toBe(0);
    await expect.poll(() => boss.item(item.id)).toMatchObject({ name: 'Cryovials 2 ml, internal thread', unit: 'rack', version: 3 });
    expect([...first.errors, ...second.errors]).toEqual([]);
    await first.page.context().close();
    await second.page.context().close();
  });
});
