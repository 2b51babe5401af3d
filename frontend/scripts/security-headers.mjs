#!/usr/bin/env node
// Writes dist/ims/security-headers.conf, the headers nginx adds to the app's files in the frontend image
// (docker/nginx.conf includes it): the same Content-Security-Policy, with the hashes of this build's
// inline scripts, and Permissions-Policy that the API sends (backend/src/web/security-headers.ts;
// ops/deploy/nginx-proxy.deploy.spec.ts holds the two to the same words).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] ?? new URL('../dist/ims/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'browser', 'index.html'), 'utf8');
const hashes = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
  ([, text]) => `'sha256-${createHash('sha256').update(text.replace(/\r\n?/g, '\n'), 'utf8').digest('base64')}'`,
);
const policy = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  hashes.length > 0 ? ["script-src 'strict-dynamic'", ...hashes].join(' ') : "script-src 'self'",
].join('; ');
const headers = {
  'Content-Security-Policy': policy,
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};
const conf = Object.entries(headers).map(([name, value]) => `add_header ${name} "${value}" always;\n`);
writeFileSync(join(dist, 'security-headers.conf'), conf.join(''));
console.log(`Security headers for nginx, with ${hashes.length} script hashes, in ${join(dist, 'security-headers.conf')}`);
