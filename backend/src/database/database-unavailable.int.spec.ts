import { createServer, type Server, type Socket } from 'node:net';
import { Client, Pool } from 'pg';
import { inject } from 'vitest';
import { asDatabaseUnavailable, DatabaseUnavailableError } from './database-unavailable';
import { freePort } from './free-port';
import { createPool } from './pool';

const failureOf = (work: () => Promise<unknown>) =>
  work().then(
    () => {
      throw new Error('expected the database work to fail');
    },
    (error: unknown) => error,
  );

describe('asDatabaseUnavailable, on what node-postgres really throws', () => {
  it('calls a refused connection unavailable', async () => {
    const url = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
    const error = await failureOf(() => new Pool({ connectionString: url }).query('SELECT 1'));
    expect(asDatabaseUnavailable(error)).toBeInstanceOf(DatabaseUnavailableError);
  });

  it('calls a connection that the server ends, and the next query on that client, unavailable', async () => {
    const client = new Client({ connectionString: inject('postgresAdminUrl') });
    client.on('error', () => undefined);
    await client.connect();
    const terminated = await failureOf(() => client.query('SELECT pg_terminate_backend(pg_backend_pid())'));
    expect(terminated).toMatchObject({ code: '57P01' });
    expect(asDatabaseUnavailable(terminated)).toBeInstanceOf(DatabaseUnavailableError);
    const after = await failureOf(() => client.query('SELECT 1'));
    expect(asDatabaseUnavailable(after)).toBeInstanceOf(DatabaseUnavailableError);
    await client.end().catch(() => undefined);
  });

  describe('against a server that accepts connections and never answers', () => {
    let server: Server;
    const sockets: Socket[] = [];
    let url: string;

    beforeAll(async () => {
      server = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      url = `postgres://postgres@127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/postgres`;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    });

    it('gives up connecting after the pool timeout, and calls that unavailable', async () => {
      const pool = createPool(url, { max: 1 });
      const error = await failureOf(() => pool.query('SELECT 1'));
      expect(asDatabaseUnavailable(error)).toBeInstanceOf(DatabaseUnavailableError);
      await pool.end();
    });
  });

  it('leaves errors of the statement or the setup alone', async () => {
    const client = new Client({ connectionString: inject('postgresAdminUrl') });
    await client.connect();
    try {
      const syntax = await failureOf(() => client.query('SELEKT 1'));
      const missing = await failureOf(() => client.query('SELECT * FROM no_such_table'));
      expect(asDatabaseUnavailable(syntax)).toBeUndefined();
      expect(asDatabaseUnavailable(missing)).toBeUndefined();
    } finally {
      await client.end();
    }
    const wrongDatabase = await failureOf(() =>
      new Pool({ connectionString: `${inject('postgresAdminUrl').replace(/\/[^/]*$/, '')}/no_such_database` }).query('SELECT 1'),
    );
    expect(wrongDatabase).toMatchObject({ code: '3D000' });
    expect(asDatabaseUnavailable(wrongDatabase)).toBeUndefined();
    expect(asDatabaseUnavailable(new Error('something else broke'))).toBeUndefined();
  });
});
