import { HEALTH_PATH, LOW_STOCK_EMAIL_PATH } from '@ims/functions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, composeTool, documentedVariables, stackTool, type DeployedService, type DeployFile } from './deploy-files';

const SOCKET = '/var/run/docker.sock';
const SHARED = ['api', 'db', 'frontend'] as const;
/** A file the API writes, not a secret it reads. */
const ANCHOR_PATH = 'IMS_CHAIN_ANCHOR_PATH';

const compose = composeTool();
const stack = stackTool();
let read: { composeFile: DeployFile; stackFile: DeployFile } | undefined;
// Read inside the tests, so that a tool refusing a file fails them rather than a hook.
const files = () => (read ??= { composeFile: compose.read('docker-compose.yml'), stackFile: stack.read('docker-stack.yml') });

const service = (file: DeployFile, name: string): DeployedService => {
  const found = file.services[name];
  if (!found) throw new Error(`no service ${name}`);
  return found;
};

/** Environment names with Swarm's secret files read as the setting they hold: JWT_SECRET_FILE → JWT_SECRET. */
const settingNames = (of: DeployedService) =>
  Object.keys(of.environment ?? {})
    .map((name) => name.replace(/_FILE$/, ''))
    .sort();

const targetPorts = (of: DeployedService) =>
  (of.ports ?? []).map((port) => (typeof port === 'string' ? Number(port.split('/')[0]?.split(':').at(-1)) : port.target));

const mountsSocketReadOnly = (of: DeployedService) =>
  (of.volumes ?? []).some((volume) =>
    typeof volume === 'string'
      ? volume.split(':')[1] === SOCKET && volume.split(':')[2] === 'ro'
      : volume.target === SOCKET && volume.read_only === true,
  );

const mountsSocket = (of: DeployedService) =>
  (of.volumes ?? []).some((volume) => (typeof volume === 'string' ? volume.split(':')[1] : volume.target) === SOCKET);

/** Named volumes, in a tool's short (`name:/target[:mode]`) or long form; a source that is a path is a bind mount. */
const namedVolumes = (of: DeployedService) =>
  (of.volumes ?? [])
    .map((volume) => {
      if (typeof volume !== 'string') return volume;
      const [source, target] = volume.split(':');
      return { type: source?.startsWith('/') ? 'bind' : 'volume', source, target: target ?? '' };
    })
    .filter((volume) => volume.type === 'volume');

const secretNames = (of: DeployedService) => (of.secrets ?? []).map((secret) => (typeof secret === 'string' ? secret : secret.source));

const portOf = (url: string | null | undefined) => url?.split(':').at(-1)?.split('/')[0];

describe(`the deployment files, read by ${compose.name} and ${stack.name}`, () => {
  it('define db, api, function and frontend for Compose, and the same but the function for Swarm', () => {
    const { composeFile, stackFile } = files();
    expect(Object.keys(composeFile.services).sort()).toEqual(['api', 'db', 'frontend', 'function']);
    // In Swarm the email function runs on DigitalOcean Functions, reached through FUNCTION_URL.
    expect(Object.keys(stackFile.services).sort()).toEqual(['api', 'db', 'frontend']);
  });

  it.each(SHARED)('give %s the same settings in both, Swarm reading secrets from *_FILE', (name) => {
    const { composeFile, stackFile } = files();
    expect(settingNames(service(stackFile, name))).toEqual(settingNames(service(composeFile, name)));
  });

  it.each(SHARED)('point every *_FILE of %s in Swarm at a secret the service mounts', (name) => {
    const swarmService = service(files().stackFile, name);
    const secretFiles = Object.entries(swarmService.environment ?? {}).filter(([variable]) => variable.endsWith('_FILE'));
    for (const [variable, path] of secretFiles) {
      const secret = path?.replace('/run/secrets/', '') ?? '';
      expect(path, variable).toBe(`/run/secrets/${secret}`);
      expect(secretNames(swarmService), variable).toContain(secret);
    }
  });

  it('use for the API and the function only settings docs/CONFIGURATION.md documents', () => {
    const { composeFile, stackFile } = files();
    const documented = documentedVariables();
    expect(documented).toContain('DATABASE_URL');
    const used = new Set([
      ...settingNames(service(composeFile, 'api')),
      ...settingNames(service(composeFile, 'function')),
      ...settingNames(service(stackFile, 'api')),
    ]);
    expect([...used].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('publish the frontend alone, on the same container port in both', () => {
    const { composeFile, stackFile } = files();
    for (const file of [composeFile, stackFile]) {
      const published = Object.entries(file.services).filter(([, of]) => (of.ports ?? []).length > 0);
      expect(published.map(([name]) => name)).toEqual(['frontend']);
      expect(targetPorts(service(file, 'frontend'))).toEqual([8080]);
    }
  });

  it("point nginx at the API's port, and the Compose API at the function host's port", () => {
    const { composeFile, stackFile } = files();
    for (const file of [composeFile, stackFile]) {
      const apiPort = service(file, 'api').environment?.PORT;
      expect(service(file, 'frontend').environment?.API_UPSTREAM).toBe(`api:${apiPort}`);
    }
    const functionPort = service(composeFile, 'function').environment?.PORT;
    expect(portOf(service(composeFile, 'api').environment?.FUNCTION_URL)).toBe(functionPort);
  });

  it.each(SHARED)('run the same image and user for %s, checking its health the same way', (name) => {
    const { composeFile, stackFile } = files();
    const [inCompose, inStack] = [service(composeFile, name), service(stackFile, name)];
    expect(inStack.image).toBe(inCompose.image);
    expect(inStack.user).toBe(inCompose.user);
    expect(inStack.healthcheck?.test).toEqual(inCompose.healthcheck?.test);
    expect(inCompose.healthcheck?.test).toBeDefined();
  });

  it('mount the Docker socket read-only, on the API alone', () => {
    const { composeFile, stackFile } = files();
    for (const file of [composeFile, stackFile]) {
      expect(mountsSocketReadOnly(service(file, 'api'))).toBe(true);
      const others = Object.entries(file.services).filter(([name]) => name !== 'api');
      expect(others.filter(([, of]) => mountsSocket(of)).map(([name]) => name)).toEqual([]);
      expect(service(file, 'api').environment?.DOCKER_HOST).toBe(`unix://${SOCKET}`);
    }
  });

  it('keep the chain anchor (IMS_CHAIN_ANCHOR_PATH) on a named volume of the API in both', () => {
    const { composeFile, stackFile } = files();
    for (const file of [composeFile, stackFile]) {
      const api = service(file, 'api');
      const anchor = api.environment?.[ANCHOR_PATH] ?? '';
      const volume = namedVolumes(api).find((mount) => anchor.startsWith(`${mount.target}/`));
      expect(volume, anchor).toBeDefined();
      expect(Object.keys(file.volumes ?? {})).toContain(volume?.source);
    }
  });

  it('label every service as a member of the ims stack, the health dashboard reading only those', () => {
    const { composeFile, stackFile } = files();
    for (const of of Object.values(composeFile.services)) expect(of.labels?.['com.ims.stack']).toBe('ims');
    for (const of of Object.values(stackFile.services)) expect(of.deploy?.labels?.['com.ims.stack']).toBe('ims');
  });

  it('start the Compose API only once the database is healthy', () => {
    expect(service(files().composeFile, 'api').depends_on).toMatchObject({ db: { condition: 'service_healthy' } });
  });

  it('run 2+ API replicas on managers, 3 frontends and the database on its labelled node, rolling back failed updates', () => {
    const { stackFile } = files();
    const api = service(stackFile, 'api').deploy;
    expect(api?.replicas).toBeGreaterThanOrEqual(2);
    expect(api?.placement?.constraints).toContain('node.role == manager');
    expect(service(stackFile, 'frontend').deploy?.replicas).toBe(3);
    const db = service(stackFile, 'db').deploy;
    expect(db?.replicas).toBe(1);
    expect(db?.placement?.constraints).toContain('node.labels.ims.db == true');
    expect(db?.update_config?.order).toBe('stop-first');
    for (const of of Object.values(stackFile.services)) expect(of.deploy?.update_config?.failure_action).toBe('rollback');
  });

  it("point the Compose API at the function host's path, and check the host's health where it answers", () => {
    const { composeFile } = files();
    expect(new URL(service(composeFile, 'api').environment?.FUNCTION_URL ?? '').pathname).toBe(LOW_STOCK_EMAIL_PATH);
    expect(service(composeFile, 'function').healthcheck?.test).toEqual(['CMD', 'node', 'docker/healthcheck.mjs', HEALTH_PATH]);
  });

  it('run in the function image the entry point the functions workspace starts', () => {
    const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'functions', 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const entry = scripts.start?.replace(/^node /, 'functions/');
    expect(readFileSync(join(REPO_ROOT, 'docker', 'server.Dockerfile'), 'utf8')).toContain(`CMD ["node", "${entry}"]`);
  });
});
