import { randomUUID } from 'node:crypto';
import { authHeader, seededManager, tokenFor } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';

/** `session cookie`: open to the guard, yet refused without the refresh cookie, which none of these callers has. */
type Access = 'public' | 'session cookie' | 'signed-in' | 'manager';
type Caller = 'nobody' | 'garbage token' | 'staff' | 'manager';

/**
 * Who may call each route. Every route the app registers must be listed here: a new route fails
 * this test until someone decides who may call it, and the guard is then held to that decision.
 */
const EXPECTED_ACCESS: Record<string, Access> = {
  'GET /api/health': 'public',
  'GET /api/health/system': 'manager',
  'GET /api/health/resources': 'manager',
  'GET /api/health/services': 'manager',
  'GET /api/health/services/:name/logs': 'manager',
  'POST /api/auth/register': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/refresh': 'session cookie',
  'POST /api/auth/logout': 'public',
  'POST /api/auth/password': 'signed-in',
  'POST /api/auth/password-reset': 'public',
  'POST /api/auth/password-reset-request': 'public',
  'GET /api/auth/me': 'signed-in',
  'GET /api/auth/sessions': 'signed-in',
  'DELETE /api/auth/sessions/:id': 'signed-in',
  'GET /api/tokens': 'signed-in',
  'POST /api/tokens': 'signed-in',
  'DELETE /api/tokens/:id': 'signed-in',
  'GET /api/users': 'manager',
  'POST /api/users': 'manager',
  'PATCH /api/users/:id': 'manager',
  'POST /api/users/:id/password-reset': 'manager',
  'GET /api/users/:id/sessions': 'manager',
  'DELETE /api/users/:id/sessions': 'manager',
  'GET /api/items': 'signed-in',
  'POST /api/items': 'manager',
  'GET /api/items/by-code/:code': 'signed-in',
  'GET /api/items/:id': 'signed-in',
  'PATCH /api/items/:id': 'manager',
  'DELETE /api/items/:id': 'manager',
  'POST /api/items/:id/restore': 'manager',
  'PUT /api/items/:id/locations/:locationId': 'manager',
  'GET /api/items/:id/history': 'signed-in',
  'GET /api/items/:id/stock-at': 'signed-in',
  'GET /api/labels': 'signed-in',
  'POST /api/stock-movements': 'signed-in',
  'GET /api/stock-movements': 'signed-in',
  'GET /api/stock-movements/export': 'signed-in',
  'POST /api/transfers': 'signed-in',
  'GET /api/locations': 'signed-in',
  'POST /api/locations': 'manager',
  'PATCH /api/locations/:id': 'manager',
  'DELETE /api/locations/:id': 'manager',
  'GET /api/events': 'manager',
  'GET /api/events/export': 'manager',
  'GET /api/events/verify': 'manager',
  'GET /api/alerts': 'signed-in',
  'GET /metrics': 'public',
  'GET /docs': 'public',
  'GET /docs/*': 'public',
  'GET /docs/index.html': 'public',
  'GET /docs/LICENSE': 'public',
  'GET /docs/swagger-ui-init.js': 'public',
  'GET /docs/docs/swagger-ui-init.js': 'public',
  'GET /docs-json': 'public',
  'GET /docs-yaml': 'public',
  // The web app's files and deep links, when its build is there.
  'GET /*': 'public',
};

const TREE_LINE = /^([│ ]*)[├└]── (\S+)(?: \(([^)]+)\))?$/;

/**
 * The routes as Fastify serves them, read from its route tree, where each line adds a path
 * fragment to its parent's (a wildcard's without its slash); HEAD, which Fastify answers for
 * every GET, is left out.
 */
function registeredRoutes(testApp: TestApp): string[] {
  const tree = testApp.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const paths: string[] = [];
  return tree
    .split('\n')
    .flatMap((line) => {
      const [, indent = '', fragment = '', methods = ''] = TREE_LINE.exec(line) ?? [];
      if (!fragment) return [];
      const depth = indent.length / 4;
      paths.length = depth;
      paths[depth] = (paths[depth - 1] ?? '') + (fragment.startsWith('*') ? `/${fragment}` : fragment);
      return methods
        .split(', ')
        .filter((method) => method !== '' && method !== 'HEAD')
        .map((method) => `${method} ${paths[depth]}`);
    })
    .sort();
}

/** What each caller must get: `refused-401`, `refused-403`, or `let through` (any answer but those two). */
function expectedOutcome(access: Access, caller: Caller): string {
  if (access === 'public') return 'let through';
  if (access === 'session cookie') return 'refused-401';
  if (caller === 'nobody' || caller === 'garbage token') return 'refused-401';
  if (access === 'manager' && caller === 'staff') return 'refused-403';
  return 'let through';
}

let testApp: TestApp;
let routes: string[];
const tokens = new Map<Caller, string | undefined>();

beforeAll(async () => {
  testApp = await startTestApp();
  routes = registeredRoutes(testApp);
  tokens.set('nobody', undefined);
  tokens.set('garbage token', 'not-a-token');
  tokens.set('staff', (await tokenFor(testApp, 'staff')).token);
  tokens.set('manager', (await seededManager(testApp)).token);
});
afterAll(() => testApp.close());

async function outcome(route: string, token: string | undefined): Promise<string> {
  const [method, path] = route.split(' ') as [string, string];
  const url = testApp.baseUrl + path.replace(/:id\b/g, randomUUID()).replace(/:name\b/g, 'ims-api');
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? authHeader(token) : {}) },
    body: ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined,
  });
  await response.arrayBuffer();
  if (response.status !== 401 && response.status !== 403) return 'let through';
  const problem = response.headers.get('content-type')?.startsWith('application/problem+json');
  return problem ? `refused-${response.status}` : `refused-${response.status} without problem+json`;
}

test('the app registers routes, and every one of them has an access decision in the table', () => {
  expect(routes.length).toBeGreaterThan(5);
  expect(routes.filter((route) => !(route in EXPECTED_ACCESS))).toEqual([]);
});

test.each<Caller>(['nobody', 'garbage token', 'staff', 'manager'])(
  'every registered route treats a caller with %s as its access decision says',
  async (caller) => {
    const decided = routes.filter((route) => route in EXPECTED_ACCESS);
    const answers = await Promise.all(decided.map((route) => outcome(route, tokens.get(caller))));
    const wrong = decided.flatMap((route, index) => {
      const expected = expectedOutcome(EXPECTED_ACCESS[route]!, caller);
      return answers[index] === expected ? [] : [`${route}: expected ${expected}, got ${answers[index]}`];
    });
    expect(wrong).toEqual([]);
  },
);
