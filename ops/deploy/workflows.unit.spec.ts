import { validateWorkflow } from '@action-validator/core';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './deploy-files';
import {
  dockerfileStages,
  interpolatedVariables,
  readWorkflow,
  scriptsRun,
  steps,
  workflowFiles,
  workflowSource,
  type Workflow,
  type WorkflowStep,
} from './workflows';
import { match } from '../../test/matchers';

const stepRunning = (workflow: Workflow, script: string): WorkflowStep => {
  const found = steps(workflow).find((step) => scriptsRun(step.run ?? '').includes(script));
  if (!found) throw new Error(`no step runs ${script}`);
  return found;
};

const usesOf = (workflow: Workflow) => steps(workflow).map((step) => step.uses?.split('@')[0]);

describe('the GitHub workflows', () => {
  it('are ci, deploy, function and snapshots', () => {
    expect(workflowFiles()).toEqual(['ci.yml', 'deploy.yml', 'function.yml', 'snapshots.yml']);
  });

  it.each(workflowFiles())('%s is a valid workflow by the GitHub Actions schema', (file) => {
    expect(validateWorkflow(workflowSource(file)).errors).toEqual([]);
  });

  it.each(workflowFiles())('%s runs only scripts that exist in the repository and are executable', (file) => {
    const scripts = steps(readWorkflow(file)).flatMap((step) => scriptsRun(step.run ?? ''));
    for (const script of scripts) {
      expect(existsSync(join(REPO_ROOT, script)), script).toBe(true);
      if (script.endsWith('.sh')) expect(() => accessSync(join(REPO_ROOT, script), constants.X_OK), script).not.toThrow();
    }
  });

  it('ci runs .ci/run on Debian 12 with Node 20, and deploy runs that same workflow first', () => {
    const ci = readWorkflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'workflow_call']));
    expect(stepRunning(ci, '.ci/run').run).toBe('bash .ci/run');
    expect(workflowSource('ci.yml')).toMatch(/image: node:20-bookworm/);
    const deploy = readWorkflow('deploy.yml');
    expect(deploy.jobs.ci?.uses).toBe('./.github/workflows/ci.yml');
    expect(deploy.jobs.images?.needs).toBe('ci');
    expect(deploy.jobs.stack?.needs).toBe('images');
  });

  it('deploy builds every image docker-stack.yml runs, from Dockerfile stages that exist', () => {
    const stackImages = [
      ...readFileSync(join(REPO_ROOT, 'docker-stack.yml'), 'utf8').matchAll(/image: \$\{IMS_IMAGE_PREFIX:-ims\}-(\w+):/g),
    ]
      .map(([, image]) => image)
      .sort();
    const builds = readWorkflow('deploy.yml').jobs.images?.strategy?.matrix?.include ?? [];
    expect(builds.map((build) => build.image).sort()).toEqual(stackImages);
    for (const build of builds) {
      expect(existsSync(join(REPO_ROOT, build.dockerfile ?? '')), build.dockerfile).toBe(true);
      if (build.target) expect(dockerfileStages(build.dockerfile ?? '')).toContain(build.target);
    }
    const push = steps(readWorkflow('deploy.yml')).find((step) => step.uses?.startsWith('docker/build-push-action'));
    expect(push?.with?.tags).toContain('ims-${{ matrix.image }}:${{ github.sha }}');
  });

  it('deploy gives the stack every variable docker-stack.yml reads, and the commit as the image tag', () => {
    const deploy = stepRunning(readWorkflow('deploy.yml'), 'ops/deploy/deploy-stack.sh');
    expect(deploy.run).toBe('ops/deploy/deploy-stack.sh docker-stack.yml');
    const stackVariables = interpolatedVariables(readFileSync(join(REPO_ROOT, 'docker-stack.yml'), 'utf8'));
    expect(stackVariables).toContain('FUNCTION_URL');
    expect(Object.keys(deploy.env ?? {})).toEqual(expect.arrayContaining([...stackVariables]));
    expect(deploy.env?.IMS_TAG).toBe('${{ github.sha }}');
    expect(deploy.env?.IMS_IMAGE_PREFIX).toBe('${{ vars.REGISTRY }}/ims');
    expect(deploy.env?.DOCKER_CONTEXT).toBe('swarm');
  });

  it('function deploys functions/ with every setting its project.yml reads', () => {
    const workflow = readWorkflow('function.yml');
    const deploy = steps(workflow).find((step) => step.run?.startsWith('doctl serverless deploy'));
    expect(deploy?.run).toBe('doctl serverless deploy functions --remote-build');
    const projectVariables = interpolatedVariables(readFileSync(join(REPO_ROOT, 'functions', 'project.yml'), 'utf8'));
    expect(projectVariables).toContain('FUNCTION_API_KEY');
    expect(Object.keys(deploy?.env ?? {}).sort()).toEqual([...projectVariables].sort());
    expect(usesOf(workflow)).toContain('digitalocean/action-doctl');
  });

  it('snapshots runs weekly and by hand, through ops/backup/snapshot-volume.sh', () => {
    const workflow = readWorkflow('snapshots.yml');
    expect(workflow.on.schedule).toEqual([{ cron: match.stringMatching(/^\S+ \S+ \* \* [0-6]$/) }]);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    const snapshot = stepRunning(workflow, 'ops/backup/snapshot-volume.sh');
    expect(Object.keys(snapshot.env ?? {})).toEqual(expect.arrayContaining(['DB_VOLUME_ID', 'SNAPSHOT_KEEP']));
    expect(usesOf(workflow)).toContain('digitalocean/action-doctl');
  });
});
