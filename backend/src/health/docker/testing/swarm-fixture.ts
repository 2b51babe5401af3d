import type Docker from 'dockerode';
import { STACK_LABEL } from '../docker-services';

/** The image .ci/docker-engine.sh imports from busybox-static; the engine has no registry to pull from. */
export const TEST_IMAGE = process.env.IMS_TEST_IMAGE ?? 'ims-test/busybox:local';

export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let attempt = 0; attempt < 180; attempt += 1) {
    last = await read();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} never happened; last answer: ${JSON.stringify(last)}`);
}

/** Members of a stack made for a test, a Swarm service and a plain container each running `script`; `removeAll` clears them. */
export function stackMembers(docker: Docker, script: string) {
  const created: { services: string[]; containers: string[] } = { services: [], containers: [] };
  return {
    async createService(stackName: string): Promise<{ name: string; id: string }> {
      const name = `${stackName}_printer`;
      const service = await docker.createService({
        Name: name,
        Labels: { [STACK_LABEL]: stackName },
        Mode: { Replicated: { Replicas: 1 } },
        TaskTemplate: {
          ContainerSpec: { Image: TEST_IMAGE, Command: ['sh', '-c', script] },
          RestartPolicy: { Condition: 'none' },
        },
      });
      created.services.push(service.id);
      return { name, id: service.id };
    },

    async startContainer(stackName: string): Promise<string> {
      const name = `${stackName}-printer-1`;
      const container = await docker.createContainer({
        name,
        Image: TEST_IMAGE,
        Cmd: ['sh', '-c', script],
        Labels: { [STACK_LABEL]: stackName },
        HostConfig: { NetworkMode: 'none' },
      });
      created.containers.push(container.id);
      await container.start();
      return name;
    },

    removeAll: () =>
      Promise.all([
        ...created.services.map((id) => docker.getService(id).remove()),
        ...created.containers.map((id) => docker.getContainer(id).remove({ force: true })),
      ]),
  };
}
