#!/usr/bin/env bash
# Step 3 on each worker, as root, with the token init-manager.sh printed:
#   bash ops/swarm/join-worker.sh <worker-token> <manager-private-ip>
set -euo pipefail
token=${1:?usage: join-worker.sh <worker-token> <manager-private-ip>}
manager=${2:?usage: join-worker.sh <worker-token> <manager-private-ip>}
if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = active ]; then
  echo "this node is already in a Swarm"
  exit 0
fi
docker swarm join --token "$token" "$manager:2377"
