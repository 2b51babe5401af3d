import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Route } from 'playwright-core';
import { inject } from 'vitest';
import { Api, uniqueSku, type ItemRow } from './support/api';
import { anonymousContext, byTestId, collectPageErrors, launchBrowser, signedInContext } from './support/browser';
import { DESKTOP, PHONE, accessibilityFindings, landmarks, sidewaysOverflow } from './support/layout';

const baseUrl = inject('baseUrl');
const manager = inject('manager');

/** `IMS_SCREENSHOTS=1` (npm run screenshots) keeps each page at both sizes under docs/screenshots/. */
const SCREENSHOTS = process.env['IMS_SCREENSHOTS'] === '1' ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : null;

const SIZES = [
  { name: 'desktop', viewport: DESKTOP },
  { name: 'phone', viewport: PHONE },
] as const;

/** What the walk arranges before it looks: a realistic small store room. */
interface Seed {
  /** An item that went below its threshold, so banner, dashboard and alerts have something to say. */
  readonly low: ItemRow;
  readonly colleague: Api;
}

type Visitor = 'anonymous' | 'manager' | 'staff';

interface PageVisit {
  /** Also the screenshot's file name: docs/screenshots/<name>-desktop.png and -phone.png. */
  readonly name: string;
  readonly path: (seed: Seed) => string;
  readonly as: Visitor;
  /** A selector that matches once the page shows its data, so the walk measures the page and not its skeleton. */
  readonly ready: (seed: Seed) => string;
}

/** Every page of the app. A new page gets a line here, and with it the layout and accessibility checks and its screenshots. */
const PAGES: readonly PageVisit[] = [
  { name: 'sign-in', path: () => '/sign-in', as: 'anonymous', ready: () => '[data-testid="login-submit"]' },
  { name: 'register', path: () => '/register', as: 'anonymous', ready: () => '[data-testid="register-submit"]' },
  { name: 'forgot-password', path: () => '/forgot-password', as: 'anonymous', ready: () => '[data-testid="forgot-submit"]' },
  // Without the emailed token: the page's own state for a cut-off link (a token's page is walked in reset-link.e2e.ts).
  { name: 'reset-password', path: () => '/reset-password', as: 'anonymous', ready: () => '[data-testid="reset-no-token"]' },
  { name: 'dashboard', path: () => '/', as: 'manager', ready: () => '[data-testid="stock-value"]' },
  { name: 'items', path: () => '/items', as: 'manager', ready: () => '[data-testid^="item-row-"]' },
  { name: 'item-detail', path: ({ low }) => `/items/${low.id}`, as: 'manager', ready: () => '[data-testid="history-entry"]' },
  { name: 'movements', path: () => '/movements', as: 'manager', ready: () => '[data-testid="movement-row"]' },
  { name: 'record-movement', path: () => '/movements/new', as: 'staff', ready: () => '[data-testid="movement-submit"]' },
  { name: 'scan', path: () => '/scan', as: 'staff', ready: () => '[data-testid="scan-begin"]' },
  {
    name: 'stocktakes',
    path: () => '/stocktakes',
    as: 'manager',
    ready: () => '[data-testid="stocktakes-list"], [data-testid="stocktakes-empty"]',
  },
  { name: 'imports', path: () => '/imports', as: 'manager', ready: () => '[data-testid="import-kind-items"]' },
  { name: 'reports', path: () => '/reports', as: 'manager', ready: () => '[data-testid="reorder-table"], [data-testid="reorder-empty"]' },
  { name: 'webhooks', path: () => '/webhooks', as: 'manager', ready: () => '[data-testid="webhook-row"], [data-testid="webhooks-empty"]' },
  { name: 'locations', path: () => '/locations', as: 'manager', ready: () => '[data-testid="location-row-VAN-1"]' },
  { name: 'alerts', path: () => '/alerts', as: 'manager', ready: () => '[data-testid="alert-row"]' },
  { name: 'audit', path: () => '/audit', as: 'manager', ready: () => '[data-testid="audit-row"]' },
  { name: 'users', path: () => '/users', as: 'manager', ready: ({ colleague }) => `main :text("${colleague.session?.user.username}")` },
  { name: 'health', path: () => '/health', as: 'manager', ready: () => '[data-testid="health-projection"]' },
  { name: 'account', path: () => '/account', as: 'staff', ready: () => '[data-testid="session-row"]' },
  {
    name: 'tokens',
    path: () => '/account/tokens',
    as: 'manager',
    ready: () => '[data-testid="token-row"], [data-testid="tokens-empty"]',
  },
  { name: 'forbidden', path: () => '/forbidden', as: 'staff', ready: () => '[data-testid="forbidden"]' },
];

const CATALOGUE = [
  { sku: 'FAS-M8-HEX', name: 'M8 hex bolt', unit: 'pcs', quantity: 420, lowStockThreshold: 100, price: 0.12 },
  { sku: 'PPE-GLV-NIT-L', name: 'Nitrile gloves (L)', unit: 'box', quantity: 24, lowStockThreshold: 10, price: 8.5 },
  { sku: 'LAB-TIP-200', name: 'Pipette tips 200 µl', unit: 'box', quantity: 35, lowStockThreshold: 10, price: 14.9 },
  { sku: 'PKG-TAPE-48', name: 'Packing tape 48 mm', unit: 'roll', quantity: 60, lowStockThreshold: 12, price: 2.35 },
  { sku: 'ELC-TIE-200', name: 'Cable ties 200 mm', unit: 'bag', quantity: 18, lowStockThreshold: 5, price: 3.2 },
  { sku: 'CLN-IPA-1L', name: 'Isopropyl alcohol 1 L', unit: 'bottle', quantity: 12, lowStockThreshold: 4, price: 9.8 },
];

let browser: Browser;
let boss: Api;
let seed: Seed;

beforeAll(async () => {
  browser = await launchBrowser();
  boss = await Api.signIn(baseUrl, manager.username, manager.password);
  // A plain name for the screenshots: each run starts on a fresh database and no other test file registers it.
  const colleague = await Api.register(baseUrl, 'jordan', 'shelf-keeper-2026');
  const items: ItemRow[] = [];
  for (const item of CATALOGUE) items.push(await boss.createItem(item));
  const [bolts, gloves, tips, tape, ties] = items as [ItemRow, ItemRow, ItemRow, ItemRow, ItemRow];
  await boss.move(bolts.id, 'IN', 200, 'Delivery from Würth, order 4471');
  const van = await boss.createLocation('VAN-1', 'Service van');
  await boss.move(bolts.id, 'IN', 50, 'Stocked the van', van.id);
  await colleague.move(gloves.id, 'OUT', 16, 'Issued to assembly line 2');
  await colleague.move(tips.id, 'OUT', 5, 'Lab 3 weekly');
  await boss.move(tape.id, 'ADJUST', 58, 'Stock count');
  await colleague.move(ties.id, 'OUT', 4, 'Maintenance');
  seed = { low: await boss.item(gloves.id), colleague };
  expect(seed.low.lowStock).toBe(true);
});
afterAll(async () => {
  await browser.close();
});

const contextFor = (as: Visitor, viewport: (typeof SIZES)[number]['viewport']) =>
  as === 'anonymous'
    ? anonymousContext(browser, baseUrl, viewport)
    : signedInContext(browser, as === 'manager' ? boss : seed.colleague, viewport);

/** Buttons, inputs and button-like links a finger cannot hit: smaller than 44 px in either direction. */
const smallTouchTargets = (page: Page) =>
  page.evaluate(() =>
    Array.from(
      document.querySelectorAll<HTMLElement>(
        'button, select, a.mat-mdc-button-base, [role="menuitem"], input:not([type="checkbox"], [type="radio"], .mat-mdc-input-element)',
      ),
    )
      .filter((element) => element.checkVisibility())
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width < 44 || box.height < 44;
      })
      .map((element) => `${element.tagName.toLowerCase()} "${element.textContent.trim().slice(0, 30)}"`),
  );

/** When the page scrolls sideways: the innermost elements reaching past the right edge, to say what to fix. */
const elementsPastTheEdge = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('main *, header *'))
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((element) => !Array.from(element.children).some((child) => child.getBoundingClientRect().right > window.innerWidth + 1))
      .slice(0, 5)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')} "${element.textContent.trim().slice(0, 30)}"`,
      ),
  );

const keep = async (page: Page, name: string) => {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: name.endsWith('-phone') });
};

describe.each(SIZES)('every page at $name size', ({ name: size, viewport }) => {
  test.each(PAGES)('$name: one h1, one main, nothing sideways, no axe findings, touch-sized targets', async (visit) => {
    const context = await contextFor(visit.as, viewport);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(visit.path(seed));
    await page.locator(visit.ready(seed)).first().waitFor();
    await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe(visit.path(seed));
    await keep(page, `${visit.name}-${size}`);
    const overflow = Math.max(0, await sidewaysOverflow(page));
    expect({
      landmarks: await landmarks(page),
      sidewaysOverflow: overflow,
      pastTheEdge: overflow > 0 ? await elementsPastTheEdge(page) : [],
      accessibilityFindings: await accessibilityFindings(page),
      smallTouchTargets: size === 'phone' ? await smallTouchTargets(page) : [],
    }).toEqual({ landmarks: { h1: 1, main: 1 }, sidewaysOverflow: 0, pastTheEdge: [], accessibilityFindings: [], smallTouchTargets: [] });
    expect(errors).toEqual([]);
    await context.close();
  });
});

const isListRead = (url: URL) => url.pathname === '/api/items' || url.pathname === '/api/stock-movements';

/** The stock value as the dashboard should show it, from the API: priced, unarchived items, quantity × price. */
const expectedStockValue = async () => {
  let value = 0;
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: { items: { quantity: number; price: number | null }[]; nextCursor: string | null } = await boss.call(
      'GET',
      `/api/items?limit=200${query}`,
    );
    value += page.items.reduce((sum, item) => sum + item.quantity * (item.price ?? 0), 0);
    cursor = page.nextCursor;
  } while (cursor);
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(value);
};

const FALSE_ZEROS = ['$0.00', 'Nothing is low', '0 items', 'No movements yet today'];

describe.each(SIZES)('the dashboard never shows a figure it does not know, at $name size', ({ viewport }) => {
  test('while items and movements are on their way it shows a skeleton, then the real value', async () => {
    const context = await signedInContext(browser, boss, viewport);
    const page = await context.newPage();
    const held: Route[] = [];
    let released = false;
    await page.route(isListRead, (route) => (released ? route.continue() : void held.push(route)));
    await page.goto('/');
    await expect.poll(() => held.length).toBeGreaterThanOrEqual(2);
    expect(await byTestId(page, 'dashboard-loading').isVisible()).toBe(true);
    const text = await page.locator('main').innerText();
    for (const zero of FALSE_ZEROS) expect(text).not.toContain(zero);

    released = true;
    for (const route of held) await route.continue();
    const value = await expectedStockValue();
    await expect.poll(() => byTestId(page, 'stock-value').textContent()).toBe(value);
    expect(await byTestId(page, 'dashboard-loading').count()).toBe(0);
    await context.close();
  });

  test('a failing API shows the error with Retry, and Retry after it recovers shows the real value', async () => {
    const context = await signedInContext(browser, boss, viewport);
    const page = await context.newPage();
    await page.route(isListRead, (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Internal Server Error',
          status: 500,
          detail: 'The inventory could not be read.',
        }),
      }),
    );
    await page.goto('/');
    await expect.poll(() => byTestId(page, 'dashboard-error').textContent()).toContain('The inventory could not be read.');
    expect(await byTestId(page, 'dashboard-loading').count()).toBe(0);
    const text = await page.locator('main').innerText();
    for (const zero of FALSE_ZEROS) expect(text).not.toContain(zero);

    await page.unroute(isListRead);
    await byTestId(page, 'dashboard-retry').click();
    await expect.poll(() => byTestId(page, 'stock-value').textContent()).toBe(await expectedStockValue());
    expect(await byTestId(page, 'dashboard-error').count()).toBe(0);
    await context.close();
  });
});

describe.each(SIZES)('the low-stock banner from the read model, at $name size', ({ viewport }) => {
  /** A low item at 2 of 5; the "AA-" prefix sorts it first, among the few notices the banner shows whatever else is low. */
  const lowItem = async (name: string) => {
    const item = await boss.createItem({ sku: uniqueSku('AA-LOW'), name, unit: 'pcs', quantity: 9, lowStockThreshold: 5 });
    await boss.move(item.id, 'OUT', 7, 'Site visit');
    return item;
  };

  test('an item already low before sign-in shows after sign-in and reload; dismissed, it stays hidden for the session until it crosses again', async () => {
    const item = await lowItem('Safety goggles');
    const probe = await lowItem('Ear plugs');
    const notice = (page: Page, sku = item.sku) => page.locator(`[data-testid="low-stock-notice"][data-sku="${sku}"]`);
    /**
     * A fresh page's socket hears what is committed after the server greets it, a moment after it opens. The probe item
     * goes up and down by one until the page shows a move of it: from then on, every move reaches the page.
     */
    const hearing = async (page: Page) => {
      for (let attempt = 1; ; attempt++) {
        const up = attempt % 2 === 1;
        await boss.move(probe.id, up ? 'IN' : 'OUT', 1, 'Probe');
        const shown = notice(page, probe.sku).filter({ hasText: `is at ${up ? 3 : 2} pcs` });
        const heard = await shown.waitFor({ timeout: 2_000 }).then(
          () => true,
          () => false,
        );
        if (heard) return;
        if (attempt === 10) throw new Error('the page never heard a move of the probe item');
      }
    };

    const context = await anonymousContext(browser, baseUrl, viewport);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto('/sign-in');
    await byTestId(page, 'login-username').fill(manager.username);
    await byTestId(page, 'login-password').fill(manager.password);
    await byTestId(page, 'login-submit').click();
    await expect.poll(() => notice(page).textContent()).toContain('is at 2 pcs (threshold 5)');

    await page.reload();
    await expect.poll(() => notice(page).count()).toBe(1);
    await byTestId(page, `low-stock-dismiss-${item.sku}`).click();
    await expect.poll(() => notice(page).count()).toBe(0);
    await page.reload();
    await notice(page, probe.sku).waitFor();
    expect(await notice(page).count()).toBe(0);

    await hearing(page);
    await boss.move(item.id, 'IN', 10, 'Restocked');
    await boss.move(item.id, 'OUT', 11, 'Site visit');
    await expect.poll(() => notice(page).textContent(), { timeout: 30_000 }).toContain('is at 1 pcs (threshold 5)');
    expect(errors).toEqual([]);
    await context.close();
  });
});

test('on a phone the navigation is a menu: it opens, Escape closes it, a link navigates and closes it', async () => {
  const context = await signedInContext(browser, boss, PHONE);
  const page = await context.newPage();
  await page.goto('/');
  const menuButton = page.getByRole('button', { name: 'Menu' });
  await menuButton.waitFor();
  expect(await byTestId(page, 'nav-items').isVisible()).toBe(false);
  expect(await byTestId(page, 'sign-out').isVisible()).toBe(false);
  expect((await page.locator('mat-toolbar').boundingBox())?.height).toBeLessThanOrEqual(64);

  await menuButton.click();
  await expect.poll(() => byTestId(page, 'menu-user').textContent()).toContain(`${manager.username} · manager`);
  expect((await page.getByRole('menuitem').allTextContents()).map((text) => text.trim())).toEqual(
    expect.arrayContaining(['Dashboard', 'Items', 'Movements', 'Record movement', 'Alerts', 'Audit', 'Users', 'System health', 'Sign out']),
  );
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByRole('menu').count()).toBe(0);
  expect(await menuButton.evaluate((button) => button === document.activeElement)).toBe(true);

  await menuButton.click();
  await byTestId(page, 'menu-items').click();
  await page.waitForURL(/\/items$/);
  await expect.poll(() => page.getByRole('menu').count()).toBe(0);
  expect(await page.locator('h1').textContent()).toContain('Items');
  await context.close();
});

test('on a desktop the navigation is in the toolbar, without the menu button', async () => {
  const context = await signedInContext(browser, boss, DESKTOP);
  const page = await context.newPage();
  await page.goto('/');
  await byTestId(page, 'nav-movements').waitFor();
  expect(await byTestId(page, 'nav-manage').isVisible()).toBe(true);
  expect(await byTestId(page, 'sign-out').isVisible()).toBe(true);
  expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
  expect((await page.locator('mat-toolbar').boundingBox())?.height).toBeLessThanOrEqual(64);
  await context.close();
});
