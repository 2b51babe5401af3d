import { writeFile } from 'node:fs/promises';
import { buildApiDocument } from '../../../backend/src/openapi-document';
import { API_TYPES_FILE, apiTypesSource } from './api-types';

/** `npm run api:types`: the app's API types regenerated from the routes, with no database and no server. */
buildApiDocument()
  .then(apiTypesSource)
  .then((source) => writeFile(API_TYPES_FILE, source))
  .then(
    () => console.log(`wrote ${API_TYPES_FILE}`),
    (error: unknown) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
