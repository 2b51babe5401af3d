#!/usr/bin/env bash
# A throwaway Docker engine for the tests: `up` starts dockerd as a one-node Swarm manager and
# imports a busybox image; `down` stops exactly what `up` started. Installs nothing: .ci/run
# installs Debian's docker.io and busybox-static first.
#   .ci/docker-engine.sh up | down
set -euo pipefail

STATE_DIR=${IMS_DOCKER_STATE_DIR:-/tmp/ims-docker-engine}
SOCKET=/var/run/docker.sock
# The image the Docker tests run their services from (backend/src/health/docker/testing/swarm-fixture.ts
# and ops/deploy/swarm-script.ts read the same name).
TEST_IMAGE=${IMS_TEST_IMAGE:-ims-test/busybox:local}

export DOCKER_HOST=unix://$SOCKET

engine_answers() { docker info >/dev/null 2>&1; }

start_dockerd() {
  if engine_answers; then
    echo "docker-engine: an engine already answers on $SOCKET; using it"
    return
  fi
  # vfs, no iptables and no bridge: the only combination that runs inside this CI's VM and
  # needs no kernel modules. Containers get no network, which the tests do not need.
  dockerd --storage-driver=vfs --iptables=false --bridge=none \
    --host "$DOCKER_HOST" --pidfile "$STATE_DIR/dockerd.pid" \
    >"$STATE_DIR/dockerd.log" 2>&1 &
  echo $! >"$STATE_DIR/dockerd.started"
  for _ in $(seq 1 60); do
    engine_answers && return
    sleep 1
  done
  echo "docker-engine: dockerd did not answer within 60 s; its log:" >&2
  tail -n 50 "$STATE_DIR/dockerd.log" >&2
  exit 1
}

init_swarm() {
  if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = active ]; then
    echo "docker-engine: already a Swarm node; leaving it as it is"
    return
  fi
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  touch "$STATE_DIR/swarm.started"
}

import_busybox() {
  local root
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp"
  # busybox-static's /bin/busybox needs no libraries, so it alone makes a working root.
  cp /bin/busybox "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/bin' --change 'CMD ["/bin/sh"]' - "$TEST_IMAGE" >/dev/null
  rm -rf "$root"
}

up() {
  mkdir -p "$STATE_DIR"
  start_dockerd
  init_swarm
  import_busybox
  echo "docker-engine: up ($(docker version --format '{{.Server.Version}}'), Swarm manager, image $TEST_IMAGE)"
}

down() {
  if [ -e "$STATE_DIR/swarm.started" ]; then
    docker swarm leave --force >/dev/null 2>&1 || true
    rm -f "$STATE_DIR/swarm.started"
  fi
  if [ -e "$STATE_DIR/dockerd.started" ]; then
    local pid
    pid=$(cat "$STATE_DIR/dockerd.started")
    if kill "$pid" 2>/dev/null; then
      # dockerd stops the running containers first, each within its stop timeout (10 s by default).
      for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
      done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$STATE_DIR/dockerd.started"
  fi
  echo "docker-engine: down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *)
    echo "usage: $0 up|down" >&2
    exit 2
    ;;
esac
