#!/usr/bin/env bash
# Step 5 on the manager, as root: pins the database to the node holding its volume.
#   bash ops/swarm/label-db-node.sh <node hostname>
# Exactly one node carries the label: two would let Swarm start PostgreSQL on a node without the data.
set -euo pipefail
node=${1:?usage: label-db-node.sh <node hostname, see docker node ls>}
for labelled in $(docker node ls -q --filter node.label=ims.db=true); do
  docker node update --label-rm ims.db "$labelled" >/dev/null
done
docker node update --label-add ims.db=true "$node" >/dev/null
docker node ls --filter node.label=ims.db=true --format 'database node: {{.Hostname}} ({{.Status}})'
