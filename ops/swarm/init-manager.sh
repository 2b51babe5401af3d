#!/usr/bin/env bash
# Step 2 on the manager, once, as root:
#   bash ops/swarm/init-manager.sh <private-ip-of-this-droplet>
# Starts the Swarm and prints the command that joins a worker.
set -euo pipefail
advertise=${1:?usage: init-manager.sh <private-ip-of-this-droplet>}
if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = active ]; then
  echo "this node is already in a Swarm"
else
  docker swarm init --advertise-addr "$advertise"
fi
echo
echo "On each worker, as root:"
echo "  bash ops/swarm/join-worker.sh $(docker swarm join-token -q worker) $advertise"
