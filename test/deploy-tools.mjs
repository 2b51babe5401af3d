// What the deploy tier (the *.deploy.spec.ts files, `npm run test:deploy`) needs besides Node: the
// Debian packages .ci/run installs, and a Docker engine that is a Swarm manager holding the test image.
import { spawnSync } from 'node:child_process';

const TEST_IMAGE = process.env.IMS_TEST_IMAGE ?? 'ims-test/busybox:local';

const answers = (command, args) =>
  spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 30_000 }).status === 0;

const outputOf = (command, args) => spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 }).stdout ?? '';

// pg_dump refuses a server newer than itself, and the embedded PostgreSQL is 15.
const postgres15Client = (command) => Number(outputOf(command, ['--version']).match(/\(PostgreSQL\) (\d+)/)?.[1] ?? 0) >= 15;

const REQUIREMENTS = [
  { what: 'shellcheck', install: 'apt-get install shellcheck', present: () => answers('shellcheck', ['--version']) },
  { what: 'nginx', install: 'apt-get install nginx', present: () => answers('nginx', ['-v']) },
  { what: 'envsubst', install: 'apt-get install gettext-base', present: () => answers('envsubst', ['--version']) },
  {
    what: 'pg_dump, pg_restore and psql 15 or later',
    install: 'apt-get install postgresql-client-15',
    present: () => ['pg_dump', 'pg_restore', 'psql'].every(postgres15Client),
  },
  {
    what: '`docker compose` or `docker-compose`',
    install: 'apt-get install docker-compose',
    present: () => answers('docker', ['compose', 'version']) || answers('docker-compose', ['version']),
  },
  {
    what: `a Docker engine that is a Swarm manager, with the image ${TEST_IMAGE}`,
    install: 'apt-get install docker.io busybox-static, then bash .ci/docker-engine.sh up',
    present: () =>
      outputOf('docker', ['info', '--format', '{{.Swarm.ControlAvailable}}']).trim() === 'true' &&
      answers('docker', ['image', 'inspect', TEST_IMAGE]),
  },
];

/** What is missing, one line each with how to get it; empty when the deploy tier can run. */
export const missingDeployTools = () =>
  REQUIREMENTS.filter((requirement) => !requirement.present()).map(({ what, install }) => `${what} (${install})`);
