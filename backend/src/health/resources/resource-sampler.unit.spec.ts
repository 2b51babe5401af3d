import { match } from '../../../../test/matchers';
import { loadConfig } from '../../config/app-config';
import type { ContainerStats } from '../docker/container-figures';
import type { DockerServices } from '../docker/docker-services';
import { ResourceSampler } from './resource-sampler';

type Source = Pick<DockerServices, 'runningContainers' | 'stats'>;

const API = { id: 'a1', name: 'ims-api-1', service: null };
const DB = { id: 'd1', name: 'ims-db-1', service: null };

const stats = (read: string, rxBytes: number): ContainerStats => ({
  read,
  cpu_stats: { cpu_usage: { total_usage: 2_000 }, system_cpu_usage: 20_000, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 10_000, online_cpus: 2 },
  memory_stats: { usage: 4096, limit: 8192 },
  networks: { eth0: { rx_bytes: rxBytes, tx_bytes: 0 } },
});

/** An engine that answers each sampling from the next script entry: the running containers, or the error listing them throws. */
function scriptedEngine(script: readonly (readonly (typeof API)[] | Error)[], failingStats: ReadonlySet<string>): Source {
  // Docker stamps each reading with its own clock; a fixed date would fall out of the hour kept once the test runs an hour later.
  const started = Date.now();
  let sampling = 0;
  return {
    runningContainers: () => {
      const next = script[Math.min(sampling, script.length - 1)];
      sampling += 1;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve({ available: true as const, containers: next ?? [] });
    },
    stats: (id) =>
      failingStats.has(id)
        ? Promise.reject(new Error(`no such container: ${id}`))
        : Promise.resolve(stats(new Date(started + sampling * 1000).toISOString(), sampling * 1000)),
  };
}

const samplerOn = (engine: Source) => new ResourceSampler({ config: loadConfig({ IMS_HEALTH_SAMPLE_SECONDS: '10' }) }, engine);

describe('ResourceSampler', () => {
  it("records the host from /proc and each container's figures, and keeps an hour of samples", async () => {
    const sampler = samplerOn(scriptedEngine([[API]], new Set()));
    await sampler.sample();
    // The CPUs' counters move in ticks of 10 ms: two readings within one tick could not tell busy from idle.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sampler.sample();
    const history = sampler.history();
    expect(history).toMatchObject({ sampledEverySeconds: 10, historySeconds: 3600 });
    expect(history.host).toMatchObject({ available: true, reason: null });
    expect(history.host.samples).toHaveLength(2);
    expect(history.host.samples[1]?.memoryTotalBytes).toBeGreaterThan(0);
    expect(history.host.samples[1]?.cpuPercent).toEqual(expect.any(Number));
    expect(history.containers).toMatchObject({ available: true, reason: null });
    expect(history.containers.items).toEqual([
      expect.objectContaining({ ...API, running: true, error: null, samples: [expect.anything(), expect.anything()] }),
    ]);
    expect(history.containers.items[0]?.samples[1]).toMatchObject({ cpuPercent: 20, memoryUsedBytes: 4096, networkRxBytesPerSecond: 1000 });
  });

  it('records a failed reading of one container and a failed listing, and goes on sampling', async () => {
    const sampler = samplerOn(scriptedEngine([[API, DB], new Error('connect ECONNRESET'), [API, DB]], new Set([DB.id])));
    await sampler.sample();
    expect(sampler.history().containers.items).toEqual([
      expect.objectContaining({ name: API.name, error: null, samples: [expect.anything()] }),
      expect.objectContaining({ name: DB.name, error: match.stringMatching(/no such container: d1/), samples: [] }),
    ]);

    await sampler.sample();
    const failed = sampler.history();
    expect(failed.containers).toMatchObject({
      available: false,
      reason: match.stringMatching(/failed to list the containers \(connect ECONNRESET\)/),
    });
    expect(failed.containers.items.map(({ name, running }) => ({ name, running }))).toEqual([{ name: API.name, running: false }]);
    expect(failed.host.samples).toHaveLength(2);

    await sampler.sample();
    const recovered = sampler.history();
    expect(recovered.containers).toMatchObject({ available: true, reason: null });
    expect(recovered.containers.items[0]).toMatchObject({ name: API.name, running: true, samples: [expect.anything(), expect.anything()] });
  });

  it('samples at start and every interval until the module is destroyed, on a timer that never holds the process open', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const engine = scriptedEngine([[]], new Set());
      const listed = vi.spyOn(engine, 'runningContainers');
      const sampler = samplerOn(engine);
      const created = vi.spyOn(globalThis, 'setInterval');
      sampler.onApplicationBootstrap();
      expect((created.mock.results[0]?.value as NodeJS.Timeout).hasRef()).toBe(false);
      await sampler.sample();
      expect(listed).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(listed).toHaveBeenCalledTimes(2);
      await sampler.onModuleDestroy();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(listed).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
