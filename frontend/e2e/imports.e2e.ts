import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueSku } from './support/api';
import { byTestId, textOf, collectPageErrors, launchBrowser, signedInContext } from './support/browser';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';

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

const choose = (page: Page, name: string, content: string) =>
  byTestId(page, 'import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('at %s size', (_size, viewport) => {
  test('a manager uploads a file, sees the row in error, fixes the file and applies it', async () => {
    const context = await signedInContext(browser, boss, viewport);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const [bolt, nut] = [uniqueSku('IMP'), uniqueSku('IMP')];
    await page.goto('/imports');
    await byTestId(page, 'import-file').waitFor({ state: 'attached' });
    expect(await page.title()).toBe('Import · IMS');

    await choose(page, 'broken.csv', `sku,name,price,quantity\n${bolt},Bolt,0.25,10\n${nut},Nut,cheap,5\n`);
    await expect.poll(() => textOf(page, 'import-summary')).toContain('1 in error');
    expect(await textOf(page, 'import-summary')).toContain('1 to create');
    // Errors are shown first, highlighted, with the column and what is wrong.
    expect(await byTestId(page, 'import-row-3').getAttribute('class')).toContain('row-error');
    expect(await textOf(page, 'import-row-3')).toContain('price');
    expect(await byTestId(page, 'import-row-2').count()).toBe(0);
    expect(await byTestId(page, 'import-apply').count()).toBe(0);
    expect(await textOf(page, 'import-fix')).toContain('nothing is written');
    await byTestId(page, 'import-filter-all').click();
    await expect.poll(() => textOf(page, 'import-action-2')).toBe('Create');
    await expectSoundLayout(page);

    await choose(page, 'fixed.csv', `sku,name,price,quantity\n${bolt},Bolt,0.25,10\n${nut},Nut,0.10,5\n`);
    await expect.poll(() => textOf(page, 'import-summary')).toContain('0 in error');
    await byTestId(page, 'import-apply').click();
    await expect.poll(() => textOf(page, 'import-applied')).toBe('Applied: 2 changes written.');
    await expectSoundLayout(page);

    const items = await boss.call<{ items: { sku: string; quantity: number; price: number }[] }>('GET', `/api/items?search=${nut}`);
    expect(items.items.map(({ sku, quantity, price }) => ({ sku, quantity, price }))).toEqual([{ sku: nut, quantity: 5, price: 0.1 }]);

    await page.goto('/items');
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'items-export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^ims-items-\d{4}-\d{2}-\d{2}\.csv$/);
    const exported = readFileSync(await download.path(), 'utf8');
    expect(
      exported.startsWith(
        '\uFEFFsku,name,description,unit,price,lowStockThreshold,barcode,reorderPoint,reorderQuantity,leadTimeDays,quantity:MAIN',
      ),
    ).toBe(true);
    expect(exported).toContain(`${nut},Nut,,pcs,0.1,0,,,,,5`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
