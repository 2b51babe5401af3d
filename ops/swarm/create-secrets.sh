#!/usr/bin/env bash
# Step 6 on the manager, once, as root: the stack's Docker secrets (docker-stack.yml, `secrets:`).
#   FUNCTION_API_KEY=<the key the function was deployed with> bash ops/swarm/create-secrets.sh
# ADMIN_PASSWORD may be given too; whatever is not given is generated. Generated values are printed
# once: keep the admin password, and put FUNCTION_API_KEY into the function's deployment secrets.
set -euo pipefail
random() { openssl rand -hex 24; }
exists() { docker secret inspect "ims_$1" >/dev/null 2>&1; }

create() {
  local name=ims_$1 value=$2
  if exists "$1"; then
    echo "$name exists; left as it is (docker secret rm $name to replace it)"
    return
  fi
  printf '%s' "$value" | docker secret create "$name" - >/dev/null
  echo "$name created"
}

# The database URL holds PostgreSQL's password: the two are made together or not at all.
if exists postgres_password && exists database_url; then
  echo "ims_postgres_password and ims_database_url exist; left as they are"
elif exists postgres_password || exists database_url; then
  echo "only one of ims_postgres_password and ims_database_url exists; remove it and run again" >&2
  exit 1
else
  postgres_password=$(random)
  create postgres_password "$postgres_password"
  create database_url "postgres://ims:$postgres_password@db:5432/ims"
fi
create jwt_secret "$(openssl rand -base64 48 | tr -d '\n')"

if [ -z "${ADMIN_PASSWORD:-}" ] && ! exists admin_password; then
  ADMIN_PASSWORD=$(random)
  echo "generated admin password (user ${ADMIN_USERNAME:-manager}): $ADMIN_PASSWORD"
fi
create admin_password "${ADMIN_PASSWORD:-}"

if [ -z "${FUNCTION_API_KEY:-}" ] && ! exists function_api_key; then
  FUNCTION_API_KEY=$(random)
  echo "generated FUNCTION_API_KEY (set it as the repository secret the function deploys with): $FUNCTION_API_KEY"
fi
create function_api_key "${FUNCTION_API_KEY:-}"
