import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { get, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { findFrontendDir } from './frontend-files';

let root: string;
let app: TestApp;

const SCRIPT = 'console.log("app");'.repeat(100);
const PRECOMPRESS = join(__dirname, '..', '..', '..', 'frontend', 'scripts', 'precompress.mjs');

/** The raw response, as fetch would decompress it and hide the encoding. */
function getRaw(path: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${app.baseUrl}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ims-frontend-'));
  const browser = join(root, 'frontend', 'dist', 'ims', 'browser');
  await mkdir(browser, { recursive: true });
  await writeFile(join(browser, 'index.html'), '<!doctype html><title>IMS</title><app-root></app-root>');
  await writeFile(join(browser, 'main-ABCD1234.js'), SCRIPT);
  await writeFile(join(browser, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  execFileSync(process.execPath, [PRECOMPRESS, browser]);
  app = await startTestApp({ IMS_FRONTEND_DIR: findFrontendDir(undefined, root)! });
});

afterAll(async () => {
  await app.close();
  await rm(root, { recursive: true, force: true });
});

describe('the web app on the API origin', () => {
  it('finds the Angular build output under frontend/dist', () => {
    expect(findFrontendDir(undefined, root)).toBe(join(root, 'frontend', 'dist', 'ims', 'browser'));
    expect(findFrontendDir(undefined, join(root, 'nowhere'))).toBeUndefined();
  });

  it('serves its files and answers deep links with index.html', async () => {
    const script = await fetch(`${app.baseUrl}/main-ABCD1234.js`);
    expect(await script.text()).toContain('console.log');
    const deepLink = await fetch(`${app.baseUrl}/items/123`, { headers: { accept: 'text/html' } });
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<app-root>');
  });

  it('serves the pre-compressed file the client accepts, and says the answer varies with it', async () => {
    const decoders = { br: brotliDecompressSync, gzip: gunzipSync, identity: (bytes: Buffer) => bytes };
    for (const [accept, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['identity', 'identity'],
    ] as const) {
      const { headers, body } = await getRaw('/main-ABCD1234.js', { 'accept-encoding': accept });
      expect(headers['content-encoding'] ?? 'identity').toBe(encoding);
      expect(headers['content-type']).toContain('javascript');
      expect(headers.vary).toMatch(/accept-encoding/i);
      expect(decoders[encoding](body).toString()).toBe(SCRIPT);
    }
  });

  it('lets browsers keep content-hashed files for a year and revalidate the rest', async () => {
    const hashed = await getRaw('/main-ABCD1234.js', {});
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/favicon.svg', '/items/123']) {
      const { headers, body } = await getRaw(path, { accept: 'text/html', 'accept-encoding': 'br' });
      expect(headers['cache-control']).toBe('no-cache');
      expect(brotliDecompressSync(body).byteLength).toBeGreaterThan(0);
    }
  });

  it('answers a failed If-Match or an unsatisfiable Range on a file as problem+json, not 500', async () => {
    for (const [headers, status] of [
      [{ accept: 'text/html', 'if-match': '"not-this-one"' }, 412],
      [{ range: 'bytes=999999-' }, 416],
    ] as const) {
      const response = await fetch(`${app.baseUrl}/${status === 412 ? 'items/123' : 'main-ABCD1234.js'}`, { headers });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(((await response.json()) as { status: number }).status).toBe(status);
    }
  });

  it('leaves unknown API paths to the API, which answers problem+json', async () => {
    const response = await fetch(`${app.baseUrl}/api/no-such-thing`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
