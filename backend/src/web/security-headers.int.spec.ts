import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { authHeader, seededManager } from '../../../test/auth-helpers';
import { startAppOn, startTestApp, type TestApp } from '../../../test/test-app';

const LOADER = "\n  var s = document.createElement('script'); s.src = 'main-ABCD1234.js';\n";
const directives = (header: string | null): Map<string, string> =>
  new Map((header ?? '').split(';').map((directive) => directive.trim().split(/\s+(.*)/) as [string, string]));

/** Some of helmet's headers, which every answer carries with the values helmet gives them. */
const HELMET_HEADERS = [
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
];

let dir: string;
let app: TestApp;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ims-csp-'));
  await writeFile(join(dir, 'index.html'), `<!doctype html><title>IMS</title><ims-root></ims-root><script>${LOADER}</script>`);
  await writeFile(join(dir, 'main-ABCD1234.js'), 'console.log("app");');
  app = await startTestApp({ IMS_FRONTEND_DIR: dir });
});

afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the app and its deep links', () => {
  it('run only index.html’s own inline scripts, by hash, and what they load', async () => {
    const hash = `'sha256-${createHash('sha256').update(LOADER).digest('base64')}'`;
    for (const path of ['/', '/items/123', '/main-ABCD1234.js']) {
      const response = await fetch(`${app.baseUrl}${path}`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      const policy = directives(response.headers.get('content-security-policy'));
      expect(policy.get('script-src')).toBe(`'strict-dynamic' ${hash}`);
      expect(Object.fromEntries(policy)).toMatchObject({
        'default-src': "'self'",
        'style-src': "'self' 'unsafe-inline'",
        'img-src': "'self' data: blob:",
        'connect-src': "'self'",
        'object-src': "'none'",
        'base-uri': "'self'",
        'form-action': "'self'",
        'frame-ancestors': "'none'",
      });
      expect(response.headers.get('permissions-policy')).toBe('camera=(self), microphone=(), geolocation=(), payment=(), usb=()');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('keep their caching: the app’s files are not API answers', async () => {
    expect((await fetch(`${app.baseUrl}/items/123`, { headers: { accept: 'text/html' } })).headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${app.baseUrl}/main-ABCD1234.js`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});

describe('API answers', () => {
  it('are never stored, signed in or not, found or not, health included', async () => {
    const { token } = await seededManager(app);
    const answers = [
      await fetch(`${app.baseUrl}/api/items`, { headers: authHeader(token) }),
      await fetch(`${app.baseUrl}/api/items`),
      await fetch(`${app.baseUrl}/api/no-such-thing`),
      await fetch(`${app.baseUrl}/api/health`),
      await fetch(`${app.baseUrl}/metrics`),
    ];
    expect(answers.map((response) => response.status)).toEqual([200, 401, 404, 200, 200]);
    for (const response of answers) {
      expect(response.headers.get('cache-control')).toMatch(/(^|, )no-store(,|$)/);
      expect(directives(response.headers.get('content-security-policy')).get('frame-ancestors')).toBe("'none'");
      expect(Object.fromEntries(HELMET_HEADERS.map((name) => [name, response.headers.get(name)]))).toEqual({
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      });
    }
  });

  it('send no CORS headers when no origin is configured', async () => {
    const preflight = await fetch(`${app.baseUrl}/api/items`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${app.baseUrl}/api/health`, { headers: { origin: 'https://elsewhere.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('with CORS_ORIGIN configured', () => {
  let cors: { app: NestFastifyApplication; baseUrl: string };

  beforeAll(async () => {
    cors = await startAppOn(app.database.url, { CORS_ORIGIN: 'https://stock.example.com, https://labels.example.com' });
  });
  afterAll(() => cors.app.close());

  it('lets exactly those origins call the API with credentials, and no other', async () => {
    const preflight = (origin: string) =>
      fetch(`${cors.baseUrl}/api/items`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
    const allowed = await preflight('https://labels.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://labels.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect((await preflight('https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();

    const read = await fetch(`${cors.baseUrl}/api/health`, { headers: { origin: 'https://stock.example.com' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('https://stock.example.com');
    expect(read.headers.get('access-control-expose-headers')).toBe('X-Position, X-Live-Position, X-Live-Epoch');
  });

  it('refuses a setting that is not a list of origins', async () => {
    await expect(startAppOn(app.database.url, { CORS_ORIGIN: 'https://stock.example.com/app' })).rejects.toThrow(/CORS_ORIGIN/);
  });
});

describe('the API docs at /docs', () => {
  it('have their own policy: Swagger UI’s scripts from /docs, nothing inline', async () => {
    for (const path of ['/docs', '/docs/swagger-ui-init.js']) {
      const response = await fetch(`${app.baseUrl}${path}`);
      expect(response.status).toBe(200);
      const policy = directives(response.headers.get('content-security-policy'));
      expect(policy.get('script-src')).toBe("'self'");
      expect(policy.get('frame-ancestors')).toBe("'none'");
    }
  });
});

// Last: after a second app on the same database closes, the first one's user look-ups fail ("Cannot use a pool after calling end").
describe('a build with no inline script to hash (not the production one: no autoCsp)', () => {
  it('loads its scripts from the app’s origin', async () => {
    const plain = await mkdtemp(join(tmpdir(), 'ims-csp-plain-'));
    await writeFile(
      join(plain, 'index.html'),
      '<!doctype html><ims-root></ims-root><script src="main-ABCD1234.js" type="module"></script>',
    );
    const server = await startAppOn(app.database.url, { IMS_FRONTEND_DIR: plain });
    try {
      const response = await fetch(`${server.baseUrl}/items/123`, { headers: { accept: 'text/html' } });
      expect(directives(response.headers.get('content-security-policy')).get('script-src')).toBe("'self'");
    } finally {
      await server.app.close();
      await rm(plain, { recursive: true, force: true });
    }
  });
});
