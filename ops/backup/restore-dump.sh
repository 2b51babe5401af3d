#!/usr/bin/env bash
# Restores a pg-dump.sh backup into a NEW database on the same server; never touches an existing one.
#   ops/backup/restore-dump.sh <file.dump> <new database name, e.g. ims_restored>
# Then ops/RUNBOOK.md ("B. From a logical dump") switches the API over to it.
# Where the server is: see database.sh (DATABASE_URL, or the db container on this node).
set -euo pipefail
# shellcheck source=ops/backup/database.sh
. "$(dirname "$0")/database.sh"

usage='usage: restore-dump.sh <file.dump> <new database name>'
dump=${1:?$usage}
target=${2:?$usage}
[[ $target =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "database name: lower-case letters, digits and _ only" >&2; exit 1; }
[ -r "$dump" ] || { echo "cannot read $dump" >&2; exit 1; }

if [ "$(pg psql --tuples-only --no-align --command="SELECT count(*) FROM pg_database WHERE datname = '$target'")" != 0 ]; then
  echo "database $target exists already; choose a new name" >&2
  exit 1
fi
pg psql --quiet --command="CREATE DATABASE $target"
pg --database "$target" pg_restore --no-owner --exit-on-error <"$dump"
events=$(pg --database "$target" psql --tuples-only --no-align --command='SELECT count(*) FROM events')
echo "restored $dump into database $target: $events events"
if [ -r "$dump.anchor.json" ]; then
  echo "the chain anchor saved with it: $dump.anchor.json; after repair-restore, check the restored log against it and make it the app's:"
  echo "  npm run ops -- verify-chain --anchor $dump.anchor.json --adopt"
fi
