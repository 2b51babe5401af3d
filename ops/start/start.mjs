#!/usr/bin/env node
// `npm start`: builds only the parts whose sources changed since their last build (build-parts.mjs),
// then runs the server in this process, so that Ctrl-C and SIGTERM reach its own shutdown (which stops
// the embedded PostgreSQL).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { forgetBuild, freshness, recordBuild } from './build-freshness.mjs';
import { BUILD_PARTS } from './build-parts.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

for (const part of BUILD_PARTS) {
  const { fingerprint, staleBecause } = freshness(ROOT, part);
  if (!staleBecause) {
    console.log(`${part.name}: up to date, not rebuilt`);
    continue;
  }
  console.log(`${part.name}: building (${staleBecause})`);
  forgetBuild(ROOT, part);
  const [command, ...args] = part.command;
  const build = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error(`${part.name}: the build failed (${build.error?.message ?? `exit ${build.status ?? build.signal}`}); not starting`);
    process.exit(1);
  }
  recordBuild(ROOT, part, fingerprint);
}

await import(pathToFileURL(join(ROOT, 'dist/backend/src/main.js')).href);
