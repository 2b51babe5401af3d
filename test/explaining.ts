import type { Pool } from 'pg';

/** Something to query through that runs each statement and keeps the plan PostgreSQL chose for the last one. */
export function explaining(db: Pick<Pool, 'query'>): { readonly pool: Pool; plan(): string } {
  let plan = '';
  const pool = {
    async query(sql: string, parameters: unknown[]) {
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, parameters);
      plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      return db.query(sql, parameters);
    },
  };
  return { pool: pool as unknown as Pool, plan: () => plan };
}
