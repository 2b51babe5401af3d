import axe from 'axe-core';
import type { Page } from 'playwright-core';

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** How far the page can scroll sideways: 0 when nothing is wider than the viewport. */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

export interface AxeFinding {
  readonly id: string;
  readonly impact: string | null;
  readonly targets: readonly string[];
}

/** axe-core's violations of impact moderate or worse on the page as it is now (WCAG 2.x A and AA rules). */
export async function accessibilityFindings(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
    }
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return results.violations
      .filter((violation) => violation.impact !== 'minor')
      .map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => node.target.join(' ')) }));
  });
}

/** What makes a page a page: one h1 and one main landmark. */
export function landmarks(page: Page): Promise<{ h1: number; main: number }> {
  return page.evaluate(() => ({
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main, [role="main"]').length,
  }));
}

/** A page fit for every viewport: one h1 and one main, nothing sideways, no axe finding. */
export async function expectSoundLayout(page: Page): Promise<void> {
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  expect(await landmarks(page)).toEqual({ h1: 1, main: 1 });
  expect(await accessibilityFindings(page)).toEqual([]);
}
