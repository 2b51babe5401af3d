import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../config/app-config';
import { connectDocker } from './docker-connection';
import { DockerServices, StackMemberNotFoundError, type StackLogs } from './docker-services';
import { eventually, stackMembers, TEST_IMAGE } from './testing/swarm-fixture';
// The engine stamps stdout and stderr lines as it reads each pipe, so lines written to both within
// the same instant may be stamped out of order; the pauses make the order the test expects certain.
const PRINTS = 'echo first line; sleep 0.3; echo second line >&2; sleep 0.3; echo third line; exec sleep 600';
const PRINTED = ['first line', 'second line', 'third line'];

const dockerServicesFor = (env: Record<string, string | undefined>) => new DockerServices({ config: loadConfig(env) });

describe('DockerServices against a real Docker engine (Swarm manager)', () => {
  const suffix = randomBytes(4).toString('hex');
  const stack = `imstest${suffix}`;
  const otherStack = `other${suffix}`;
  const { docker } = connectDocker(process.env.DOCKER_HOST);
  const services = dockerServicesFor({ DOCKER_HOST: process.env.DOCKER_HOST, IMS_STACK_NAME: stack });
  const members = stackMembers(docker, PRINTS);

  let serviceName = '';
  let serviceId = '';
  let otherServiceName = '';
  let containerName = '';
  let otherContainerName = '';

  beforeAll(async () => {
    const [own, other] = await Promise.all([members.createService(stack), members.createService(otherStack)]);
    [serviceName, serviceId, otherServiceName] = [own.name, own.id, other.name];
    [containerName, otherContainerName] = await Promise.all([members.startContainer(stack), members.startContainer(otherStack)]);
  });

  afterAll(() => members.removeAll());

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
    expect(report.containers).toEqual([expect.objectContaining({ name: containerName, image: TEST_IMAGE, state: 'running' })]);
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
