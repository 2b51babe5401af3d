import type { Pool, PoolClient } from 'pg';
import type { TableNames } from '../projection';

/**
 * Shadow copies of live read-model tables, built from the live table's own definition and storage
 * settings (the migrations stay the only schema), then swapped in under the live names in one transaction.
 * A copy starts without indexes, except the keys its projection's upserts need while copying
 * (`keyed`); the others, keys included, are built once the data is in, CONCURRENTLY, because a
 * plain CREATE INDEX holds a transaction id for its whole build and would stall every gap-free
 * reader meanwhile.
 */

const SUFFIX = '__replay';

export const SHADOW_TABLES: TableNames = (table) => `${table}${SUFFIX}`;

const shadowName = (name: string) => {
  const shadow = `${name}${SUFFIX}`;
  if (shadow.length > 63) throw new Error(`${name} is too long to have a shadow copy`);
  return shadow;
};

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

type Queryable = Pick<Pool | PoolClient, 'query'>;

interface LiveIndex {
  name: string;
  definition: string;
  /** The constraint it backs (primary key, unique, exclusion), if any. */
  constraint: string | null;
  constraint_definition: string | null;
}

async function liveIndexes(db: Queryable, table: string): Promise<LiveIndex[]> {
  const { rows } = await db.query<LiveIndex>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition,
            c.conname AS constraint, pg_get_constraintdef(c.oid) AS constraint_definition
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
      WHERE x.indrelid = $1::regclass
      ORDER BY i.relname`,
    [table],
  );
  return rows;
}

export async function shadowTablesExist(db: Queryable, tables: readonly string[]): Promise<boolean> {
  const { rows } = await db.query<{ present: number }>('SELECT count(to_regclass(name)) AS present FROM unnest($1::text[]) AS name', [
    tables.map(SHADOW_TABLES),
  ]);
  return rows[0]?.present === tables.length;
}

/** The live table's storage settings (e.g. `fillfactor=80`), which `LIKE` does not copy, as a `WITH` clause. */
async function storageClause(db: Queryable, table: string): Promise<string> {
  const { rows } = await db.query<{ options: string[] | null }>('SELECT reloptions AS options FROM pg_class WHERE oid = $1::regclass', [
    table,
  ]);
  const options = rows[0]?.options ?? [];
  return options.length > 0 ? ` WITH (${options.join(', ')})` : '';
}

/** Empty shadow copies, replacing any left over, the `keyed` ones with their constraints; inside the caller's transaction. */
export async function createShadowTables(client: PoolClient, tables: readonly string[], keyed: readonly string[]): Promise<void> {
  for (const table of tables) {
    const shadow = shadowName(table);
    await client.query(`DROP TABLE IF EXISTS ${ident(shadow)}`);
    await client.query(
      `CREATE TABLE ${ident(shadow)} (LIKE ${ident(table)} INCLUDING ALL EXCLUDING INDEXES)${await storageClause(client, table)}`,
    );
    if (!keyed.includes(table)) continue;
    for (const index of await liveIndexes(client, table)) {
      if (index.constraint === null) continue;
      await client.query(
        `ALTER TABLE ${ident(shadow)} ADD CONSTRAINT ${ident(shadowName(index.constraint))} ${index.constraint_definition}`,
      );
    }
  }
}

/** `CREATE INDEX name ON table USING ...` made into the same index on the shadow copy. */
function shadowIndexDefinition(index: LiveIndex, table: string): string {
  const match = /^CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?\S+ (USING .*)$/s.exec(index.definition);
  if (!match) throw new Error(`cannot read the definition of index ${index.name}: ${index.definition}`);
  return `CREATE ${match[1] ?? ''}INDEX CONCURRENTLY ${ident(shadowName(index.name))} ON ${ident(shadowName(table))} ${match[2]}`;
}

/** A primary key or unique constraint made from an index already built: a brief catalog change. */
function constraintUsingIndex(index: LiveIndex, table: string): string {
  const kind = /^(PRIMARY KEY|UNIQUE) \(/.exec(index.constraint_definition ?? '')?.[1];
  if (!kind || index.constraint === null) {
    throw new Error(`cannot rebuild constraint ${index.constraint} (${index.constraint_definition}) from an index`);
  }
  return `ALTER TABLE ${ident(shadowName(table))} ADD CONSTRAINT ${ident(shadowName(index.constraint))} ${kind} USING INDEX ${ident(shadowName(index.name))}`;
}

/** Memory for each index build's sort: the default (64 MB) spills a million-row build to disk. */
const INDEX_BUILD_MEMORY = '256MB';

/**
 * Builds the live tables' indexes the shadow copies still lack, constraints included, then
 * refreshes their statistics so the planner serves the first reads after the swap well.
 * Resumable: an index a crash left half-built (invalid) is dropped and built again.
 */
export async function buildShadowIndexes(pool: Pool, tables: readonly string[]): Promise<void> {
  const client = await pool.connect();
  let failed = true;
  try {
    await client.query(`SET maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`);
    for (const table of tables) await buildIndexesOf(client, table);
    await client.query('RESET maintenance_work_mem');
    failed = false;
  } finally {
    // A build that failed left the session's memory raised (or its connection gone): the pool must not reuse it.
    client.release(failed);
  }
}

async function buildIndexesOf(client: PoolClient, table: string): Promise<void> {
  const shadow = shadowName(table);
  const { rows: existing } = await client.query<{ name: string; valid: boolean; constraint: string | null }>(
    `SELECT i.relname AS name, x.indisvalid AS valid, c.conname AS constraint
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
      WHERE x.indrelid = $1::regclass`,
    [shadow],
  );
  for (const index of await liveIndexes(client, table)) {
    const built = existing.find((candidate) => candidate.name === shadowName(index.name));
    if (built?.valid && (index.constraint === null || built.constraint !== null)) continue;
    if (built && !built.valid) await client.query(`DROP INDEX ${ident(built.name)}`);
    if (!built?.valid) await client.query(shadowIndexDefinition(index, table));
    if (index.constraint !== null) await client.query(constraintUsingIndex(index, table));
  }
  await client.query(`ANALYZE ${ident(shadow)}`);
}

/**
 * Puts the shadow copies in place of the live tables, names and all, inside the caller's
 * transaction: readers wait for its commit, then read the new tables; none sees a missing or
 * half-built table.
 */
export async function swapInShadowTables(client: PoolClient, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const live = await liveIndexes(client, table);
    await client.query(`DROP TABLE ${ident(table)}`);
    await client.query(`ALTER TABLE ${ident(shadowName(table))} RENAME TO ${ident(table)}`);
    for (const index of live) {
      if (index.constraint !== null) {
        await client.query(
          `ALTER TABLE ${ident(table)} RENAME CONSTRAINT ${ident(shadowName(index.constraint))} TO ${ident(index.constraint)}`,
        );
      } else {
        await client.query(`ALTER INDEX ${ident(shadowName(index.name))} RENAME TO ${ident(index.name)}`);
      }
    }
  }
}
