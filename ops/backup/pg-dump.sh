#!/usr/bin/env bash
# Logical backup of the event store and everything else in the database: pg_dump's custom format
# (-Fc), checked to be readable, the newest BACKUP_KEEP (default 14) kept. The hash chain's anchor
# (IMS_CHAIN_ANCHOR_PATH, else $IMS_DATA_DIR/chain-anchor.json) is saved beside it as
# <dump>.anchor.json, copied before the dump starts so that every event it records is in the dump.
#   ops/backup/pg-dump.sh [backup directory, default ./backups]
# Where the database is: see database.sh (DATABASE_URL, or the db container on this node).
# From cron on the database node, e.g. daily at 02:15:
#   15 2 * * * cd /opt/ims && ops/backup/pg-dump.sh /var/backups/ims >>/var/log/ims-backup.log 2>&1
set -euo pipefail
# shellcheck source=ops/backup/database.sh
. "$(dirname "$0")/database.sh"

dir=${1:-${BACKUP_DIR:-./backups}}
keep=${BACKUP_KEEP:-14}
mkdir -p "$dir"
file="$dir/ims-$(date -u +%Y%m%dT%H%M%SZ).dump"

anchor=${IMS_CHAIN_ANCHOR_PATH:-${IMS_DATA_DIR:+$IMS_DATA_DIR/chain-anchor.json}}
saved_anchor=''
if [ -n "$anchor" ] && [ -r "$anchor" ]; then
  cp "$anchor" "$file.anchor.json.partial"
  saved_anchor="$file.anchor.json"
else
  echo "warning: no chain anchor at '${anchor:-(IMS_CHAIN_ANCHOR_PATH not set)}': this dump is saved without one" >&2
fi

# Written under another name first, so that a dump cut short never passes for a backup.
pg pg_dump --format=custom >"$file.partial"
# Listing reads the archive's table of contents: a truncated or foreign file fails here.
# (grep reads it all: with -q it would stop early and fail pg_restore's write under pipefail.)
if ! pg_tool pg_restore --list <"$file.partial" | grep 'TABLE DATA public events ' >/dev/null; then
  echo "the dump holds no data of the events table: $file.partial kept for inspection" >&2
  exit 1
fi
mv "$file.partial" "$file"
[ -z "$saved_anchor" ] || mv "$saved_anchor.partial" "$saved_anchor"
echo "$file $(du -h "$file" | cut -f1)${saved_anchor:+ (chain anchor: $saved_anchor)}"

find "$dir" -maxdepth 1 -name 'ims-*.dump' -type f | sort -r | tail -n +"$((keep + 1))" | while read -r old; do
  rm -f -- "$old" "$old.anchor.json"
done
