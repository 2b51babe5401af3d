import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createPool } from '../backend/src/database/pool';
import { EventStore } from '../backend/src/event-store/event-store';

export interface StoreFixture {
  readonly database: TestDatabase;
  readonly pool: Pool;
  readonly store: EventStore;
}

/** A database of the test file's own with a pool and an event store on it, made before its tests and dropped after them. */
export function storeFixture(): StoreFixture {
  let made: StoreFixture | undefined;
  const get = () => {
    if (!made) throw new Error('the store fixture is only ready inside tests');
    return made;
  };
  beforeAll(async () => {
    const database = await createTestDatabase();
    const pool = createPool(database.url);
    made = { database, pool, store: new EventStore(pool) };
  });
  afterAll(async () => {
    await made?.pool.end();
    await made?.database.drop();
  });
  return {
    get database() {
      return get().database;
    },
    get pool() {
      return get().pool;
    },
    get store() {
      return get().store;
    },
  };
}
