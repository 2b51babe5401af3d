import { join } from 'node:path';
import { NO_ENGINE, runScript } from './swarm-script';

// Against a Swarm manager: run-ops.deploy.spec.ts.
describe('ops/deploy/run-ops.sh without a Docker engine', () => {
  it('fails, naming the API service it looked for', async () => {
    const result = await runScript(join(__dirname, 'run-ops.sh'), ['status'], { ...NO_ENGINE, IMS_STACK: 'ims' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no service ims_api');
  });
});
