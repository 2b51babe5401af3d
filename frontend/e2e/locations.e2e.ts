import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueCode, uniqueSku } from './support/api';
import { byTestId, textOf, collectPageErrors, launchBrowser, signedInContext } from './support/browser';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;
let staff: Api;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
  staff = await Api.register(baseUrl, `placer-${Date.now().toString(36)}`, 'placing-stock-key-1');
});
afterAll(async () => {
  await browser.close();
});

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('at %s size', (_size, viewport) => {
  const open = async (api: Api) => {
    const context = await signedInContext(browser, api, viewport);
    const page = await context.newPage();
    return { context, page, errors: collectPageErrors(page) };
  };

  test('a manager adds, renames and archives a location; a taken code and stock still held are said plainly', async () => {
    const { context, page, errors } = await open(boss);
    await page.goto('/locations');
    await byTestId(page, 'location-row-MAIN').waitFor();
    expect(await page.title()).toBe('Locations · IMS');
    expect(await textOf(page, 'location-status-MAIN')).toContain('cannot be archived');
    expect(await byTestId(page, 'location-archive-MAIN').count()).toBe(0);

    const code = uniqueCode('VAN');
    await byTestId(page, 'location-form-code').fill(code);
    await byTestId(page, 'location-form-name').fill('Service van');
    await byTestId(page, 'location-form-submit').click();
    await expect.poll(() => textOf(page, `location-name-${code}`)).toBe('Service van');
    await expectSoundLayout(page);

    await byTestId(page, 'location-form-code').fill(code.toLowerCase());
    await byTestId(page, 'location-form-name').fill('Another van');
    await byTestId(page, 'location-form-submit').click();
    await expect.poll(() => page.locator('mat-error').allTextContents()).toContain('is already taken');

    await byTestId(page, `location-rename-${code}`).click();
    await byTestId(page, 'location-edit-name').fill('Blue service van');
    await byTestId(page, 'location-edit-save').click();
    await expect.poll(() => textOf(page, `location-name-${code}`)).toBe('Blue service van');

    const location = (await boss.call<{ id: string; code: string }[]>('GET', '/api/locations')).find((found) => found.code === code);
    if (!location) throw new Error(`no location ${code}`);
    const item = await boss.createItem({ sku: uniqueSku('LOC'), name: 'Fuses' });
    await boss.move(item.id, 'IN', 2, 'Loaded', location.id);
    await byTestId(page, `location-archive-${code}`).click();
    expect(await page.locator('mat-dialog-content').textContent()).toContain(`Archive ${code} (Blue service van)?`);
    await byTestId(page, 'confirm-yes').click();
    await expect
      .poll(() => textOf(page, 'locations-action-error'))
      .toBe(`${code} still holds 2 units: move them to another location, then archive it.`);

    await boss.move(item.id, 'OUT', 2, 'Unloaded', location.id);
    await byTestId(page, `location-archive-${code}`).click();
    await byTestId(page, 'confirm-yes').click();
    await expect.poll(() => byTestId(page, `location-row-${code}`).count()).toBe(0);
    await byTestId(page, 'locations-view-all').click();
    await expect.poll(() => textOf(page, `location-status-${code}`)).toBe('archived');
    await expectSoundLayout(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('staff are shown why they cannot open the locations page', async () => {
    const { context, page } = await open(staff);
    await page.goto('/locations');
    await byTestId(page, 'forbidden').waitFor();
    expect(await byTestId(page, 'nav-manage').count()).toBe(0);
    await context.close();
  });

  test('a movement at the chosen location shows in the item’s breakdown, and the form starts at that location next time', async () => {
    const shelf = await boss.createLocation(uniqueCode('SHELF'), 'Shelf by the door');
    const item = await boss.createItem({ sku: uniqueSku('LOC'), name: 'Hose clamps', quantity: 5, unit: 'pcs' });
    const { context, page, errors } = await open(staff);

    await page.goto(`/movements/new?itemId=${item.id}`);
    await expect.poll(() => textOf(page, 'movement-location-qty')).toBe(`5 pcs of ${item.sku} here`);
    await byTestId(page, 'movement-location').selectOption(shelf.id);
    await expect.poll(() => textOf(page, 'movement-location-qty')).toBe(`0 pcs of ${item.sku} here`);
    await byTestId(page, 'movement-type').selectOption('IN');
    await byTestId(page, 'movement-quantity').fill('4');
    await byTestId(page, 'movement-submit').click();
    await byTestId(page, 'movement-success').waitFor();
    await expect.poll(() => textOf(page, 'movement-location-qty')).toBe(`4 pcs of ${item.sku} here`);
    await expectSoundLayout(page);

    await page.goto(`/items/${item.id}`);
    await expect.poll(() => textOf(page, `item-location-qty-${shelf.code}`)).toBe('4 pcs');
    expect(await textOf(page, 'item-location-qty-MAIN')).toBe('5 pcs');
    expect(await textOf(page, 'item-detail-qty')).toBe('9 pcs');
    await expectSoundLayout(page);

    await page.goto('/movements/new');
    await expect.poll(() => byTestId(page, 'movement-location').inputValue()).toBe(shelf.id);
    await page.reload();
    await expect.poll(() => byTestId(page, 'movement-location').inputValue()).toBe(shelf.id);

    await page.goto(`/movements?locationId=${shelf.id}`);
    await expect.poll(() => byTestId(page, 'movement-row-location').allTextContents()).toEqual([shelf.code]);
    expect(await byTestId(page, 'movements-location').inputValue()).toBe(shelf.id);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the items list filtered by a location lists the items with stock there, and keeps the filter in the URL', async () => {
    const van = await boss.createLocation(uniqueCode('VAN'), 'Van two');
    const there = await boss.createItem({ sku: uniqueSku('LOC'), name: 'Brake pads' });
    const elsewhere = await boss.createItem({ sku: uniqueSku('LOC'), name: 'Wiper blades', quantity: 3 });
    await boss.move(there.id, 'IN', 6, 'Loaded', van.id);
    const { context, page, errors } = await open(staff);

    await page.goto('/items');
    await page.locator('[data-testid^="item-row-"]').first().waitFor();
    await byTestId(page, 'items-location').selectOption(van.id);
    await expect.poll(() => new URL(page.url()).searchParams.get('locationId')).toBe(van.id);
    await byTestId(page, `item-row-${there.sku}`).waitFor();
    expect(await byTestId(page, `item-row-${elsewhere.sku}`).count()).toBe(0);
    await expectSoundLayout(page);

    await page.reload();
    await byTestId(page, `item-row-${there.sku}`).waitFor();
    expect(await byTestId(page, `item-row-${elsewhere.sku}`).count()).toBe(0);
    expect(await byTestId(page, 'items-location').inputValue()).toBe(van.id);

    // Stock arriving there brings the item into the list as it happens.
    await boss.move(elsewhere.id, 'IN', 1, 'Loaded', van.id);
    await byTestId(page, `item-row-${elsewhere.sku}`).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a location another tab creates, renames or archives changes this tab at once, and stock moving there shows on the item page', async () => {
    const item = await boss.createItem({ sku: uniqueSku('LOC'), name: 'Spark plugs', quantity: 1, unit: 'pcs' });
    const first = await open(boss);
    const second = await open(boss);
    await second.page.goto('/locations');
    await byTestId(second.page, 'location-row-MAIN').waitFor();
    await first.page.goto('/locations');
    await byTestId(first.page, 'location-row-MAIN').waitFor();

    const code = uniqueCode('BAY');
    await byTestId(first.page, 'location-form-code').fill(code);
    await byTestId(first.page, 'location-form-name').fill('Loading bay');
    await byTestId(first.page, 'location-form-submit').click();
    await expect.poll(() => textOf(second.page, `location-name-${code}`)).toBe('Loading bay');

    await byTestId(first.page, `location-rename-${code}`).click();
    await byTestId(first.page, 'location-edit-name').fill('Loading bay north');
    await byTestId(first.page, 'location-edit-save').click();
    await expect.poll(() => textOf(second.page, `location-name-${code}`)).toBe('Loading bay north');

    await byTestId(first.page, `location-archive-${code}`).click();
    await byTestId(first.page, 'confirm-yes').click();
    await expect.poll(() => byTestId(second.page, `location-row-${code}`).count()).toBe(0);

    const dock = await boss.createLocation(uniqueCode('DOCK'), 'Dock');
    await second.page.goto(`/items/${item.id}`);
    await expect.poll(() => textOf(second.page, 'item-location-qty-MAIN')).toBe('1 pcs');
    await boss.move(item.id, 'IN', 7, 'Delivery', dock.id);
    await expect.poll(() => textOf(second.page, `item-location-qty-${dock.code}`)).toBe('7 pcs');
    expect(await textOf(second.page, 'item-detail-qty')).toBe('8 pcs');
    expect([...first.errors, ...second.errors]).toEqual([]);
    await first.context.close();
    await second.context.close();
  });
});
