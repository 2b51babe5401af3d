#!/usr/bin/env node
// Angular's build table estimates transfer sizes with brotli; the budget is stated in gzip, so it is checked here.
// The brotli figure is what the API actually sends: the .br files precompress.mjs wrote beside the build.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BROWSER_DIR = new URL('../dist/ims/browser/', import.meta.url).pathname;
const BUDGET_BYTES = 300_000;

const html = readFileSync(join(BROWSER_DIR, 'index.html'), 'utf8');
const initialScripts = [
  ...html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g),
].map((match) => match[1]);
const files = [...new Set(initialScripts)];

const gzipped = (file) => gzipSync(readFileSync(join(BROWSER_DIR, file))).byteLength;
const total = files.reduce((sum, file) => sum + gzipped(file), 0);
const brotli = files.reduce((sum, file) => sum + statSync(join(BROWSER_DIR, `${file}.br`)).size, 0);
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

console.log(
  `Initial JavaScript: ${kB(total)} gzip, ${kB(brotli)} brotli as served, in ${files.length} files (budget ${kB(BUDGET_BYTES)} gzip)`,
);
if (total > BUDGET_BYTES) {
  console.error('Initial JavaScript is over budget: lazy-load more of the app.');
  process.exit(1);
}
