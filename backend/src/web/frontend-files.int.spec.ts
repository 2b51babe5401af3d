import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { findFrontendDir } from './frontend-files';

let root: string;
let app: TestApp;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ims-frontend-'));
  const browser = join(root, 'frontend', 'dist', 'ims', 'browser');
  await mkdir(browser, { recursive: true });
  await writeFile(join(browser, 'index.html'), '<!doctype html><title>IMS</title><app-root></app-root>');
  await writeFile(join(browser, 'main-ABC.js'), 'console.log("app")');
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
    const script = await fetch(`${app.baseUrl}/main-ABC.js`);
    expect(await script.text()).toContain('console.log');
    const deepLink = await fetch(`${app.baseUrl}/items/123`, { headers: { accept: 'text/html' } });
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<app-root>');
  });

  it('answers a failed If-Match or an unsatisfiable Range on a file as problem+json, not 500', async () => {
    for (const [headers, status] of [
      [{ accept: 'text/html', 'if-match': '"not-this-one"' }, 412],
      [{ range: 'bytes=999999-' }, 416],
    ] as const) {
      const response = await fetch(`${app.baseUrl}/${status === 412 ? 'items/123' : 'main-ABC.js'}`, { headers });
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
