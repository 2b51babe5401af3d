import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { authHeader, seededManager } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { connectDocker } from './docker/docker-connection';
import { STACK_LABEL } from './docker/docker-services';

// The image .ci/docker-engine.sh imports from busybox-static; the engine has no registry to pull from.
const TEST_IMAGE = process.env.IMS_TEST_IMAGE ?? 'ims-test/busybox:local';
// One stream only: the engine stamps stdout and stderr as it reads them, so their order could swap.
const PRINTS = 'echo first line; echo second line; echo third line; exec sleep 600';

// As in docker-services.int.spec.ts: CI starts an engine and sets IMS_REQUIRE_DOCKER=1, so a missing engine
// fails there; on a machine without Docker the default socket's absence is itself the behaviour under test.
const engineSocket = connectDocker(process.env.DOCKER_HOST).socketPath;
const engineExpected = process.env.IMS_REQUIRE_DOCKER === '1' || engineSocket === undefined || existsSync(engineSocket);
const dockerEnv: Record<string, string> = process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {};

const suffix = randomBytes(4).toString('hex');
const stack = `imsapi${suffix}`;
const otherStack = `other${suffix}`;
let testApp: TestApp;

async function getAsManager(path: string): Promise<Response> {
  const manager = await seededManager(testApp);
  return fetch(`${testApp.baseUrl}${path}`, { headers: authHeader(manager.token) });
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let attempt = 0; attempt < 180; attempt += 1) {
    last = await read();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} never happened; last answer: ${JSON.stringify(last)}`);
}

if (!engineExpected) {
  describe('GET /api/health/services on a machine without Docker', () => {
    beforeAll(async () => {
      testApp = await startTestApp(dockerEnv);
    });
    afterAll(async () => {
      await testApp?.close();
    });

    it('answers that the default socket is missing', async () => {
      expect(await (await getAsManager('/api/health/services')).json()).toEqual({
        available: false,
        reason: 'no Docker socket at /var/run/docker.sock',
      });
    });
  });
} else {
  describe('GET /api/health/services against a real Docker engine (Swarm manager)', () => {
    const { docker } = connectDocker(process.env.DOCKER_HOST);
    const created: { services: string[]; containers: string[] } = { services: [], containers: [] };
    const serviceName = `${stack}_printer`;
    const otherServiceName = `${otherStack}_printer`;
    const containerName = `${stack}-printer-1`;
    const otherContainerName = `${otherStack}-printer-1`;

    async function createService(name: string, stackName: string): Promise<void> {
      const service = await docker.createService({
        Name: name,
        Labels: { [STACK_LABEL]: stackName },
        Mode: { Replicated: { Replicas: 1 } },
        TaskTemplate: {
          ContainerSpec: { Image: TEST_IMAGE, Command: ['sh', '-c', PRINTS] },
          RestartPolicy: { Condition: 'none' },
        },
      });
      created.services.push(service.id);
    }

    async function startContainer(name: string, stackName: string): Promise<void> {
      const container = await docker.createContainer({
        name,
        Image: TEST_IMAGE,
        Cmd: ['sh', '-c', PRINTS],
        Labels: { [STACK_LABEL]: stackName },
        HostConfig: { NetworkMode: 'none' },
      });
      created.containers.push(container.id);
      await container.start();
    }

    type Report = {
      available: boolean;
      stack: string;
      swarmManager: boolean;
      services: { name: string; image: string; replicas: { running: number; desired: number }; tasks: { state: string }[] }[];
      containers: { name: string; state: string }[];
    };
    type Logs = { available: boolean; name: string; kind: string; lines: { message: string; stream: string; timestamp: string }[] };

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

    beforeAll(async () => {
      await Promise.all([
        createService(serviceName, stack),
        createService(otherServiceName, otherStack),
        startContainer(containerName, stack),
        startContainer(otherContainerName, otherStack),
      ]);
      testApp = await startTestApp({ ...dockerEnv, IMS_STACK_NAME: stack });
    });

    afterAll(async () => {
      await testApp?.close();
      await Promise.all([
        ...created.services.map((id) => docker.getService(id).remove()),
        ...created.containers.map((id) => docker.getContainer(id).remove({ force: true })),
      ]);
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
}
