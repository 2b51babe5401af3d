import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Api } from './api';

export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const VIEWPORT = { width: 1280, height: 860 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
}

/** A browser context already signed in as the API client's user (the session the app keeps in localStorage). */
export async function signedInContext(browser: Browser, api: Api): Promise<BrowserContext> {
  if (!api.session) throw new Error('the API client is not signed in');
  return browser.newContext({
    baseURL: api.baseUrl,
    viewport: VIEWPORT,
    reducedMotion: 'reduce',
    storageState: {
      cookies: [],
      origins: [{ origin: api.baseUrl, localStorage: [{ name: 'ims.session', value: JSON.stringify(api.session) }] }],
    },
  });
}

export function anonymousContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT, reducedMotion: 'reduce' });
}

/** Full-page screenshot kept as a test artifact, to be looked at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))));
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** Exceptions the page threw and did not catch: a test that passes with these has still found a bug. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
