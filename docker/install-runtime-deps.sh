#!/bin/sh
# Installs the production dependencies of the given workspaces and lays them out under /out the way
# the compiled code in dist/ finds them.
#   install-runtime-deps.sh db backend functions ops
set -eu
flags=''
for workspace in "$@"; do flags="$flags -w $workspace"; done
# Optional dependencies are left out: the embedded PostgreSQL binaries (~60 MB) serve `npm start` on
# a laptop, never a container, which always has DATABASE_URL.
# shellcheck disable=SC2086
npm ci $flags --omit=dev --omit=optional --no-audit --no-fund
mkdir -p /out/dist
cp -a node_modules package.json /out/
# A workspace's own node_modules holds versions that clash with the root's; its compiled code lives
# under dist/<workspace>, so that is where Node must find them.
for workspace in "$@"; do
  if [ -d "$workspace/node_modules" ]; then
    mkdir -p "/out/dist/$workspace"
    cp -a "$workspace/node_modules" "/out/dist/$workspace/"
  fi
done
