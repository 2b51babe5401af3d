import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { loadConfig } from '../../config/app-config';
import { connectDocker } from './docker-connection';
import {
  DockerServices,
  STACK_LABEL,
  StackMemberNotFoundError,
  type DockerServicesReport,
  type DockerUnavailable,
  type StackLogs,
} from './docker-services';

// The image .ci/docker-engine.sh imports from busybox-static; the engine has no registry to pull from.
const TEST_IMAGE = process.env.IMS_TEST_IMAGE ?? 'ims-test/busybox:local';
// The engine stamps stdout and stderr lines as it reads each pipe, so lines written to both within
// the same instant may be stamped out of order; the pauses make the order the test expects certain.
const PRINTS = 'echo first line; sleep 0.3; echo second line >&2; sleep 0.3; echo third line; exec sleep 600';
const PRINTED = ['first line', 'second line', 'third line'];

const dockerServicesFor = (env: Record<string, string | undefined>) => new DockerServices({ config: loadConfig(env) });

function expectUnavailable(answer: DockerServicesReport | StackLogs | DockerUnavailable, reason: RegExp): void {
  expect(answer.available).toBe(false);
  expect((answer as DockerUnavailable).reason).toMatch(reason);
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

describe('DockerServices without a Docker engine', () => {
  it('reports the engine unavailable when no socket exists where DOCKER_HOST points', async () => {
    const services = dockerServicesFor({ DOCKER_HOST: 'unix:///nonexistent/ims/docker.sock' });
    expectUnavailable(await services.list(), /no Docker socket at \/nonexistent\/ims\/docker\.sock/);
    expectUnavailable(await services.logs('ims_api', 10), /no Docker socket/);
  });

  it('reports the engine unavailable when nothing answers at a tcp DOCKER_HOST', async () => {
    const services = dockerServicesFor({ DOCKER_HOST: 'tcp://127.0.0.1:1' });
    expectUnavailable(await services.list(), /127\.0\.0\.1:1 did not answer \(.*ECONNREFUSED/);
  });
});

// CI starts an engine (.ci/docker-engine.sh up) and sets IMS_REQUIRE_DOCKER=1, so a missing engine fails
// there; on a machine without Docker the default socket's absence is itself the behaviour under test.
const engineSocket = connectDocker(process.env.DOCKER_HOST).socketPath;
const engineExpected =
  process.env.IMS_REQUIRE_DOCKER === '1' || engineSocket === undefined || existsSync(engineSocket);

if (!engineExpected) {
  describe('DockerServices on a machine without Docker', () => {
    it('reports the engine unavailable', async () => {
      const services = dockerServicesFor({ DOCKER_HOST: process.env.DOCKER_HOST });
      expectUnavailable(await services.list(), new RegExp(`no Docker socket at ${engineSocket ?? ''}`));
    });
  });
} else {
  describe('DockerServices against a real Docker engine (Swarm manager)', () => {
    const suffix = randomBytes(4).toString('hex');
    const stack = `imstest${suffix}`;
    const otherStack = `other${suffix}`;
    const { docker } = connectDocker(process.env.DOCKER_HOST);
    const services = dockerServicesFor({ DOCKER_HOST: process.env.DOCKER_HOST, IMS_STACK_NAME: stack });
    const created: { services: string[]; containers: string[] } = { services: [], containers: [] };

    async function createService(stackName: string): Promise<{ name: string; id: string }> {
      const name = `${stackName}_printer`;
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
      return { name, id: service.id };
    }

    async function startContainer(stackName: string): Promise<string> {
      const name = `${stackName}-printer-1`;
      const container = await docker.createContainer({
        name,
        Image: TEST_IMAGE,
        Cmd: ['sh', '-c', PRINTS],
        Labels: { [STACK_LABEL]: stackName },
        HostConfig: { NetworkMode: 'none' },
      });
      created.containers.push(container.id);
      await container.start();
      return name;
    }

    let serviceName = '';
    let serviceId = '';
    let otherServiceName = '';
    let containerName = '';
    let otherContainerName = '';

    beforeAll(async () => {
      const [own, other] = await Promise.all([createService(stack), createService(otherStack)]);
      [serviceName, serviceId, otherServiceName] = [own.name, own.id, other.name];
      [containerName, otherContainerName] = await Promise.all([startContainer(stack), startContainer(otherStack)]);
    });

    afterAll(async () => {
      await Promise.all([
        ...created.services.map((id) => docker.getService(id).remove()),
        ...created.containers.map((id) => docker.getContainer(id).remove({ force: true })),
      ]);
    });

    const logsOf = (name: string, tail: number) =>
      eventually(
        () => services.logs(name, tail),
        (answer) => answer.available && answer.lines.at(-1)?.message === PRINTED.at(-1),
        `${name} printing its lines`,
      ) as Promise<StackLogs>;

    it("lists the stack's Swarm service with its image, replicas and running task, and no other stack's", async () => {
      const report = await eventually(
        () => services.list(),
        (answer) => answer.available && answer.services.some((service) => service.replicas.running === 1),
        'the service task running',
      );
      if (!report.available) throw new Error(report.reason);
      expect(report.swarmManager).toBe(true);
      expect(report.stack).toBe(stack);
      expect(report.services).toEqual([
        expect.objectContaining({
          name: serviceName,
          image: TEST_IMAGE,
          mode: 'replicated',
          replicas: { running: 1, desired: 1 },
          tasks: [expect.objectContaining({ slot: 1, state: 'running', desiredState: 'running' })],
        }),
      ]);
    });

    it("lists the stack's standalone containers and no other stack's", async () => {
      const report = await services.list();
      if (!report.available) throw new Error(report.reason);
      expect(report.containers).toEqual([
        expect.objectContaining({ name: containerName, image: TEST_IMAGE, state: 'running' }),
      ]);
      expect(JSON.stringify(report)).not.toContain(otherStack);
    });

    it("reads a service's lines in order with timestamps, stdout and stderr apart, and the task that wrote them", async () => {
      const logs = await logsOf(serviceName, 100);
      const report = await services.list();
      const taskId = report.available ? report.services[0]?.tasks[0]?.id : undefined;
      expect(logs).toMatchObject({ available: true, name: serviceName, kind: 'service' });
      expect(logs.lines.map(({ stream, message }) => ({ stream, message }))).toEqual([
        { stream: 'stdout', message: 'first line' },
        { stream: 'stderr', message: 'second line' },
        { stream: 'stdout', message: 'third line' },
      ]);
      for (const line of logs.lines) {
        expect(line.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        expect(line.taskId).toBe(taskId);
      }
    });

    it('returns only the last lines when asked for a tail', async () => {
      const logs = await logsOf(serviceName, 2);
      expect(logs.lines.map((line) => line.message)).toEqual(['second line', 'third line']);
    });

    it("reads a standalone container's lines", async () => {
      const logs = await logsOf(containerName, 100);
      expect(logs).toMatchObject({ available: true, name: containerName, kind: 'container' });
      expect(logs.lines.map((line) => line.message)).toEqual(PRINTED);
    });

    it("refuses another stack's service and container, ids and unknown names as not found", async () => {
      for (const name of [otherServiceName, otherContainerName, serviceId, `${stack}_missing`, '']) {
        await expect(services.logs(name, 10)).rejects.toBeInstanceOf(StackMemberNotFoundError);
      }
    });
  });
}
