import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueSku, type ItemRow } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, signedInContext } from './support/browser';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;
let staff: Api;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
  staff = await Api.register(baseUrl, `labeller-${Date.now().toString(36)}`, 'printing-labels-key-1');
});
afterAll(async () => {
  await browser.close();
});

/** Pages of a PDF: its page objects (object dictionaries are never compressed, only streams). */
const pdfPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('at %s size', (_size, viewport) => {
  test('a staff member ticks items in the list and downloads their labels as a PDF, one page per label on a roll', async () => {
    const run = uniqueSku('LBL');
    const items = [
      // In stock, so that no low-stock banner arrives mid-test and moves the page.
      await boss.call<ItemRow>('POST', '/api/items', { sku: `${run}-B`, name: 'Hex bolt', barcode: `${run}/B`, quantity: 5 }),
      await boss.call<ItemRow>('POST', '/api/items', { sku: `${run}-A`, name: 'Washer', quantity: 5 }),
    ];
    const context = await signedInContext(browser, staff, viewport);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto('/items');
    await byTestId(page, 'items-search').fill(run);
    // The search applied (it waits for typing to pause): only these two rows, which the ticks below must not outlive.
    await expect.poll(async () => ((await byTestId(page, 'items-count').textContent()) ?? '').trim()).toBe('2 shown');
    expect(await byTestId(page, 'items-selection').count()).toBe(0);

    // Ticked B first, then A: the labels come in that order; ticking does not open the item.
    // The selection bar appears below the rows, so the first tick does not move the second's box on the page.
    const topOnPage = () => byTestId(page, `item-select-${run}-A`).evaluate((box) => box.getBoundingClientRect().top + window.scrollY);
    const second = await topOnPage();
    await byTestId(page, `item-select-${run}-B`).click();
    await expect.poll(async () => ((await byTestId(page, 'items-selected-count').textContent()) ?? '').trim()).toBe('1 selected');
    expect(await topOnPage()).toBe(second);
    await byTestId(page, `item-select-${run}-A`).click();
    expect(new URL(page.url()).pathname).toBe('/items');
    await expect.poll(async () => ((await byTestId(page, 'items-selected-count').textContent()) ?? '').trim()).toBe('2 selected');
    await expectSoundLayout(page);

    await byTestId(page, 'items-print-labels').click();
    await byTestId(page, 'labels-layout').selectOption('roll-62x29');
    await byTestId(page, 'labels-code-code128').click();
    const [response, download] = await Promise.all([
      page.waitForResponse((answer) => new URL(answer.url()).pathname === '/api/labels'),
      page.waitForEvent('download'),
      byTestId(page, 'labels-print').click(),
    ]);
    const asked = new URL(response.url()).searchParams;
    expect(Object.fromEntries(asked)).toEqual({
      itemIds: items.map(({ id }) => id).join(','),
      format: 'pdf',
      layout: 'roll-62x29',
      code: 'code128',
    });
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(pdfPages(await response.body())).toBe(2);
    expect(download.suggestedFilename()).toBe('ims-labels-roll-62x29.pdf');
    await expect.poll(() => page.locator('mat-dialog-container').count()).toBe(0);

    await byTestId(page, 'items-clear-selection').click();
    await expect.poll(() => byTestId(page, 'items-selection').count()).toBe(0);

    // One item's label from its page, which shows its barcode; the layout and code chosen last time are offered again.
    await byTestId(page, `item-row-${run}-B`).click();
    await expect.poll(async () => ((await byTestId(page, 'item-detail-barcode').textContent()) ?? '').trim()).toBe(`${run}/B`);
    await byTestId(page, 'item-detail-print-label').click();
    // The dialog remembers the last layout chosen once it has opened.
    await expect.poll(() => byTestId(page, 'labels-layout').inputValue()).toBe('roll-62x29');
    await expectSoundLayout(page);
    const [single] = await Promise.all([
      page.waitForResponse((answer) => new URL(answer.url()).pathname === '/api/labels'),
      byTestId(page, 'labels-print').click(),
    ]);
    expect(new URL(single.url()).searchParams.get('itemIds')).toBe(items[0]!.id);
    expect(pdfPages(await single.body())).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
