#!/usr/bin/env node
// `npm start`: builds only the parts whose sources changed since their last build (build-parts.mjs),
// then runs the server in this process rather than a child of it: a signal to this process (Ctrl-C, or a
// SIGTERM) reaches the server's own shutdown, which stops the embedded PostgreSQL.
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
    const how = build.error?.message ?? (build.signal ? `ended by ${build.signal}` : `exit ${build.status}`);
    console.error(`${part.name}: the build failed (${how}); not starting`);
    process.exit(1);
  }
  recordBuild(ROOT, part, fingerprint);
}

await import(pathToFileURL(join(ROOT, 'dist/backend/src/main.js')).href);
