#!/usr/bin/env node
// Runs the project's test runners and ends with one line "N passed, N failed" summed over all of them.
//   node test/run-all.mjs                the first tier: needs nothing but Node and npm (`npm test`)
//   node test/run-all.mjs --deploy       the deploy tier, *.deploy.spec.ts: needs what test/deploy-tools.mjs
//                                        checks, or is not started (`npm run test:deploy`)
//   node test/run-all.mjs --with-deploy  both, as CI runs them (.ci/run)
// Any other argument goes to the Vitest runs.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { missingDeployTools } from './deploy-tools.mjs';

const TIER_FLAGS = ['--deploy', '--with-deploy'];
const flags = process.argv.slice(2);
const vitestArgs = flags.filter((flag) => !TIER_FLAGS.includes(flag));
const firstTier = !flags.includes('--deploy');
const deployTier = flags.includes('--deploy') || flags.includes('--with-deploy');

const build = { name: 'build', command: 'npm', args: ['run', 'build', '--silent'], counts: false };
const steps = [];
if (firstTier) {
  steps.push({ name: 'typecheck', command: 'npx', args: ['tsc', '-p', 'tsconfig.json'], counts: false });
  steps.push({ name: 'knip (unused files, exports, dependencies)', command: 'npx', args: ['knip'], counts: false });
  steps.push({ name: 'lint (ESLint, Prettier, folder cycles)', command: 'npm', args: ['run', 'lint', '--silent'], counts: false }, build);
  const projects = ['backend', 'functions', 'ops'].flatMap((project) => ['--project', project]);
  steps.push({ name: 'vitest', command: 'npx', args: ['vitest', 'run', ...projects, ...vitestArgs], counts: true });
  if (existsSync('frontend/package.json') && JSON.parse(readFileSync('frontend/package.json', 'utf8')).scripts?.test) {
    steps.push({ name: 'frontend unit tests', command: 'npm', args: ['test', '-w', 'frontend'], counts: true });
    steps.push({ name: 'frontend e2e (chromium)', command: 'npm', args: ['run', 'e2e', '-w', 'frontend'], counts: true });
  }
}
if (deployTier) {
  // Checked before anything is built: a tier that cannot run is not started, and counts as one failure.
  const missing = missingDeployTools();
  if (missing.length > 0) {
    steps.push({ name: 'deploy tier', notStarted: missing });
  } else {
    if (!firstTier) steps.push(build);
    steps.push({ name: 'deploy tier', command: 'npx', args: ['vitest', 'run', '--project', 'deploy', ...vitestArgs], counts: true });
  }
}

// Vitest's summary line: "Tests  3 failed | 40 passed (43)"; ANSI colours stripped first.
const summaryOf = (output) => {
  const plain = stripVTControlCharacters(output);
  const line = plain
    .split('\n')
    .reverse()
    .find((l) => /^\s*Tests\s+.*\(\d+\)/.test(l));
  const count = (word) => Number(line?.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  return line ? { passed: count('passed'), failed: count('failed') } : undefined;
};

const run = (step) =>
  new Promise((resolve) => {
    let output = '';
    const child = spawn(step.command, step.args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });

let passed = 0;
let failed = 0;
let broken = false;
for (const step of steps) {
  console.log(`\n=== ${step.name}`);
  if (step.notStarted) {
    console.log(`not started: this machine lacks\n${step.notStarted.map((what) => `  - ${what}`).join('\n')}`);
    failed += 1;
    continue;
  }
  const { code, output } = await run(step);
  if (step.counts) {
    const summary = summaryOf(output);
    if (summary) {
      passed += summary.passed;
      failed += summary.failed;
    }
    if (code !== 0 && (!summary || summary.failed === 0)) {
      console.log(`${step.name} exited with ${code} without a failing test to show for it`);
      failed += 1;
    }
  } else if (code !== 0) {
    console.log(`${step.name} failed (exit ${code})`);
    broken = true;
    break;
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
