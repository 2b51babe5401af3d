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
 * Runs `works` side by side in `client`'s transaction, their statements sent together: once every
 * work still running waits for a statement, the statements asked for go to PostgreSQL in one round
 * trip, as EXECUTEs of statements prepared once per connection with the values written in as pg
 * would send them, and each work gets its own results. So the projections of a live batch cost a
 * round trip per step, not one per statement. A failing statement fails every statement of its round
 * trip; the first error is thrown once every work has ended. The results, in the order of `works`.
 */
export async function pipelined<T>(client: PoolClient, works: readonly ((statements: Statements) => Promise<T>)[]): Promise<T[]> {
  let asked: Asked[] = [];
  let running = works.length;
  let waiting = 0;
  const sendWhenAllWait = () => {
    if (asked.length === 0 || waiting < running) return;
    const batch = asked;
    asked = [];
    void send(client, batch);
  };
  const statementsOfOneWork = (): Statements => {
    let unanswered = 0;
    return {
      query: <Row extends QueryResultRow>(text: string, values: unknown[] = []) => {
        if (unanswered++ === 0) waiting += 1;
        const answer = new Promise<QueryResult>((resolve, reject) => asked.push({ text, values, resolve, reject }));
        sendWhenAllWait();
        return answer.finally(() => {
          if (--unanswered === 0) waiting -= 1;
        }) as Promise<QueryResult<Row>>;
      },
    };
  };
  const settled = await Promise.allSettled(
    works.map((work) =>
      work(statementsOfOneWork()).finally(() => {
        running -= 1;
        sendWhenAllWait();
      }),
    ),
  );
  return settled.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
}

/** Works of different results side by side, as `pipelined` runs them: their statements sent together, the results in the works' order. */
export async function pipelinedTogether<Results extends readonly unknown[]>(
  client: PoolClient,
  works: { readonly [K in keyof Results]: (statements: Statements) => Promise<Results[K]> },
): Promise<Results> {
  const results: unknown[] = await pipelined<unknown>(client, works);
  return results as unknown as Results;
}

async function send(client: PoolClient, batch: readonly Asked[]): Promise<void> {
  try {
    await prepare(client, batch);
    const answer = (await client.query(batch.map((query) => execute(client, query)).join(';\n'))) as QueryResult | QueryResult[];
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
