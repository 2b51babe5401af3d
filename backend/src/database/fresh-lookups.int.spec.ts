import { randomUUID } from 'node:crypto';
import { storeFixture } from '../../../test/store-fixture';
import type { UserRow } from '../users/user-view';
import { UsersRepository } from '../users/users.repository';
import { FreshLookups } from './fresh-lookups';

const fixture = storeFixture();

async function insertUser(role: 'staff' | 'manager'): Promise<string> {
  const id = randomUUID();
  await fixture.pool.query(
    `INSERT INTO users (id, username, email, role, version, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, now(), now())`,
    [id, `u-${id}`, `${id}@example.test`, role],
  );
  return id;
}

const setRole = (id: string, role: string) => fixture.pool.query('UPDATE users SET role = $2 WHERE id = $1', [id, role]);

/** The repository's query, counted; the first one, once it has read, waits for `release` before it answers. */
function heldFirstQuery() {
  const repository = new UsersRepository(fixture.pool);
  const queries: (readonly string[])[] = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let read: () => void = () => undefined;
  const firstRead = new Promise<void>((resolve) => (read = resolve));
  const fetch = async (ids: readonly string[]) => {
    queries.push(ids);
    const rows = await repository.findActiveByIds(ids);
    if (queries.length === 1) {
      read();
      await released;
    }
    return rows;
  };
  return { lookups: new FreshLookups<UserRow>(fetch), queries, firstRead, release };
}

describe('fresh lookups of users', () => {
  it('never answer a caller from a query that was already on its way: a role changed before the call is seen', async () => {
    const id = await insertUser('staff');
    const { lookups, firstRead, release } = heldFirstQuery();
    const early = lookups.load(id);
    await firstRead;
    await setRole(id, 'manager');
    const late = lookups.load(id);
    release();
    expect((await early)?.role).toBe('staff');
    expect((await late)?.role).toBe('manager');
  });

  it('answer the callers that arrived together with one query, each with its own row or none', async () => {
    const [staff, manager] = [await insertUser('staff'), await insertUser('manager')];
    const unknown = randomUUID();
    const { lookups, queries, firstRead, release } = heldFirstQuery();
    const first = lookups.load(staff);
    await firstRead;
    const together = [staff, manager, staff, unknown, 'not-a-uuid', manager].map((id) => lookups.load(id));
    release();
    await first;
    const rows = await Promise.all(together);
    expect(rows.map((row) => row?.role ?? null)).toEqual(['staff', 'manager', 'staff', null, null, 'manager']);
    expect(queries).toHaveLength(2);
    expect([...queries[1]!].sort()).toEqual([staff, manager, unknown, 'not-a-uuid'].sort());
  });

  it('fail the callers of a failed query only, and answer the next ones', async () => {
    const id = await insertUser('staff');
    const repository = new UsersRepository(fixture.pool);
    let failNext = true;
    const lookups = new FreshLookups<UserRow>(async (ids) => {
      if (failNext) {
        failNext = false;
        await fixture.pool.query('SELECT 1/0');
      }
      return repository.findActiveByIds(ids);
    });
    await expect(lookups.load(id)).rejects.toThrow(/division by zero/);
    expect((await lookups.load(id))?.role).toBe('staff');
  });
});
