#!/usr/bin/env bash
# Deploys a stack file to the Swarm the Docker CLI points at (DOCKER_HOST or DOCKER_CONTEXT: the
# manager itself, or ssh://user@manager), then waits until every service of the stack runs its new
# tasks. Exits non-zero when an update failed (Swarm has then rolled it back: failure_action), or
# when the services have not converged within ROLLOUT_TIMEOUT seconds (default 900).
#   IMS_TAG=<image tag> ops/deploy/deploy-stack.sh [stack file, default docker-stack.yml]
# The stack file's variables (IMS_IMAGE_PREFIX, FUNCTION_URL, ...) come from this environment; see
# .env.example. Run by .github/workflows/deploy.yml, and by hand the same way (ops/RUNBOOK.md).
set -euo pipefail
file=${1:-docker-stack.yml}
stack=${IMS_STACK:-ims}
timeout=${ROLLOUT_TIMEOUT:-900}

# Refused before anything else, and said plainly, when no engine answers or it manages no Swarm.
if ! control=$(docker info --format '{{.Swarm.ControlAvailable}}' 2>&1); then
  echo "deploy-stack: cannot reach the Docker engine, nothing deployed: $control" >&2
  exit 1
fi
if [ "$control" != true ]; then
  echo "deploy-stack: this Docker engine is not a Swarm manager, nothing deployed" >&2
  exit 1
fi

task_template() { docker service inspect --format '{{json .Spec.TaskTemplate}}' "$1"; }
stack_services() { docker stack services --format '{{.Name}}' "$stack" | sort; }

# `docker stack deploy` returns before Swarm acts, and an unchanged service is not updated at all:
# only a service whose task template changed has an update to wait for.
declare -A before=()
while read -r service; do
  [ -n "$service" ] && before[$service]=$(task_template "$service")
done < <(stack_services 2>/dev/null)

docker stack deploy --with-registry-auth --compose-file "$file" "$stack"

running() {
  local replicas
  replicas=$(docker service ls --filter "name=$1" --format '{{.Name}} {{.Replicas}}' | awk -v name="$1" '$1 == name { print $2 }')
  [ -n "$replicas" ] && [ "${replicas%/*}" = "${replicas#*/}" ]
}

# One service's rollout: "converged", "failed: <why>" or "waiting".
rollout() {
  local service=$1 expects_update=$2 state
  state=$(docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}: {{.UpdateStatus.Message}}{{end}}' "$service")
  case $state in
    rollback_* | paused:*) echo "failed: $state" ;;
    completed:*) if running "$service"; then echo converged; else echo waiting; fi ;;
    '') if [ "$expects_update" = no ] && running "$service"; then echo converged; else echo waiting; fi ;;
    *) echo waiting ;;
  esac
}

mapfile -t services < <(stack_services)
declare -A expects_update=()
for service in "${services[@]}"; do
  if [ -n "${before[$service]:-}" ] && [ "${before[$service]}" != "$(task_template "$service")" ]; then
    expects_update[$service]=yes
  else
    expects_update[$service]=no
  fi
done

deadline=$((SECONDS + timeout))
pending=("${services[@]}")
while [ ${#pending[@]} -gt 0 ]; do
  waiting=()
  for service in "${pending[@]}"; do
    result=$(rollout "$service" "${expects_update[$service]}")
    case $result in
      converged) echo "$service: running its new tasks" ;;
      waiting) waiting+=("$service") ;;
      *)
        echo "$service: $result" >&2
        exit 1
        ;;
    esac
  done
  pending=(${waiting[@]+"${waiting[@]}"})
  [ ${#pending[@]} -eq 0 ] && break
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "not converged after ${timeout}s: ${pending[*]} (docker service ps <name> shows why)" >&2
    exit 1
  fi
  sleep 2
done
echo "stack $stack deployed from $file"
