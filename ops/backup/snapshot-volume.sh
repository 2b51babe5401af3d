#!/usr/bin/env bash
# Snapshots the DigitalOcean volume that holds PostgreSQL's data directory, then deletes this
# volume's oldest ims-db-* snapshots beyond the newest SNAPSHOT_KEEP (default 8).
#   DIGITALOCEAN_ACCESS_TOKEN=... ops/backup/snapshot-volume.sh <volume id>
# (doctl compute volume list shows the id.) Run weekly by .github/workflows/snapshots.yml.
# The snapshot is crash-consistent: the data directory and its WAL are on this one volume, so a
# PostgreSQL started from it recovers as after a power cut, losing no committed transaction.
set -euo pipefail
volume=${1:?usage: snapshot-volume.sh <volume id>}
keep=${SNAPSHOT_KEEP:-8}
[[ $keep =~ ^[1-9][0-9]*$ ]] || { echo "SNAPSHOT_KEEP must be 1 or more, not '$keep'" >&2; exit 1; }

# The UTC timestamp in the name makes name order the order the snapshots were taken in.
name="ims-db-$(date -u +%Y%m%dT%H%M%SZ)"
doctl compute volume snapshot "$volume" --snapshot-name "$name" --tag ims-db \
  --snapshot-desc "IMS PostgreSQL volume, $(date -u +%Y-%m-%dT%H:%M:%SZ)" --format ID,Name --no-header
echo "snapshot $name of volume $volume taken"

# Only this volume's snapshots named by this script: others in the account are never touched.
mapfile -t snapshots < <(
  doctl compute snapshot list 'ims-db-*' --resource volume --format ID,Name,ResourceId --no-header |
    awk -v volume="$volume" '$3 == volume && $2 ~ /^ims-db-[0-9]+T[0-9]+Z$/ { print $2, $1 }' |
    sort -r
)
if ! printf '%s\n' "${snapshots[@]}" | grep -q "^$name "; then
  echo "the new snapshot $name is not listed; deleting none" >&2
  exit 1
fi
for snapshot in "${snapshots[@]:keep}"; do
  id=${snapshot#* }
  doctl compute snapshot delete "$id" --force
  echo "deleted ${snapshot% *} ($id)"
done
echo "$(( ${#snapshots[@]} < keep ? ${#snapshots[@]} : keep )) snapshots of volume $volume kept"
