#!/usr/bin/env bash
# Runs one ops CLI command (`npm run ops -- <command>`) inside the Swarm, next to the database: a
# one-off service from the image the stack's API runs, on the stack's backend network, reading
# DATABASE_URL from the same Docker secret. Works while the API is scaled to 0 or refuses to start.
# Prints the command's output as it runs and exits with the command's exit code.
#   ops/deploy/run-ops.sh status | repair-restore | replay | verify | verify-chain [options]
# On the manager, as a user in the docker group (IMS_STACK: the stack's name, default ims).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: run-ops.sh <ops command> [options], e.g. run-ops.sh status" >&2; exit 2; }
stack=${IMS_STACK:-ims}
service=${stack}_ops

api() { docker service inspect --format "$1" "${stack}_api"; }
image=$(api '{{.Spec.TaskTemplate.ContainerSpec.Image}}') ||
  { echo "no service ${stack}_api: is the stack deployed (docker stack ls)?" >&2; exit 2; }
secret=$(api '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{if eq .File.Name "database_url"}}{{.SecretName}}{{end}}{{end}}')
if docker service inspect "$service" >/dev/null 2>&1; then
  echo "$service exists: another ops command is running (docker service logs -f $service), or a finished one was left; docker service rm $service" >&2
  exit 2
fi

docker service create --detach --quiet --name "$service" --with-registry-auth \
  --restart-condition none --network "${stack}_backend" \
  --secret source="$secret",target=database_url \
  --env DATABASE_URL_FILE=/run/secrets/database_url \
  --label com.ims.stack="$stack" \
  "$image" node dist/ops/src/cli.js "$@" >/dev/null
trap 'docker service rm "$service" >/dev/null' EXIT

docker service logs --follow --raw "$service" &
logs=$!
# The one task ends Complete (exit 0) or Failed (non-zero); Rejected: it never started.
while :; do
  task=$(docker service ps --quiet --no-trunc "$service" | head -n 1)
  state=$([ -n "$task" ] && docker inspect --format '{{.Status.State}}' "$task" || echo new)
  case $state in
    complete | failed | rejected | shutdown) break ;;
  esac
  sleep 1
done
sleep 2
kill "$logs" 2>/dev/null || true
wait "$logs" 2>/dev/null || true

code=$(docker inspect --format '{{.Status.ContainerStatus.ExitCode}}' "$task")
if [ "$state" = rejected ] || [ -z "$code" ]; then
  echo "the ops command did not start: $(docker inspect --format '{{.Status.Err}}' "$task")" >&2
  exit 2
fi
exit "$code"
