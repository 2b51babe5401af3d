#!/usr/bin/env node
// Writes file.br and file.gz beside each text asset of the build, so the API serves them pre-compressed
// (@fastify/static's preCompressed) instead of compressing on every request or not at all.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT_ASSET = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;
const dir = process.argv[2] ?? new URL('../dist/ims/browser/', import.meta.url).pathname;

const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
    },
  });

const files = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && TEXT_ASSET.test(entry.name))
  .map((entry) => join(entry.parentPath, entry.name));
for (const file of files) {
  const bytes = readFileSync(file);
  writeFileSync(`${file}.br`, brotli(bytes));
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
}
console.log(`Pre-compressed ${files.length} files (brotli and gzip) in ${dir}`);
