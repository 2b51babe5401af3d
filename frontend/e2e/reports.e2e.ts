import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueSku } from './support/api';
import { byTestId, textOf, collectPageErrors, launchBrowser, signedInContext } from './support/browser';
import { drawnSize } from './support/charts';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;

interface ReorderAnswer {
  readonly items: readonly { readonly sku: string; readonly suggestedQuantity: number }[];
}
interface ValuationAnswer {
  readonly value: number;
}

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
});
afterAll(async () => {
  await browser.close();
});

const dollars = (value: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(value);

/** Clicks a CSV button and answers the downloaded file's name and lines. */
async function downloaded(page: Page, testId: string): Promise<{ name: string; lines: string[] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, testId).click()]);
  return {
    name: download.suggestedFilename(),
    lines: readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n'),
  };
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('at %s size', (_size, viewport) => {
  test('a manager reads the reorder list, the valuation and the activity, and downloads each as CSV', async () => {
    const sku = uniqueSku('GLOVE');
    const item = await boss.call<{ id: string }>('POST', '/api/items', {
      sku,
      name: 'Nitrile gloves',
      quantity: 12,
      price: 3.25,
      reorderPoint: 10,
      reorderQuantity: 25,
      leadTimeDays: 5,
    });
    const moved = await boss.call<{ position: number }>('POST', '/api/stock-movements', { itemId: item.id, type: 'OUT', quantity: 4 });
    const fresh = { 'X-Min-Position': String(moved.position) };
    const reorder = await boss.call<ReorderAnswer>('GET', '/api/reports/reorder', undefined, fresh);
    const line = reorder.items.find((found) => found.sku === sku);
    if (!line) throw new Error(`${sku} is not due for ordering`);
    const valuation = await boss.call<ValuationAnswer>('GET', '/api/reports/valuation', undefined, fresh);

    const context = await signedInContext(browser, boss, viewport);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto('/reports');
    await expect.poll(() => textOf(page, `reorder-order-${sku}`)).toBe(String(line.suggestedQuantity));
    expect(await page.title()).toBe('Reports · IMS');
    await expectSoundLayout(page);
    const purchases = await downloaded(page, 'reorder-csv');
    expect(purchases.name).toMatch(/^ims-reorder-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(purchases.lines[0]).toMatch(/^sku,name,unit,onHand,reorderPoint,/);
    expect(purchases.lines.find((row) => row.startsWith(`${sku},`))?.split(',')[9]).toBe(String(line.suggestedQuantity));

    await page.getByRole('tab', { name: 'Valuation' }).click();
    // Valued at the end of today: nothing moves meanwhile in this file, so it is the value now.
    await expect.poll(() => textOf(page, 'valuation-total')).toContain(dollars(valuation.value));
    await byTestId(page, 'valuation-location-MAIN').waitFor();
    await expectSoundLayout(page);
    const valued = await downloaded(page, 'valuation-csv');
    expect(valued.name).toMatch(/^ims-valuation-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(valued.lines.find((row) => row.includes(`,${sku},`))).toContain(',8,3.25,26');

    await page.getByRole('tab', { name: 'Activity' }).click();
    await byTestId(page, 'top-movers').waitFor();
    await expect.poll(async () => (await drawnSize(page, 'activity-chart')).width).toBeGreaterThan(0);
    await expectSoundLayout(page);
    const activity = await downloaded(page, 'activity-csv');
    expect(activity.lines[0]).toBe('start,IN,OUT,ADJUST,TRANSFER,unitsIn,unitsOut,unitsAdjusted,unitsTransferred');
    const buckets = await boss.call<{ buckets: unknown[] }>('GET', '/api/reports/activity');
    expect(activity.lines).toHaveLength(buckets.buckets.length + 1);
    await byTestId(page, 'activity-week').click();
    await expect.poll(() => page.getByRole('img', { name: /^Movements per week/ }).count()).toBe(1);

    // A colleague issues two more: the open reports follow without a reload.
    await page.getByRole('tab', { name: 'Reorder' }).click();
    const onHand = byTestId(page, `reorder-row-${sku}`).locator('td[data-label="On hand"]');
    await expect.poll(async () => (await onHand.textContent())?.trim()).toMatch(/^8\b/);
    await boss.call('POST', '/api/stock-movements', { itemId: item.id, type: 'OUT', quantity: 2 });
    await expect.poll(async () => (await onHand.textContent())?.trim(), { timeout: 10_000 }).toMatch(/^6\b/);

    expect(errors).toEqual([]);
    await context.close();
  });
});
