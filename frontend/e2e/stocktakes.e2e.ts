import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueCode, uniqueSku } from './support/api';
import { byTestId, textOf, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;
let counter: Api;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
  counter = await Api.register(baseUrl, `counter-${Date.now().toString(36)}`, 'counting-stock-key-1');
});
afterAll(async () => {
  await browser.close();
});

const height = async (page: Page, testId: string) => (await byTestId(page, testId).first().boundingBox())?.height ?? 0;

interface LocationStock {
  readonly locations: readonly { readonly locationId: string; readonly quantity: number }[];
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('at %s size', (size, viewport) => {
  const open = async (api: Api) => {
    const context = await signedInContext(browser, api, viewport);
    const page = await context.newPage();
    return { context, page, errors: collectPageErrors(page) };
  };

  test('a manager opens a count, a colleague counts blind by SKU, the manager reviews the variances and posts', async () => {
    const shelf = await boss.createLocation(uniqueCode('SHELF'), 'Back shelf');
    const [bolts, nuts] = [
      await boss.createItem({ sku: uniqueSku('BOLT'), name: 'Bolts', price: 0.5 }),
      await boss.createItem({ sku: uniqueSku('NUT'), name: 'Nuts', price: 0.25 }),
    ];
    await boss.move(bolts.id, 'IN', 10, 'Delivered', shelf.id);
    await boss.move(nuts.id, 'IN', 5, 'Delivered', shelf.id);

    const managing = await open(boss);
    await managing.page.goto('/stocktakes');
    await byTestId(managing.page, 'stocktake-open-location').click();
    await byTestId(managing.page, `stocktake-open-location-${shelf.code}`).click();
    await byTestId(managing.page, 'stocktake-open').click();
    await managing.page.waitForURL(/\/stocktakes\/[0-9a-f-]{36}$/);
    const stocktakeUrl = new URL(managing.page.url()).pathname;
    await byTestId(managing.page, `stocktake-line-${bolts.sku}`).waitFor();
    expect(await textOf(managing.page, 'stocktake-status')).toBe('open');

    const counting = await open(counter);
    await counting.page.goto(stocktakeUrl);
    await byTestId(counting.page, `stocktake-line-${nuts.sku}`).waitFor();
    // Blind: nothing tells the counter what the system expects.
    expect(await byTestId(counting.page, `stocktake-line-expected-${bolts.sku}`).count()).toBe(0);
    await byTestId(counting.page, 'stocktake-code').fill(bolts.sku.toLowerCase());
    await byTestId(counting.page, 'stocktake-find').click();
    await expect.poll(() => textOf(counting.page, 'stocktake-counting-sku')).toBe(bolts.sku);
    await byTestId(counting.page, 'stocktake-counted').fill('8');
    if (size === 'phone') {
      for (const target of ['stocktake-find', 'stocktake-save-count', `stocktake-count-${nuts.sku}`]) {
        expect(await height(counting.page, target)).toBeGreaterThanOrEqual(44);
      }
    }
    await expectSoundLayout(counting.page);
    await screenshot(counting.page, `stocktake-count-${size}`);
    await byTestId(counting.page, 'stocktake-save-count').click();
    await expect.poll(() => textOf(counting.page, 'stocktake-saved')).toBe(`${bolts.sku}: 8 counted.`);
    await expect.poll(() => textOf(counting.page, `stocktake-line-counted-${bolts.sku}`)).toBe('8');
    await byTestId(counting.page, 'stocktake-code').fill(nuts.sku);
    await byTestId(counting.page, 'stocktake-code').press('Enter');
    await byTestId(counting.page, 'stocktake-counted').fill('5');
    await byTestId(counting.page, 'stocktake-counted').press('Enter');
    await expect.poll(() => textOf(counting.page, `stocktake-line-counted-${nuts.sku}`)).toBe('5');
    await byTestId(counting.page, 'stocktake-code').fill('NO-SUCH-SKU');
    await byTestId(counting.page, 'stocktake-find').click();
    await expect.poll(() => textOf(counting.page, 'stocktake-find-error')).toBe('No line of this count has the code NO-SUCH-SKU.');
    expect(await byTestId(counting.page, 'stocktake-preview').count()).toBe(0);
    await expectSoundLayout(counting.page);

    // Three bolts arrive after they were counted: posting keeps them.
    await boss.move(bolts.id, 'IN', 3, 'Late delivery', shelf.id);

    // The colleague's counts reach the manager's open page live.
    await expect.poll(() => textOf(managing.page, `stocktake-line-variance-${bolts.sku}`)).toBe('-2');
    expect(await textOf(managing.page, `stocktake-line-expected-${bolts.sku}`)).toBe('10');
    expect(await textOf(managing.page, `stocktake-line-variance-${nuts.sku}`)).toBe('0');
    await byTestId(managing.page, 'stocktake-preview').click();
    await expect.poll(() => textOf(managing.page, `stocktake-preview-variance-${bolts.sku}`)).toBe('-2');
    expect(await textOf(managing.page, 'stocktake-preview-total')).toBe('Total variance -2 units, -$1.00');
    await expectSoundLayout(managing.page);
    await screenshot(managing.page, `stocktake-review-${size}`);
    await byTestId(managing.page, 'stocktake-post').click();
    await expect.poll(() => textOf(managing.page, 'stocktake-status')).toBe('posted');
    expect(await byTestId(managing.page, 'stocktake-post').count()).toBe(0);
    expect(await byTestId(managing.page, 'stocktake-code').count()).toBe(0);
    await expectSoundLayout(managing.page);

    const item = await boss.call<LocationStock>('GET', `/api/items/${bolts.id}`);
    expect(item.locations.find(({ locationId }) => locationId === shelf.id)?.quantity).toBe(11);
    await managing.page.goto(`/items/${nuts.id}`);
    await expect.poll(() => textOf(managing.page, 'item-detail-last-counted')).not.toBe('never');

    // The dashboard names what has not been counted lately and links to exactly those items.
    const washers = await boss.createItem({ sku: uniqueSku('WASHER'), name: 'Washers' });
    await managing.page.goto('/');
    await expect.poll(async () => Number(await textOf(managing.page, 'not-counted-count'))).toBeGreaterThan(0);
    await expectSoundLayout(managing.page);
    await byTestId(managing.page, 'not-counted-link').click();
    await managing.page.waitForURL(/\/items\?notCountedSince=/);
    await byTestId(managing.page, 'items-not-counted-filter').waitFor();
    await byTestId(managing.page, 'items-search').fill(washers.sku);
    await byTestId(managing.page, `item-row-${washers.sku}`).waitFor();
    await byTestId(managing.page, 'items-search').fill(bolts.sku);
    await expect.poll(() => byTestId(managing.page, 'items-empty').count()).toBe(1);

    // A count of chosen items only.
    await managing.page.goto('/stocktakes');
    await byTestId(managing.page, 'stocktake-open-location').click();
    await byTestId(managing.page, `stocktake-open-location-${shelf.code}`).click();
    await byTestId(managing.page, 'stocktake-open-item').fill(washers.sku);
    await byTestId(managing.page, `item-option-${washers.sku}`).click();
    await byTestId(managing.page, `stocktake-open-chosen-${washers.sku}`).waitFor();
    await expectSoundLayout(managing.page);
    await byTestId(managing.page, 'stocktake-open').click();
    await managing.page.waitForURL((url) => url.pathname !== stocktakeUrl && /\/stocktakes\/[0-9a-f-]{36}$/.test(url.pathname));
    await byTestId(managing.page, `stocktake-line-${washers.sku}`).waitFor();
    expect(await byTestId(managing.page, `stocktake-line-${bolts.sku}`).count()).toBe(0);
    expect([managing.errors, counting.errors]).toEqual([[], []]);
    await Promise.all([managing.context.close(), counting.context.close()]);
  });
});
