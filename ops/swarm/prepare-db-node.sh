#!/usr/bin/env bash
# Step 4 on the node the DigitalOcean volume is attached to, as root:
#   bash ops/swarm/prepare-db-node.sh /mnt/ims_db
# Checks the volume is mounted (DigitalOcean mounts it at /mnt/<volume_name> and adds it to
# /etc/fstab when created with "automatically format & mount") and makes PostgreSQL's directory on it.
set -euo pipefail
mount_point=${1:?usage: prepare-db-node.sh <volume mount point, e.g. /mnt/ims_db>}
if ! mountpoint -q "$mount_point"; then
  echo "$mount_point is not a mount point: attach and mount the volume first (see ops/RUNBOOK.md)" >&2
  exit 1
fi
# 999 is the postgres user of the official postgres image; the directory must be its own.
install -d -m 0700 -o 999 -g 999 "$mount_point/postgres"
echo "PostgreSQL data directory ready: $mount_point/postgres (IMS_DB_DATA_DIR)"
echo "Now, on the manager: bash ops/swarm/label-db-node.sh $(hostname)"
