import npmChromium, { inflate } from '@sparticuz/chromium';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';
import type { Api } from './api';
import { DESKTOP } from './layout';

interface Viewport {
  readonly width: number;
  readonly height: number;
}

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The headless Chromium of the npm package @sparticuz/chromium, unpacked into the temp directory on first
 * use. The package loads the NSS and expat libraries it ships only on AWS Lambda; they are given to the
 * browser here too, so that a machine without Debian's Chromium and its libraries needs nothing but glibc.
 */
async function npmChromiumOptions(): Promise<LaunchOptions> {
  const bin = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', 'bin');
  const [executablePath, libraries] = await Promise.all([npmChromium.executablePath(bin), inflate(join(bin, 'al2023.tar.br'))]);
  const libraryPath = [join(libraries, 'lib'), process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':');
  return {
    executablePath,
    env: { ...process.env, LD_LIBRARY_PATH: libraryPath, FONTCONFIG_PATH: join(dirname(executablePath), 'fonts') },
  };
}

/**
 * Debian's Chromium when installed, else the npm package's; `IMS_BROWSER=npm` chooses the npm package's anyway.
 * Both with the same flags, not the package's Lambda ones: its --single-process ends the browser with the first
 * closed context, and its --disable-web-security would hide what the tests are there to see.
 */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  const useDebian = process.env['IMS_BROWSER'] !== 'npm' && existsSync(DEBIAN_CHROMIUM);
  const options = useDebian ? { executablePath: DEBIAN_CHROMIUM } : await npmChromiumOptions();
  return chromium.launch({ ...options, args: ['--no-sandbox', ...extraArgs], headless: true });
}

/** A browser context already signed in as the API client's user (the session the app keeps in localStorage). */
export async function signedInContext(browser: Browser, api: Api, viewport: Viewport = DESKTOP): Promise<BrowserContext> {
  if (!api.session) throw new Error('the API client is not signed in');
  return browser.newContext({
    baseURL: api.baseUrl,
    viewport,
    reducedMotion: 'reduce',
    storageState: {
      cookies: [],
      origins: [{ origin: api.baseUrl, localStorage: [{ name: 'ims.session', value: JSON.stringify(api.session) }] }],
    },
  });
}

export function anonymousContext(browser: Browser, baseUrl: string, viewport: Viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, viewport, reducedMotion: 'reduce' });
}

/** Full-page screenshot kept as a test artifact, to be looked at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))));
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** The text of the one element of `testId`, its runs of white space made one space, trimmed. */
export const textOf = async (page: Page, testId: string) =>
  ((await byTestId(page, testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** Opens a manager's page from the toolbar's Manage menu (at desktop widths). */
export async function openFromManage(page: Page, testId: string): Promise<void> {
  await byTestId(page, 'nav-manage').click();
  await byTestId(page, `nav-${testId}`).click();
}

/** Exceptions the page threw and did not catch: a test that passes with these has still found a bug. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
