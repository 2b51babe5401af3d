import type { Page } from 'playwright-core';
import { byTestId } from './browser';

/** The size the chart's canvas inside the element with this test id is drawn at; 0 × 0 while it is not drawn. */
export function drawnSize(page: Page, testId: string): Promise<{ width: number; height: number }> {
  return byTestId(page, testId)
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const { width, height } = canvas.getBoundingClientRect();
      return { width, height };
    });
}
