import pg, { type PoolClient, type QueryResult, type QueryResultRow } from 'pg';
import { statementName, type Statements } from './prepared-statements';

/** pg's own conversion of a value to the text it sends for a parameter (exported at runtime, untyped). */
const pgUtils = (pg as unknown as { utils: { prepareValue: (value: unknown) => string | Buffer | null } }).utils;

interface Asked {
  readonly text: string;
  readonly values: readonly unknown[];
  resolve(result: QueryResult): void;
  reject(error: Error): void;
}

/** The statements prepared through SQL on each connection (pg's own cache knows only those it parsed itself). */
const preparedOn = new WeakMap<PoolClient, Set<string>>();

/** The SQL-level name of a text: apart from pg's protocol-level names, so that neither prepares over the other. */
const sqlName = (text: string) => `p${statementName(text)}`;

function literal(client: PoolClient, value: unknown): string {
  const prepared = pgUtils.prepareValue(value);
  if (prepared === null) return 'NULL';
  return client.escapeLiteral(Buffer.isBuffer(prepared) ? `\\x${prepared.toString('hex')}` : prepared);
}

const execute = (client: PoolClient, { text, values }: Asked) =>
  `EXECUTE ${sqlName(text)}${values.length > 0 ? `(${values.map((value) => literal(client, value)).join(', ')})` : ''}`;

/**
 * Statements of a work that may end a transaction: `last` asks for the work's final statement (it
 * asks for nothing after it, though it may ask for others in the same breath), so that the
 * statements closing the transaction can go in the same round trip.
 */
export interface FinalStatements extends Statements {
  last<Row extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<Row>>;
}

/** `db`'s statements as FinalStatements, where nothing waits to go with a last statement. */
export const finalStatements = (db: Statements): FinalStatements => ({
  query: (text, values) => db.query(text, values),
  last: (text, values) => db.query(text, values),
});

/**
 * Runs `works` side by side in `client`'s transaction, their statements sent together: once every
 * work still running waits for a statement, the statements asked for go to PostgreSQL in one round
 * trip, as EXECUTEs of statements prepared once per connection with the values written in as pg
 * would send them, and each work gets its own results. So the projections of a live batch cost a
 * round trip per step, not one per statement. `then` (SQL, e.g. what closes the transaction) runs
 * after every work's statements: in the round trip of their last ones when every work still running
 * has asked for its last (FinalStatements), or else in one of its own once all have ended. A failing
 * statement fails every statement of its round trip, and `then` with it; a failing work keeps `then`
 * from running at all. The first error is thrown once every work has ended. The results, in the order of `works`.
 */
export async function pipelined<T>(
  client: PoolClient,
  works: readonly ((statements: FinalStatements) => Promise<T>)[],
  then?: string,
): Promise<T[]> {
  let asked: Asked[] = [];
  let running = works.length;
  let waiting = 0;
  let finishing = 0;
  let closing = then;
  let looking = false;
  // Looked at once the code that asked has run on: a work may ask for several statements at once.
  const sendWhenAllWait = () => {
    if (looking) return;
    looking = true;
    queueMicrotask(() => {
      looking = false;
      if (asked.length === 0 || waiting < running) return;
      const batch = asked;
      asked = [];
      const along = finishing === running ? closing : undefined;
      if (along !== undefined) closing = undefined;
      void send(client, batch, along);
    });
  };
  const runOne = (work: (statements: FinalStatements) => Promise<T>) => {
    let unanswered = 0;
    let ended = false;
    const push = <Row extends QueryResultRow>(text: string, values: unknown[] = []) => {
      if (unanswered++ === 0) waiting += 1;
      const answer = new Promise<QueryResult>((resolve, reject) => asked.push({ text, values, resolve, reject }));
      sendWhenAllWait();
      return answer.finally(() => {
        if (--unanswered === 0) waiting -= 1;
      }) as Promise<QueryResult<Row>>;
    };
    const refused = () => Promise.reject(new Error('a statement asked for after the last one'));
    const query = <Row extends QueryResultRow>(text: string, values?: unknown[]) => (ended ? refused() : push<Row>(text, values));
    const last = <Row extends QueryResultRow>(text: string, values?: unknown[]) => {
      if (ended) return refused();
      ended = true;
      finishing += 1;
      return push<Row>(text, values);
    };
    const done = () => {
      running -= 1;
      if (ended) finishing -= 1;
      sendWhenAllWait();
    };
    return work({ query, last }).then(
      (result) => {
        done();
        return result;
      },
      (error: unknown) => {
        // A work that failed never asks for its last statement: what closes the transaction must not run.
        closing = undefined;
        done();
        throw error;
      },
    );
  };
  const settled = await Promise.allSettled(works.map(runOne));
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  if (closing !== undefined) await client.query(closing);
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/** Works of different results side by side, as `pipelined` runs them: their statements sent together, the results in the works' order. */
export async function pipelinedTogether<Results extends readonly unknown[]>(
  client: PoolClient,
  works: { readonly [K in keyof Results]: (statements: Statements) => Promise<Results[K]> },
): Promise<Results> {
  const results: unknown[] = await pipelined<unknown>(client, works);
  return results as unknown as Results;
}

async function send(client: PoolClient, batch: readonly Asked[], then: string | undefined): Promise<void> {
  try {
    await prepare(client, batch);
    const statements = batch.map((query) => execute(client, query));
    const answer = (await client.query([...statements, ...(then === undefined ? [] : [then])].join(';\n'))) as QueryResult | QueryResult[];
    const results = Array.isArray(answer) ? answer : [answer];
    batch.forEach((query, n) => {
      const result = results[n];
      if (result) query.resolve(result);
      else query.reject(new Error(`the pipeline answered ${results.length} results for ${batch.length} statements`));
    });
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    for (const query of batch) query.reject(failure);
  }
}

/** Prepares the batch's texts this connection has not seen, each in a round trip of its own: a statement is known prepared only once its PREPARE answered. */
async function prepare(client: PoolClient, batch: readonly Asked[]): Promise<void> {
  let known = preparedOn.get(client);
  if (!known) {
    known = new Set();
    preparedOn.set(client, known);
  }
  for (const text of new Set(batch.map((query) => query.text))) {
    const name = sqlName(text);
    if (known.has(name)) continue;
    await client.query(`PREPARE ${name} AS ${text}`);
    known.add(name);
  }
}
