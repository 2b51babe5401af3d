import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueCode, uniqueSku } from './support/api';
import { byTestId, collectPageErrors, launchBrowser, signedInContext } from './support/browser';
import { fakeCameraVideo, launchBrowserWithCamera } from './support/fake-camera';
import { DESKTOP, PHONE, expectSoundLayout } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');
let browser: Browser;
let boss: Api;
let staff: Api;

interface ScannableItem {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
}

interface ListedMovement {
  readonly type: string;
  readonly quantity: number;
  readonly quantityAfter: number;
}

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
  staff = await Api.register(baseUrl, `scanner-${Date.now().toString(36)}`, 'scanning-floor-key-1');
});
afterAll(async () => {
  await browser.close();
});

const text = async (page: Page, testId: string) => ((await byTestId(page, testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** A barcode no other test's item has: six digits is no GTIN length, so it is taken as Code 128. */
let barcodes = 0;
const uniqueBarcode = () => String((Date.now() * 10 + ++barcodes) % 1_000_000).padStart(6, '0');

/** A new item, once the read models show it (the page looks it up as soon as the test scans it). */
async function createItem(name: string, quantity = 0, barcode?: string): Promise<ScannableItem> {
  const { id, position } = await boss.call<ScannableItem & { position: number }>('POST', '/api/items', {
    sku: uniqueSku('SCN'),
    name,
    quantity,
    barcode,
  });
  return boss.call<ScannableItem>('GET', `/api/items/${id}`, undefined, { 'X-Min-Position': String(position) });
}

/** The controls of the page and of the offline status smaller than a thumb (44 px); a form field counts whole. */
const smallControls = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid="offline-status"], main button, main input, main select, main a'))
      .map((element) => ({
        id: element.getAttribute('data-testid') ?? element.outerHTML.slice(0, 60),
        box: (element.closest('.mat-mdc-form-field') ?? element).getBoundingClientRect(),
      }))
      .filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
      .map(({ id }) => id),
  );

/**
 * What a keyboard-wedge scanner sends: the code's keys and Enter within a millisecond or two, typed
 * into the page in one burst (keys sent one by one from the test may arrive too far apart on a busy machine).
 */
const wedgeScan = (page: Page, code: string) =>
  page.evaluate(
    (keys) => {
      for (const key of keys) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    },
    [...Array.from(code), 'Enter'],
  );

/** The item's movements, oldest first. */
async function movementsOf(item: ScannableItem): Promise<ListedMovement[]> {
  const { movements } = await boss.call<{ movements: ListedMovement[] }>('GET', `/api/stock-movements?itemId=${item.id}&limit=100`);
  return [...movements].reverse();
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
])('at %s size', (_size, viewport) => {
  const open = async (api: Api, on: Browser = browser) => {
    const context = await signedInContext(on, api, viewport);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto('/scan');
    await expect.poll(() => byTestId(page, 'connection-status').getAttribute('data-state')).toBe('live');
    return { context, page, errors };
  };

  const begin = async (page: Page, mode: 'IN' | 'OUT' | 'TRANSFER' | 'COUNT') => {
    await byTestId(page, `scan-mode-${mode}`).click();
    await byTestId(page, 'scan-begin').click();
    await expect.poll(() => text(page, 'scan-summary')).toContain('at MAIN');
  };

  /** Types the code as a person would into the code field, then records the scan with `quantity`. */
  const record = async (page: Page, code: string, quantity: number) => {
    await byTestId(page, 'scan-code').fill(code);
    await byTestId(page, 'scan-code-submit').click();
    await expect.poll(() => byTestId(page, 'scan-quantity').count()).toBe(1);
    await byTestId(page, 'scan-quantity').fill(String(quantity));
    await byTestId(page, 'scan-record').click();
    await expect.poll(() => byTestId(page, 'scan-quantity').count()).toBe(0);
  };

  /** Looks the item up online once (the phone's catalogue learns it), without recording anything. */
  const learn = async (page: Page, item: ScannableItem) => {
    await byTestId(page, 'scan-code').fill(item.sku);
    await byTestId(page, 'scan-code-submit').click();
    await expect.poll(() => text(page, 'scan-item-name')).toBe(item.name);
    await byTestId(page, 'scan-undo').click();
    await expect.poll(() => byTestId(page, 'scan-current').count()).toBe(0);
  };

  const goOffline = async (context: BrowserContext, page: Page) => {
    await context.setOffline(true);
    await expect.poll(() => byTestId(page, 'offline-status').getAttribute('data-online')).toBe('false');
  };

  test('the fake camera shows a QR code, a Code 128 barcode and another QR code: three movements are recorded', async () => {
    const barcode = uniqueBarcode();
    const [first, second, third] = [
      await createItem('Nitrile gloves'),
      await createItem('Pipette tips', 0, barcode),
      await createItem('Petri dishes'),
    ] as const;
    const video = fakeCameraVideo([
      { symbology: 'qrcode', text: first.sku },
      { symbology: 'code128', text: barcode },
      { symbology: 'qrcode', text: third.sku },
    ]);
    const cameraBrowser = await launchBrowserWithCamera(video);
    try {
      const { context, page, errors } = await open(staff, cameraBrowser);
      await begin(page, 'IN');
      await byTestId(page, 'camera-start').click();

      await expect.poll(() => text(page, 'scan-item-name'), { timeout: 30_000 }).toBe(third.name);
      await byTestId(page, 'scan-record').click();
      await byTestId(page, 'camera-stop').click();

      await expect.poll(() => byTestId(page, 'scan-line').allTextContents()).toHaveLength(3);
      await expect
        .poll(async () => (await byTestId(page, 'scan-line').allTextContents()).every((line) => line.includes('Recorded')))
        .toBe(true);
      for (const item of [first, second, third]) {
        await expect.poll(() => movementsOf(item)).toEqual([expect.objectContaining({ type: 'IN', quantity: 1 })]);
      }
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await cameraBrowser.close();
    }
  });

  test('a keyboard-wedge scanner reads like the camera: the same code again adds one, another code records the first', async () => {
    const [gloves, tips] = [await createItem('Wedge gloves', 10), await createItem('Wedge tips', 10)];
    const { context, page, errors } = await open(staff);
    await begin(page, 'OUT');

    for (const code of [gloves.sku, gloves.sku, tips.sku]) {
      await wedgeScan(page, code);
      await expect.poll(() => text(page, 'scan-item-name')).toBe(code === gloves.sku ? gloves.name : tips.name);
    }
    expect(await byTestId(page, 'scan-quantity').inputValue()).toBe('1');
    await expect.poll(() => movementsOf(gloves)).toEqual([expect.objectContaining({ type: 'OUT', quantity: 2, quantityAfter: 8 })]);
    await expect.poll(() => text(page, 'scan-here')).toBe('10');

    // Someone else issues 3 of the item on screen: the quantity here follows live.
    await boss.move(tips.id, 'OUT', 3);
    await expect.poll(() => text(page, 'scan-here')).toBe('7');

    await byTestId(page, 'scan-undo').click();
    await expect.poll(() => byTestId(page, 'scan-current').count()).toBe(0);
    expect(await movementsOf(tips)).toEqual([expect.objectContaining({ quantity: 3 })]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('twenty movements made offline are sent in order once the network returns, exactly once each', async () => {
    const item = await createItem('Offline vials');
    const { context, page, errors } = await open(staff);
    await begin(page, 'IN');
    await learn(page, item);
    await goOffline(context, page);

    for (let quantity = 1; quantity <= 20; quantity++) await record(page, item.sku, quantity);
    await expect.poll(() => text(page, 'offline-waiting')).toBe('20 waiting');
    expect(await movementsOf(item)).toEqual([]);
    await expectSoundLayout(page);

    await context.setOffline(false);
    await expect.poll(() => byTestId(page, 'offline-waiting').count()).toBe(0);
    await expect
      .poll(async () => (await movementsOf(item)).map(({ type, quantity }) => `${type} ${quantity}`))
      .toEqual(Array.from({ length: 20 }, (_, index) => `IN ${index + 1}`));
    expect((await movementsOf(item)).at(-1)?.quantityAfter).toBe(210);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('an answer lost mid-sync is sent again with its key: still twenty movements on the server', async () => {
    const item = await createItem('Dropped vials');
    const { context, page, errors } = await open(staff);
    await begin(page, 'IN');
    await learn(page, item);
    await goOffline(context, page);
    for (let quantity = 1; quantity <= 20; quantity++) await record(page, item.sku, quantity);

    // The fifth movement reaches the server and is recorded, but its answer never comes back.
    const keys: string[] = [];
    await page.route('**/api/stock-movements', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length !== 5) return route.continue();
      await route.fetch();
      return route.abort('connectionreset');
    });
    await context.setOffline(false);

    await expect.poll(() => byTestId(page, 'offline-waiting').count(), { timeout: 40_000 }).toBe(0);
    await expect
      .poll(async () => (await movementsOf(item)).map(({ quantity }) => quantity))
      .toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(keys).toHaveLength(21);
    expect(keys[5]).toBe(keys[4]);
    expect(new Set(keys).size).toBe(20);
    expect(errors.filter((error) => !error.includes('Http failure'))).toEqual([]);
    await context.close();
  });

  test('an OUT the server refuses on sync lands in "needs attention", and one tap retries it with another quantity', async () => {
    const item = await createItem('Scarce reagent', 2);
    const { context, page, errors } = await open(staff);
    await begin(page, 'OUT');
    await learn(page, item);
    await goOffline(context, page);
    await record(page, item.sku, 5);
    await context.setOffline(false);

    await expect.poll(() => text(page, 'attention-reason')).toContain('2');
    expect(await text(page, 'offline-attention')).toBe('1 to check');
    expect(await movementsOf(item)).toEqual([]);
    await expectSoundLayout(page);
    expect(await smallControls(page)).toEqual([]);

    await byTestId(page, 'attention-quantity').fill('2');
    await byTestId(page, 'attention-retry').click();
    await expect.poll(() => byTestId(page, 'needs-attention').count()).toBe(0);
    await expect.poll(() => movementsOf(item)).toEqual([expect.objectContaining({ type: 'OUT', quantity: 2, quantityAfter: 0 })]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('installed as an app, the scan page opens without the network and finds items in the saved catalogue', async () => {
    const item = await createItem('Back-room buffer', 5);
    const { context, page, errors } = await open(staff);
    await begin(page, 'IN');
    await learn(page, item);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await goOffline(context, page);
    await page.reload();
    await begin(page, 'IN');
    await record(page, item.sku, 3);
    await expect.poll(() => text(page, 'offline-waiting')).toBe('1 waiting');

    await context.setOffline(false);
    await expect.poll(() => movementsOf(item)).toEqual([expect.objectContaining({ type: 'IN', quantity: 3, quantityAfter: 8 })]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a transfer session moves units between two locations; a count session records the counted quantity', async () => {
    const item = await createItem('Cable glands', 9);
    const van = await boss.createLocation(uniqueCode('VAN'), 'Scan van');
    const { context, page, errors } = await open(staff);
    await byTestId(page, 'scan-mode-TRANSFER').click();
    await byTestId(page, 'scan-to-location').selectOption(van.id);
    await byTestId(page, 'scan-begin').click();
    await expect.poll(() => text(page, 'scan-summary')).toContain(`at MAIN → ${van.code}`);
    await record(page, item.sku, 4);
    await expect.poll(() => movementsOf(item)).toEqual([expect.objectContaining({ type: 'TRANSFER', quantity: 4 })]);

    await byTestId(page, 'scan-change').click();
    await byTestId(page, 'scan-mode-COUNT').click();
    await byTestId(page, 'scan-begin').click();
    await byTestId(page, 'scan-code').fill(item.sku);
    await byTestId(page, 'scan-code-submit').click();
    await expect.poll(() => text(page, 'scan-here')).toBe('5');
    await byTestId(page, 'scan-minus').click();
    await expect.poll(() => byTestId(page, 'scan-quantity').inputValue()).toBe('0');
    await byTestId(page, 'scan-plus').click();
    await byTestId(page, 'scan-plus').click();
    await expect.poll(() => byTestId(page, 'scan-quantity').inputValue()).toBe('2');
    await byTestId(page, 'scan-record').click();
    // Counted 2 where 5 were: the server records the difference, and the item's total follows.
    await expect
      .poll(async () => (await movementsOf(item)).at(-1))
      .toEqual(expect.objectContaining({ type: 'ADJUST', quantity: -3, quantityAfter: 6 }));
    await expect.poll(() => boss.item(item.id)).toEqual(expect.objectContaining({ quantity: 6 }));
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the scan page fits the screen, every control at least 44 px; a manager creates the item of an unknown code on the spot', async () => {
    const { context, page, errors } = await open(boss);
    await byTestId(page, 'scan-mode-TRANSFER').click();
    await expectSoundLayout(page);
    await byTestId(page, 'scan-mode-IN').click();
    await byTestId(page, 'scan-begin').click();
    const code = uniqueBarcode();
    await byTestId(page, 'scan-code').fill(code);
    await byTestId(page, 'scan-code-submit').click();
    await expect.poll(() => text(page, 'scan-unknown')).toContain(`No item has the code ${code}`);
    await byTestId(page, 'unknown-create').click();
    await expect.poll(() => byTestId(page, 'unknown-sku').inputValue()).toBe(code);
    await byTestId(page, 'unknown-name').fill('Found on the shelf');
    await byTestId(page, 'unknown-save').click();
    await expect.poll(() => text(page, 'scan-item-name')).toBe('Found on the shelf');
    expect(await text(page, 'scan-here')).toBe('0');
    await expectSoundLayout(page);

    expect(await smallControls(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
