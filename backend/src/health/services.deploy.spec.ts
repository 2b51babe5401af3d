import { randomBytes } from 'node:crypto';
import { authHeader, seededManager } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { connectDocker } from './docker/docker-connection';
import { eventually, stackMembers, TEST_IMAGE } from './docker/testing/swarm-fixture';

// One stream only: the engine stamps stdout and stderr as it reads them, so their order could swap.
const PRINTS = 'echo first line; echo second line; echo third line; exec sleep 600';

const dockerEnv: Record<string, string> = process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {};

const suffix = randomBytes(4).toString('hex');
const stack = `imsapi${suffix}`;
const otherStack = `other${suffix}`;
let testApp: TestApp;

async function getAsManager(path: string): Promise<Response> {
  const manager = await seededManager(testApp);
  return fetch(`${testApp.baseUrl}${path}`, { headers: authHeader(manager.token) });
}

describe('GET /api/health/services against a real Docker engine (Swarm manager)', () => {
  const members = stackMembers(connectDocker(process.env.DOCKER_HOST).docker, PRINTS);

  interface Report {
    available: boolean;
    stack: string;
    swarmManager: boolean;
    services: { name: string; image: string; replicas: { running: number; desired: number }; tasks: { state: string }[] }[];
    containers: { name: string; state: string }[];
  }
  interface Logs {
    available: boolean;
    name: string;
    kind: string;
    lines: { message: string; stream: string; timestamp: string }[];
  }

  const report = async () => {
    const response = await getAsManager('/api/health/services');
    expect(response.status).toBe(200);
    return (await response.json()) as Report;
  };

  const logsOf = (name: string, tail: number) =>
    eventually(
      async () => {
        const response = await getAsManager(`/api/health/services/${encodeURIComponent(name)}/logs?tail=${tail}`);
        expect(response.status).toBe(200);
        return (await response.json()) as Logs;
      },
      (logs) => logs.lines.at(-1)?.message === 'third line',
      `${name} printing its lines`,
    );

  let serviceName = '';
  let otherServiceName = '';
  let containerName = '';
  let otherContainerName = '';

  beforeAll(async () => {
    const [own, other] = await Promise.all([members.createService(stack), members.createService(otherStack)]);
    [serviceName, otherServiceName] = [own.name, other.name];
    [containerName, otherContainerName] = await Promise.all([members.startContainer(stack), members.startContainer(otherStack)]);
    testApp = await startTestApp({ ...dockerEnv, IMS_STACK_NAME: stack });
  });

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- still unset when beforeAll failed before creating it
    await testApp?.close();
    await members.removeAll();
  });

  it("lists the stack's Swarm service with its replicas and task, and its containers, and nothing of another stack", async () => {
    const answer = await eventually(report, (r) => r.services[0]?.replicas.running === 1, 'the service task running');
    expect(answer).toMatchObject({ available: true, stack, swarmManager: true });
    expect(answer.services).toEqual([
      expect.objectContaining({
        name: serviceName,
        image: TEST_IMAGE,
        replicas: { running: 1, desired: 1 },
        tasks: [expect.objectContaining({ state: 'running' })],
      }),
    ]);
    expect(answer.containers).toEqual([expect.objectContaining({ name: containerName, state: 'running' })]);
    expect(JSON.stringify(answer)).not.toContain(otherStack);
  });

  it('gives the last N lines a Swarm service printed, oldest first, with timestamps', async () => {
    const logs = await logsOf(serviceName, 2);
    expect(logs).toMatchObject({ available: true, name: serviceName, kind: 'service' });
    expect(logs.lines.map(({ stream, message }) => ({ stream, message }))).toEqual([
      { stream: 'stdout', message: 'second line' },
      { stream: 'stdout', message: 'third line' },
    ]);
    for (const line of logs.lines) expect(line.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it("gives a standalone container's lines", async () => {
    const logs = await logsOf(containerName, 100);
    expect(logs).toMatchObject({ available: true, name: containerName, kind: 'container' });
    expect(logs.lines.map((line) => line.message)).toEqual(['first line', 'second line', 'third line']);
  });

  it("answers 404 problem+json for another stack's service or container, never its logs", async () => {
    for (const name of [otherServiceName, otherContainerName]) {
      const response = await getAsManager(`/api/health/services/${name}/logs`);
      expect(response.status, name).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const body = await response.text();
      expect(body).toContain('/problems/not-found');
      expect(body).not.toContain('first line');
    }
  });
});
