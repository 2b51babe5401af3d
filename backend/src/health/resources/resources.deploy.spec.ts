import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { authHeader, seededManager } from '../../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../../test/test-app';
import { connectDocker } from '../docker/docker-connection';
import { STACK_LABEL } from '../docker/docker-services';
import { eventually, stackMembers, TEST_IMAGE } from '../docker/testing/swarm-fixture';
import type { ContainerHistory, ResourceHistory } from './resource-sampler';

// Busy a little (CPU), and ping the network's gateway (the host) so that bytes go both ways.
const WORKS = `gw=$(ip route | awk '/default/ {print $3}'); ping -q -i 0.2 "$gw" >/dev/null 2>&1 &
while :; do seq 1 3000 >/dev/null; sleep 0.1; done`;

const dockerEnv: Record<string, string> = process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {};

describe('GET /api/health/resources against a real Docker engine', () => {
  const suffix = randomBytes(4).toString('hex');
  const stack = `imsres${suffix}`;
  const { docker } = connectDocker(process.env.DOCKER_HOST);
  const members = stackMembers(docker, 'exec sleep 600');
  let testApp: TestApp;
  let network: Docker.Network;
  let worker: Docker.Container;
  let serviceName = '';

  beforeAll(async () => {
    // A bridge network of its own: the engine of the tests runs without the default bridge (.ci/docker-engine.sh).
    network = await docker.createNetwork({ Name: `${stack}-net`, Driver: 'bridge', Labels: { [STACK_LABEL]: stack } });
    worker = await docker.createContainer({
      name: `${stack}-worker-1`,
      Image: TEST_IMAGE,
      Cmd: ['sh', '-c', WORKS],
      Labels: { [STACK_LABEL]: stack },
      HostConfig: { NetworkMode: `${stack}-net` },
    });
    await worker.start();
    serviceName = (await members.createService(stack)).name;
    testApp = await startTestApp({ ...dockerEnv, IMS_STACK_NAME: stack, IMS_HEALTH_SAMPLE_SECONDS: '1' });
  });

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- still unset when beforeAll failed before creating it
    await testApp?.close();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- idem
    await worker?.remove({ force: true });
    await members.removeAll();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- idem
    await network?.remove();
  });

  const history = async (): Promise<ResourceHistory> => {
    const manager = await seededManager(testApp);
    const response = await fetch(`${testApp.baseUrl}/api/health/resources`, { headers: authHeader(manager.token) });
    expect(response.status).toBe(200);
    return (await response.json()) as ResourceHistory;
  };

  const itemNamed = (answer: ResourceHistory, name: string): ContainerHistory | undefined =>
    answer.containers.items.find((item) => item.name === name || item.service === name);

  it("samples a running container's CPU, memory, block I/O and network I/O, as `docker stats` shows them", async () => {
    const answer = await eventually(
      history,
      (candidate) => (itemNamed(candidate, `${stack}-worker-1`)?.samples.filter((sample) => (sample.cpuPercent ?? 0) > 0).length ?? 0) >= 2,
      'two samples of the worker using CPU',
    );
    expect(answer.containers).toMatchObject({ available: true, reason: null });
    const worker = itemNamed(answer, `${stack}-worker-1`)!;
    expect(worker).toMatchObject({ service: null, running: true, error: null });
    const latest = worker.samples.at(-1)!;
    expect(latest.cpuPercent).toBeGreaterThan(0);
    expect(latest.memoryUsedBytes).toBeGreaterThan(0);
    expect(latest.memoryLimitBytes).toBeGreaterThan(latest.memoryUsedBytes);
    expect(latest.blockReadBytes).toBeGreaterThanOrEqual(0);
    expect(latest.blockWriteBytesPerSecond).toBeGreaterThanOrEqual(0);
    expect(latest.networkRxBytes).toBeGreaterThan(0);
    expect(latest.networkTxBytes).toBeGreaterThan(0);
    expect(latest.networkTxBytesPerSecond).toBeGreaterThan(0);
    expect(answer.host.samples.length).toBeGreaterThanOrEqual(2);
  });

  it('names the Swarm service whose task a container runs, and samples it too', async () => {
    const answer = await eventually(
      history,
      (candidate) => (itemNamed(candidate, serviceName)?.samples.length ?? 0) >= 1,
      'a sample of the service',
    );
    const task = itemNamed(answer, serviceName)!;
    expect(task.name).toMatch(new RegExp(`^${serviceName}\\.1\\.`));
    expect(task.samples.at(-1)!.memoryUsedBytes).toBeGreaterThan(0);
  });

  it('keeps a stopped container with running: false and samples no more of it', async () => {
    await worker.stop({ t: 0 });
    const answer = await eventually(
      history,
      (candidate) => itemNamed(candidate, `${stack}-worker-1`)?.running === false,
      'the worker seen stopped',
    );
    const samples = itemNamed(answer, `${stack}-worker-1`)!.samples.length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(itemNamed(await history(), `${stack}-worker-1`)!.samples).toHaveLength(samples);
  });
});
