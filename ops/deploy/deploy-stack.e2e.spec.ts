import { join } from 'node:path';
import { NO_ENGINE, runScript } from './swarm-script';

// Against a Swarm manager: deploy-stack.deploy.spec.ts.
describe('ops/deploy/deploy-stack.sh without a Docker engine', () => {
  it('fails without deploying anything, saying why', async () => {
    const result = await runScript(join(__dirname, 'deploy-stack.sh'), ['docker-stack.yml'], { ...NO_ENGINE, IMS_STACK: 'ims' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('deploy-stack: cannot reach the Docker engine, nothing deployed');
    expect(result.stdout).toBe('');
  });
});
