import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueSku } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, screenshot, signedInContext } from './support/browser';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;
let staff: Api;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
  staff = await Api.register(baseUrl, `mover-${Date.now().toString(36)}`, 'moving-stock-key-1');
});
afterAll(async () => {
  await browser.close();
});

const rows = (page: Page) => byTestId(page, 'movement-row');
const rowTypes = (page: Page) => rows(page).evaluateAll((found) => found.map((row) => row.getAttribute('data-type')));

/**
 * The page's own buttons, fields and stand-alone links lower than a fingertip (links inside a sentence excepted). A
 * target counts with Material's invisible touch-target area or, for a field, with the box around it that focuses it.
 */
const smallTargets = (page: Page) =>
  page.evaluate(() => {
    const height = (element: Element | null | undefined) => element?.getBoundingClientRect().height ?? 0;
    const reach = (target: HTMLElement) =>
      Math.max(
        height(target),
        height(target.closest('.mat-mdc-text-field-wrapper')),
        ...Array.from(target.querySelectorAll('[class*="touch-target"]'), height),
      );
    return Array.from(document.querySelectorAll<HTMLElement>('main button, main a, main input, main select, main textarea'))
      .filter((target) => !target.closest('p') && target.offsetParent !== null && reach(target) < 44)
      .map((target) => target.dataset['testid'] ?? target.outerHTML.slice(0, 80));
  });

/** One h1, a main landmark, nothing wider than the screen, no moderate-or-worse axe finding, and fingertip-sized targets on a phone. */
async function expectFitForEveryone(page: Page): Promise<void> {
  await expectSoundLayout(page);
  if (page.viewportSize()?.width === PHONE.width) expect(await smallTargets(page)).toEqual([]);
}

/** What a keyboard-wedge scanner does in the focused field: the characters quickly, then Enter. */
async function scan(page: Page, field: string, sku: string): Promise<void> {
  await byTestId(page, field).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(sku);
  await page.keyboard.press('Enter');
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('at %s size', (size, viewport) => {
  const open = async (api: Api) => {
    const context = await signedInContext(browser, api, viewport);
    const page = await context.newPage();
    return { page, errors: collectPageErrors(page) };
  };

  test('filters narrow the movements, survive reload and back, and the CSV export holds the filtered rows', async () => {
    const item = await boss.createItem({ sku: uniqueSku('FLT'), name: 'Cable ties', quantity: 10 });
    const other = await boss.createItem({ sku: uniqueSku('FLT'), name: 'Other' });
    await boss.move(item.id, 'IN', 5, 'Delivery');
    await staff.move(item.id, 'OUT', 2, 'Issued');
    await boss.move(other.id, 'IN', 3);
    const { page, errors } = await open(boss);

    await page.goto('/movements');
    await expect.poll(() => rows(page).count()).toBeGreaterThanOrEqual(3);
    expect(await page.title()).toBe('Movements · IMS');
    await scan(page, 'movements-item', item.sku.toLowerCase());
    await expect.poll(() => rowTypes(page)).toEqual(['OUT', 'IN']);
    expect(page.url()).toContain(`itemId=${item.id}`);
    expect(await byTestId(page, 'movement-row-item').first().textContent()).toBe(item.sku);

    await byTestId(page, 'movements-type').selectOption('OUT');
    await expect.poll(() => rowTypes(page)).toEqual(['OUT']);
    expect(await byTestId(page, 'movement-row-user').textContent()).toBe(staff.session?.user.username);
    await page.reload();
    await expect.poll(() => rowTypes(page)).toEqual(['OUT']);
    expect(await byTestId(page, 'movements-type').inputValue()).toBe('OUT');
    await expect.poll(() => byTestId(page, 'movements-item').inputValue()).toBe(`${item.sku} — Cable ties`);
    await expectFitForEveryone(page);
    await screenshot(page, `movements-${size}`);

    const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'movements-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^ims-stock-movements-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toMatch(/^time,type,sku,item,/);
    expect(lines.slice(1).map((line) => line.split(',').slice(1, 4))).toEqual([['OUT', item.sku, 'Cable ties']]);

    await byTestId(page, 'movements-to').fill('2020-01-01');
    await expect.poll(() => byTestId(page, 'movements-empty').textContent()).toContain('No movements match');
    await page.goBack();
    await expect.poll(() => rowTypes(page)).toEqual(['OUT']);
    await page.goBack();
    await expect.poll(() => rowTypes(page)).toEqual(['OUT', 'IN']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a movement recorded in another session appears at the top as it happens, once', async () => {
    const item = await boss.createItem({ sku: uniqueSku('LIVE'), name: 'Gauze', quantity: 4 });
    await boss.move(item.id, 'OUT', 1, 'Issued');
    const { page, errors } = await open(staff);
    await page.goto(`/movements?itemId=${item.id}`);
    await expect.poll(() => rowTypes(page)).toEqual(['OUT']);
    await expect.poll(() => byTestId(page, 'connection-status').getAttribute('data-state')).toBe('live');

    const recorded = (await boss.move(item.id, 'IN', 7, 'Delivery')) as { movement: { id: string } };
    await expect.poll(() => rowTypes(page)).toEqual(['IN', 'OUT']);
    expect(await rows(page).first().getAttribute('data-id')).toBe(recorded.movement.id);
    expect(await rows(page).first().textContent()).toContain('3 → 10');
    await expectFitForEveryone(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('the list shows a skeleton while it loads and the error with Retry when the API fails, never "No movements match"', async () => {
    const item = await boss.createItem({ sku: uniqueSku('ERR'), name: 'Tubes' });
    await boss.move(item.id, 'IN', 2);
    const { page, errors } = await open(staff);
    let answer: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    await page.route('**/api/stock-movements?*', async (route) => {
      await held;
      await route.fulfill({
        status: 500,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: '/problems/internal', title: 'Internal error', status: 500, detail: 'The list could not be read.' }),
      });
    });
    await page.goto(`/movements?itemId=${item.id}`);
    await expect.poll(() => byTestId(page, 'movements-loading').count()).toBe(1);
    answer();
    await expect.poll(() => byTestId(page, 'movements-error').textContent()).toContain('The list could not be read.');
    expect(await byTestId(page, 'movements-empty').count()).toBe(0);
    expect(await rows(page).count()).toBe(0);
    await expectFitForEveryone(page);

    await page.unroute('**/api/stock-movements?*');
    await byTestId(page, 'movements-retry').click();
    await expect.poll(() => rowTypes(page)).toEqual(['IN']);
    expect(await byTestId(page, 'movements-error').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('Load more brings the next page of older movements below', async () => {
    const item = await boss.createItem({ sku: uniqueSku('MANY'), name: 'Labels' });
    for (let batch = 0; batch < 4; batch++) await Promise.all(Array.from({ length: 13 }, () => boss.move(item.id, 'IN', 1)));
    const { page, errors } = await open(staff);
    await page.goto(`/movements?itemId=${item.id}`);
    await expect.poll(() => rows(page).count()).toBe(50);
    expect(await rows(page).last().locator('.change').textContent()).toBe('2 → 3');
    await byTestId(page, 'movements-more').click();
    await expect.poll(() => rows(page).count()).toBe(52);
    expect(await rows(page).last().locator('.change').textContent()).toBe('0 → 1');
    expect(await byTestId(page, 'movements-more').count()).toBe(0);
    await expectFitForEveryone(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a scanned SKU and Enter pick the item; a recorded movement clears the stale error and readies the form for the next', async () => {
    const first = await boss.createItem({ sku: uniqueSku('SCN'), name: 'Swabs', quantity: 2 });
    const second = await boss.createItem({ sku: uniqueSku('SCN'), name: 'Tape', quantity: 0 });
    const { page, errors } = await open(staff);
    await page.goto('/movements/new');

    await scan(page, 'movement-item', 'NO-SUCH-SKU');
    await expect.poll(() => byTestId(page, 'movement-item-lookup').textContent()).toContain('No item has the SKU “NO-SUCH-SKU”');

    await scan(page, 'movement-item', first.sku);
    await expect.poll(() => byTestId(page, 'movement-current').textContent()).toContain(`${first.sku} · Swabs`);
    await byTestId(page, 'movement-type').selectOption('OUT');
    await byTestId(page, 'movement-quantity').fill('5');
    await byTestId(page, 'movement-reason').fill('Issued');
    await byTestId(page, 'movement-submit').click();
    await expect.poll(() => byTestId(page, 'movement-error').textContent()).toContain('Not enough stock');

    await byTestId(page, 'movement-quantity').fill('2');
    await byTestId(page, 'movement-submit').click();
    await expect.poll(() => byTestId(page, 'movement-success').textContent()).toContain('2 → 0');
    expect(await byTestId(page, 'movement-error').count()).toBe(0);
    expect(await byTestId(page, 'movement-quantity').inputValue()).toBe('1');
    expect(await byTestId(page, 'movement-reason').inputValue()).toBe('');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('movement-item');
    await expectFitForEveryone(page);
    await screenshot(page, `movement-form-${size}`);

    // The field has focus with its text selected: the next scan replaces it.
    await page.keyboard.type(second.sku);
    await page.keyboard.press('Enter');
    await expect.poll(() => byTestId(page, 'movement-current').textContent()).toContain(`${second.sku} · Tape`);
    await byTestId(page, 'movement-type').selectOption('IN');
    await byTestId(page, 'movement-quantity').fill('6');
    await byTestId(page, 'movement-submit').click();
    await expect.poll(() => byTestId(page, 'movement-success').textContent()).toContain('0 → 6');
    // The page's writes, which another client reads once the read models have them.
    await expect.poll(async () => (await boss.item(first.id)).quantity).toBe(0);
    await expect.poll(async () => (await boss.item(second.id)).quantity).toBe(6);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
