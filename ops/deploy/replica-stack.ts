import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { REPO_ROOT, type DeployedService } from './deploy-files';
import { APP_DIR, POSTGRES_BIN, POSTGRES_UID } from './runtime-image';

/** A docker-stack.yml service with all it holds, the healthcheck's timings too. */
type StackService = Omit<DeployedService, 'healthcheck'> & { healthcheck?: Record<string, unknown> } & Record<string, unknown>;

interface StackFile {
  readonly services: Record<string, StackService>;
  readonly secrets: Record<string, { external?: boolean; name?: string }>;
}

export interface ReplicaStackOptions {
  readonly stack: string;
  /** The image importRuntimeImage made. */
  readonly image: string;
  readonly apiReplicas: number;
  readonly postgresPort: number;
  /**
   * The API's port per task as a Swarm template, e.g. `4{{.Task.Slot}}37`: on the host network
   * each replica needs its own, and the slot in it says which replica answered.
   */
  readonly apiPortTemplate: string;
  /** Without the API: PostgreSQL alone, to be healthy before the replicas start migrating. */
  readonly withApi: boolean;
}

const DATA = '/var/lib/postgresql/data';
const PASSWORD_FILE = '/run/secrets/postgres_password';

/** docker-stack.yml's secret names, each made unique to the stack under test. */
export const stackSecretName = (stack: string, secret: string) => `${stack}_${secret}`;

/**
 * PostgreSQL from the embedded package's binaries, as the postgres:15 image would run it: a cluster
 * made on first start with the `ims` user (password from the secret) and database, then the server
 * on the host's loopback only. No `$` in it: the Docker CLI would read it as one of its variables.
 */
function postgresCommand(port: number): string {
  const initdb = `${POSTGRES_BIN}/initdb -D ${DATA} -U ims --pwfile=${PASSWORD_FILE} -A scram-sha-256 -E UTF8 --no-locale`;
  const createDatabase = `echo 'CREATE DATABASE ims' | ${POSTGRES_BIN}/postgres --single -D ${DATA} postgres`;
  const serve = `${POSTGRES_BIN}/postgres -D ${DATA} -p ${port} -c listen_addresses=127.0.0.1 -k /tmp`;
  return `test -s ${DATA}/PG_VERSION || { ${initdb} && ${createDatabase}; } >/dev/null && exec ${serve}`;
}

/**
 * docker-stack.yml's db and api services, changed only where this one-node test engine needs it:
 * the runtime image with the repository mounted at APP_DIR in place of the registry's images, the
 * host network (this engine runs without iptables, so it has no overlay or routing mesh; every
 * address is then on loopback), a port per API task, no placement on a labelled db node, and the
 * secrets named for this stack. The API keeps its environment, secrets, volumes, healthcheck and
 * update settings; the Docker CLI fills its variables (FUNCTION_URL, DOCKER_GID, …) from its own
 * environment as on a real deploy.
 */
export async function replicaStackFile(options: ReplicaStackOptions): Promise<string> {
  const real = parse(await readFile(join(REPO_ROOT, 'docker-stack.yml'), 'utf8'), { merge: true }) as StackFile;
  const { db, api } = real.services;
  if (!db || !api) throw new Error('docker-stack.yml has no db or api service');
  const repository = { type: 'bind', source: REPO_ROOT, target: APP_DIR, read_only: true };
  const hostNetwork = ['host'];

  const postgres: StackService = {
    image: options.image,
    user: `${POSTGRES_UID}:${POSTGRES_UID}`,
    command: ['sh', '-c', postgresCommand(options.postgresPort)],
    secrets: db.secrets,
    volumes: [repository],
    networks: hostNetwork,
    healthcheck: { ...db.healthcheck, test: ['CMD', 'test', '-S', `/tmp/.s.PGSQL.${options.postgresPort}`] },
    deploy: { ...db.deploy, placement: undefined },
  };
  const replicas: StackService = {
    ...api,
    image: options.image,
    command: ['node', 'dist/backend/src/main.js'],
    environment: { ...api.environment, PORT: options.apiPortTemplate },
    volumes: [...(api.volumes ?? []), repository],
    networks: hostNetwork,
    // The same check, given the time a start takes on a CI VM shared with other work (over 2 min at load 27).
    healthcheck: { ...api.healthcheck, timeout: '30s', start_period: '10m' },
    deploy: { ...api.deploy, replicas: options.apiReplicas },
  };
  const services: Record<string, StackService> = options.withApi ? { db: postgres, api: replicas } : { db: postgres };
  const used = new Set(Object.values(services).flatMap((service) => (service.secrets ?? []).map(String)));
  const secrets = Object.fromEntries(
    Object.keys(real.secrets)
      .filter((name) => used.has(name))
      .map((name) => [name, { external: true, name: stackSecretName(options.stack, name) }]),
  );
  return stringify({
    version: '3.9',
    services,
    networks: { host: { external: true, name: 'host' } },
    secrets,
    ...(options.withApi ? { volumes: { 'chain-anchor': {} } } : {}),
  });
}
