import { connectDocker } from './docker-connection';

describe('connectDocker', () => {
  it('reads the default socket when DOCKER_HOST is unset or blank', () => {
    for (const dockerHost of [undefined, '', ' ']) {
      expect(connectDocker(dockerHost)).toMatchObject({ location: '/var/run/docker.sock', socketPath: '/var/run/docker.sock' });
    }
  });

  it('reads a unix:// socket, and a tcp:// host on its port or 2375', () => {
    expect(connectDocker('unix:///run/user/1000/docker.sock')).toMatchObject({ socketPath: '/run/user/1000/docker.sock' });
    expect(connectDocker('tcp://docker.internal:2376')).toMatchObject({ location: 'docker.internal:2376' });
    expect(connectDocker('tcp://docker.internal')).toMatchObject({ location: 'docker.internal:2375' });
  });
});
