import bwipjs from 'bwip-js/node';
import { mkdtempSync, openSync, closeSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';

/** What the fake camera shows: a QR code or a Code 128 barcode of `text`. */
export interface ShownCode {
  readonly symbology: 'qrcode' | 'code128';
  readonly text: string;
}

const WIDTH = 320;
const HEIGHT = 240;
const FPS = 5;
const WHITE = 235;
const BLACK = 16;

/** One grey frame (luma only) with the code drawn in its middle, or blank. */
function lumaFrame(code: ShownCode | null): Uint8Array {
  const luma = new Uint8Array(WIDTH * HEIGHT).fill(WHITE);
  if (!code) return luma;
  const [symbol] = bwipjs.raw(code.symbology, code.text, {});
  const fill = (x0: number, y0: number, width: number, height: number) => {
    for (let y = y0; y < y0 + height; y++) luma.fill(BLACK, y * WIDTH + x0, y * WIDTH + x0 + width);
  };
  if (symbol && 'pixs' in symbol) {
    const module = Math.floor(Math.min(WIDTH, HEIGHT) / (symbol.pixx + 8));
    const left = Math.floor((WIDTH - symbol.pixx * module) / 2);
    const top = Math.floor((HEIGHT - symbol.pixy * module) / 2);
    symbol.pixs.forEach((black, index) => {
      if (black) fill(left + (index % symbol.pixx) * module, top + Math.floor(index / symbol.pixx) * module, module, module);
    });
  } else if (symbol) {
    const modules = symbol.sbs.reduce((sum, width) => sum + width, 0);
    const module = Math.floor(WIDTH / (modules + 20));
    let x = Math.floor((WIDTH - modules * module) / 2);
    symbol.sbs.forEach((width, index) => {
      if (index % 2 === 0) fill(x, 60, width * module, HEIGHT - 120);
      x += width * module;
    });
  }
  return luma;
}

/**
 * A Y4M video (what Chromium's fake camera plays, in a loop) showing each code for a second with
 * blank frames between, then a long blank tail so that a test has stopped the camera before the loop
 * shows the first code again.
 */
export function fakeCameraVideo(codes: readonly ShownCode[], tailSeconds = 40): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ims-camera-')), 'codes.y4m');
  const file = openSync(path, 'w');
  const chroma = new Uint8Array((WIDTH / 2) * (HEIGHT / 2) * 2).fill(128);
  const blank = lumaFrame(null);
  const write = (luma: Uint8Array, frames: number) => {
    for (let n = 0; n < frames; n++) {
      writeSync(file, 'FRAME\n');
      writeSync(file, luma);
      writeSync(file, chroma);
    }
  };
  try {
    writeSync(file, `YUV4MPEG2 W${WIDTH} H${HEIGHT} F${FPS}:1 Ip A1:1 C420jpeg\n`);
    write(blank, FPS);
    for (const code of codes) {
      write(lumaFrame(code), FPS);
      write(blank, FPS);
    }
    write(blank, tailSeconds * FPS);
  } finally {
    closeSync(file);
  }
  return path;
}

/** A browser whose camera is the video, granted without asking. */
export function launchBrowserWithCamera(video: string): Promise<Browser> {
  return launchBrowser([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
}
