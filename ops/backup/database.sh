# shellcheck shell=bash
# Sourced by the backup scripts: runs PostgreSQL's client tools against the IMS database.
# DATABASE_URL set: the tools of this machine (version 15 or later) against that server.
# Unset: the tools inside the stack's running db container on this node (Swarm service
# <IMS_STACK>_db, or Compose service db), which match the server's version; they connect as the
# image's `ims` user over the container's local socket.

IMS_STACK=${IMS_STACK:-ims}

db_container() {
  local id
  id=$(docker ps -q --filter "label=com.docker.swarm.service.name=${IMS_STACK}_db" | head -n 1)
  [ -n "$id" ] || id=$(docker ps -q --filter "label=com.ims.stack=$IMS_STACK" --filter label=com.docker.compose.service=db | head -n 1)
  if [ -z "$id" ]; then
    echo "no running db container of stack '$IMS_STACK' on this node; run this on the database node, or set DATABASE_URL" >&2
    return 1
  fi
  echo "$id"
}

# pg_tool <tool> [args...]: the tool here or in the db container; stdin and stdout pass through.
pg_tool() {
  if [ -n "${DATABASE_URL:-}" ]; then
    "$@"
  else
    local container
    container=$(db_container)
    docker exec -i "$container" "$@"
  fi
}

# DATABASE_URL with another database name: postgres://user:pass@host:port/<name>?options
url_for_database() {
  if [[ $DATABASE_URL =~ ^([a-z]+://[^/?]+)(/[^?]*)?(\?.*)?$ ]]; then
    echo "${BASH_REMATCH[1]}/$1${BASH_REMATCH[3]}"
  else
    echo "DATABASE_URL is not a postgres://user:password@host:port/database URL" >&2
    return 1
  fi
}

# pg [--database <name>] <tool> [args...]: the tool connected to the IMS database, or to <name>.
pg() {
  local database=''
  if [ "$1" = --database ]; then
    database=$2
    shift 2
  fi
  local tool=$1
  shift
  if [ -n "${DATABASE_URL:-}" ]; then
    local url=$DATABASE_URL
    [ -z "$database" ] || url=$(url_for_database "$database")
    pg_tool "$tool" --dbname="$url" "$@"
  else
    pg_tool "$tool" --username=ims --dbname="${database:-ims}" "$@"
  fi
}
