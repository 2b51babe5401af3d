import { loadConfig } from '../../config/app-config';
import { DockerServices, type DockerServicesReport, type DockerUnavailable, type StackLogs } from './docker-services';

// Against a real engine: docker-services.deploy.spec.ts.
const dockerServicesFor = (env: Record<string, string | undefined>) => new DockerServices({ config: loadConfig(env) });

function expectUnavailable(answer: DockerServicesReport | StackLogs | DockerUnavailable, reason: RegExp): void {
  expect(answer.available).toBe(false);
  expect((answer as DockerUnavailable).reason).toMatch(reason);
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
