import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../test/test-app';

const API_MD = readFileSync(join(__dirname, 'API.md'), 'utf8');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The document itself and Swagger UI over it are not among the routes it describes; docs/API.md lists them all the same. */
const OUTSIDE_THE_DOCUMENT = ['GET /docs', 'GET /docs-json'];

/** `| GET | /api/items/:id | …` rows of docs/API.md, as `GET /api/items/{id}`. */
function documentedRoutes(markdown: string): string[] {
  const rows = markdown.matchAll(/^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*`?(\/[^\s|`]*)`?\s*\|/gm);
  return [...rows].map(([, method, path]) => `${method} ${path!.replace(/:([A-Za-z]+)/g, '{$1}')}`);
}

let app: TestApp;
let served: string[];

beforeAll(async () => {
  app = await startTestApp();
  const document = (await (await fetch(`${app.baseUrl}/docs-json`)).json()) as { paths: Record<string, Partial<Record<string, unknown>>> };
  served = Object.entries(document.paths).flatMap(([path, operations]) =>
    METHODS.filter((method) => operations[method] !== undefined).map((method) => `${method.toUpperCase()} ${path}`),
  );
});
afterAll(() => app.close());

describe('docs/API.md against the OpenAPI document at /docs-json', () => {
  it('lists every route the document describes', () => {
    expect(served.length).toBeGreaterThan(0);
    expect(served.filter((route) => !documentedRoutes(API_MD).includes(route))).toEqual([]);
  });

  it('lists no route the document lacks, beyond those served outside it', () => {
    const known = [...served, ...OUTSIDE_THE_DOCUMENT];
    expect(documentedRoutes(API_MD).filter((route) => !known.includes(route))).toEqual([]);
  });

  it('lists each route once', () => {
    const routes = documentedRoutes(API_MD);
    expect(routes.filter((route, index) => routes.indexOf(route) !== index)).toEqual([]);
  });

  it('answers every route it lists outside the document, which the document indeed lacks', async () => {
    expect(OUTSIDE_THE_DOCUMENT.filter((route) => served.includes(route))).toEqual([]);
    expect(OUTSIDE_THE_DOCUMENT.filter((route) => !documentedRoutes(API_MD).includes(route))).toEqual([]);
    const statuses = await Promise.all(
      OUTSIDE_THE_DOCUMENT.map(async (route) => (await fetch(`${app.baseUrl}${route.split(' ')[1]}`)).status),
    );
    expect(statuses).toEqual(OUTSIDE_THE_DOCUMENT.map(() => 200));
  });
});
