import { readFile } from 'node:fs/promises';
import { buildApiDocument } from '../../../backend/src/openapi-document';
import { API_TYPES_FILE, apiTypesSource } from './api-types';

describe("the app's API types", () => {
  it('are the ones the API describes today', async () => {
    const generated = await apiTypesSource(await buildApiDocument());
    const committed = await readFile(API_TYPES_FILE, 'utf8');
    expect(committed, `${API_TYPES_FILE} differs from the API's OpenAPI document: run npm run api:types`).toBe(generated);
  });
});
