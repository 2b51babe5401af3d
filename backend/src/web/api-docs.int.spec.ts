import { startTestApp, type TestApp } from '../../../test/test-app';
import { buildApiDocument } from '../openapi-document';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('the API description', () => {
  it('serves Swagger UI at /docs, without a token', async () => {
    const page = await fetch(`${app.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
    const script = await fetch(`${app.baseUrl}/docs/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
  });

  it('describes every API route with its operations and bearer auth in /docs-json', async () => {
    const document = (await (await fetch(`${app.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string }>>;
      components: { securitySchemes?: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/items', '/api/items/{id}', '/api/stock-movements', '/api/events/export', '/api/auth/login']),
    );
    expect(Object.keys(document.paths['/api/stock-movements']!).sort()).toEqual(['get', 'post']);
    expect(document.paths['/api/stock-movements']!.post!.summary).toEqual(expect.any(String));
    expect(document.components.securitySchemes).toHaveProperty('bearer');
  });

  it('is the document built without a database or a port, which the app API types come from', async () => {
    const served: unknown = await (await fetch(`${app.baseUrl}/docs-json`)).json();
    expect(served).toEqual(await buildApiDocument());
  });
});
