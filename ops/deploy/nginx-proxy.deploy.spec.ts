import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { seededManager } from '../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../test/test-app';
import { freePort } from '../../backend/src/database';
import { REPO_ROOT } from './deploy-files';

/**
 * docker/nginx.conf as the frontend image runs it, with Debian's nginx in front of the real API:
 * rendered the way the nginx image's entrypoint renders templates (envsubst of the variables the
 * image defines only), serving the Angular build. Three lines differ from the container: nginx
 * listens on a free loopback port instead of 8080, and the root and the security headers the build
 * wrote are those of this checkout.
 */

const run = promisify(execFile);
const FRONTEND_BUILD = join(REPO_ROOT, 'frontend', 'dist', 'ims', 'browser');
const SECURITY_HEADERS = join(REPO_ROOT, 'frontend', 'dist', 'ims', 'security-headers.conf');

/** What the nginx image's entrypoint does with a template: envsubst of the variables it is given, no others. */
function render(template: string, variables: Record<string, string>): Promise<string> {
  const names = Object.keys(variables)
    .map((name) => `\${${name}}`)
    .join(' ');
  const child = execFile('envsubst', [names], { env: { PATH: process.env.PATH ?? '', ...variables } });
  const output = new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`envsubst exited ${code}`))));
  });
  child.stdin?.end(template);
  return output;
}

describe('the frontend image nginx config in front of the API', () => {
  let api: TestApp;
  let dir = '';
  let nginx: ChildProcess | undefined;
  let base = '';
  let nginxErrors = '';

  beforeAll(async () => {
    if (!existsSync(join(FRONTEND_BUILD, 'index.html'))) {
      throw new Error(`no Angular build in ${FRONTEND_BUILD}: run \`npm run build -w frontend\` (npm run test:deploy builds it first)`);
    }
    api = await startTestApp();
    dir = await mkdtemp(join(tmpdir(), 'ims-nginx-'));
    await chmod(dir, 0o755);
    const port = await freePort();
    const template = readFileSync(join(REPO_ROOT, 'docker', 'nginx.conf'), 'utf8');
    const rendered = await render(template, { API_UPSTREAM: new URL(api.baseUrl).host, DNS_RESOLVER: '127.0.0.1' });
    const server = rendered
      .replace('listen 8080;', `listen 127.0.0.1:${port};`)
      .replace('root /usr/share/nginx/html;', `root ${FRONTEND_BUILD};`)
      .replaceAll('include /etc/nginx/security-headers.conf;', `include ${SECURITY_HEADERS};`);
    expect(server).toContain(`set $api http://${new URL(api.baseUrl).host};`);
    expect(server).toContain('proxy_set_header Upgrade $http_upgrade;');
    await writeFile(join(dir, 'default.conf'), server);
    await writeFile(
      join(dir, 'nginx.conf'),
      `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/default.conf;
}
`,
    );
    // Debian's nginx (apt-get install nginx); -t first, so a bad config fails with nginx's own words.
    await run('nginx', ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')]).catch((error: unknown) => {
      const refused = error as { stderr?: string; message: string };
      throw new Error(`nginx refused docker/nginx.conf: ${refused.stderr ?? refused.message}`);
    });
    nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    nginx.stderr?.on('data', (chunk: Buffer) => (nginxErrors += chunk.toString()));
    base = `http://127.0.0.1:${port}`;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (
        await fetch(`${base}/healthz`).then(
          (answer) => answer.ok,
          () => false,
        )
      )
        return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`nginx did not answer: ${nginxErrors}`);
  }, 120_000);

  afterAll(async () => {
    if (nginx?.exitCode === null) {
      const exited = new Promise((resolve) => nginx?.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- still unset when beforeAll failed before creating it
    await api?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers its own health check', async () => {
    const answer = await fetch(`${base}/healthz`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('ok\n');
  });

  it('serves the app, and index.html for deep links, never cached', async () => {
    const index = readFileSync(join(FRONTEND_BUILD, 'index.html'), 'utf8');
    for (const path of ['/', '/items/3f1c0c1e-0000-4000-8000-000000000000', '/audit']) {
      const answer = await fetch(`${base}${path}`);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('cache-control'), path).toBe('no-cache');
      expect(await answer.text(), path).toBe(index);
    }
  });

  it('never caches the service worker and its manifest without asking, and caches hashed files for good', async () => {
    for (const path of ['/ngsw-worker.js', '/ngsw.json', '/index.html', '/safety-worker.js']) {
      const answer = await fetch(`${base}${path}`);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('cache-control'), path).toBe('no-cache');
      expect(answer.headers.get('content-security-policy'), path).toMatch(/script-src/);
      expect(await answer.text(), path).toBe(readFileSync(join(FRONTEND_BUILD, path.slice(1)), 'utf8'));
    }
    const main = /main-[A-Z0-9]{8}\.js/.exec(readFileSync(join(FRONTEND_BUILD, 'index.html'), 'utf8'))?.[0];
    const hashed = await fetch(`${base}/${main ?? 'main.js'}`);
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get('cache-control')).toBe('max-age=31536000, public, immutable');
  });

  it("sends the API's Content-Security-Policy and Permissions-Policy with the app and its files", async () => {
    const main = /main-[A-Z0-9]{8}\.js/.exec(readFileSync(join(FRONTEND_BUILD, 'index.html'), 'utf8'))?.[0];
    const fromApi = await fetch(`${api.baseUrl}/items/1`, { headers: { accept: 'text/html' } });
    const policy = fromApi.headers.get('content-security-policy');
    expect(policy).toMatch(/script-src 'strict-dynamic' 'sha256-/);
    for (const path of ['/', '/items/1', `/${main ?? 'main.js'}`]) {
      const answer = await fetch(`${base}${path}`);
      expect(answer.status, path).toBe(200);
      for (const header of [
        'content-security-policy',
        'permissions-policy',
        'x-content-type-options',
        'x-frame-options',
        'referrer-policy',
      ]) {
        expect(answer.headers.get(header), `${header} of ${path}`).toBe(fromApi.headers.get(header));
      }
    }
    const docs = await fetch(`${base}/docs`);
    expect(docs.headers.get('content-security-policy')).toBe((await fetch(`${api.baseUrl}/docs`)).headers.get('content-security-policy'));
  });

  it('answers a missing script with 404 rather than the app', async () => {
    expect((await fetch(`${base}/chunk-DOESNOTEXIST.js`)).status).toBe(404);
  });

  it('passes /api to the API, sign-in included', async () => {
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody-here', password: 'wrong-password' }),
    });
    expect(login.status).toBe(401);
    expect(login.headers.get('content-type')).toContain('application/problem+json');
  });

  it("lets the API refuse an oversized body with its own problem+json, nginx's limit being larger", async () => {
    const { token } = await seededManager(api);
    const answer = await fetch(`${base}/api/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ sku: 'BIG-1', name: 'x'.repeat(200 * 1024) }),
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('upgrades /ws to a WebSocket on the API, which greets the client', async () => {
    const { token } = await seededManager(api);
    const socket = new WebSocket(`${base.replace('http:', 'ws:')}/ws?token=${encodeURIComponent(token)}`);
    try {
      const hello = await new Promise<{ type: string; epoch: string }>((resolve, reject) => {
        socket.once('message', (raw: Buffer) => resolve(JSON.parse(raw.toString()) as { type: string; epoch: string }));
        socket.once('error', reject);
      });
      expect(hello.type).toBe('hello');
      expect(hello.epoch).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      socket.close();
    }
  });

  it('serves /metrics to the local network only', async () => {
    const answer = await fetch(`${base}/metrics`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('# TYPE');
    expect(readFileSync(join(dir, 'default.conf'), 'utf8')).toMatch(/location = \/metrics \{[^}]*deny all;/);
  });
});
