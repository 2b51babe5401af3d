import { startEmbeddedPostgres } from './embedded-postgres';

export interface OpenDatabase {
  readonly url: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

/** `DATABASE_URL` when given, else the embedded PostgreSQL kept under `dataDir`. */
export async function openDatabase(databaseUrl: string | undefined, dataDir: string, log: (line: string) => void): Promise<OpenDatabase> {
  if (databaseUrl) return { url: databaseUrl, embedded: false, close: () => Promise.resolve() };
  const server = await startEmbeddedPostgres({ dataDir, log });
  return { url: server.url, embedded: true, close: () => server.stop() };
}
