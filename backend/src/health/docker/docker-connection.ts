import Dockerode from 'dockerode';

const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

// Long enough for a few thousand log lines, short enough that a dashboard never hangs on a stuck engine.
const REQUEST_TIMEOUT_MS = 10_000;

export interface DockerConnection {
  readonly docker: Dockerode;
  /** Where the engine is expected, for messages: a socket path or a host:port. */
  readonly location: string;
  /** Set for a Unix socket: whether the file exists tells "no engine here" from "engine not answering". */
  readonly socketPath?: string;
}

/**
 * A client for `DOCKER_HOST` (`unix:///path`, a bare socket path, or `tcp://host:port`), or for the
 * default socket when unset. TLS (`DOCKER_TLS_VERIFY`) is not supported: the API reads its own
 * node's socket, mounted read-only.
 */
export function connectDocker(dockerHost: string | undefined): DockerConnection {
  const target = dockerHost?.trim() || `unix://${DEFAULT_DOCKER_SOCKET}`;
  if (target.startsWith('tcp://') || target.startsWith('http://')) {
    const url = new URL(target.replace(/^tcp:/, 'http:'));
    const port = url.port || '2375';
    return {
      docker: new Dockerode({ protocol: 'http', host: url.hostname, port, timeout: REQUEST_TIMEOUT_MS }),
      location: `${url.hostname}:${port}`,
    };
  }
  const socketPath = target.replace(/^unix:\/\//, '');
  return {
    docker: new Dockerode({ socketPath, timeout: REQUEST_TIMEOUT_MS }),
    location: socketPath,
    socketPath,
  };
}
