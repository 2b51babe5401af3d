#!/usr/bin/env bash
# Step 1 on every node (a fresh Debian 12 or Ubuntu 22.04/24.04 droplet), as root:
#   bash ops/swarm/install-docker.sh
# Installs Docker Engine from Docker's apt repository, rotates container logs, and opens the
# Swarm ports to the private network only when ufw is active.
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
. /etc/os-release
export DEBIAN_FRONTEND=noninteractive

apt-get update -qq
apt-get install -y -qq ca-certificates curl gnupg >/dev/null
install -m 0755 -d /etc/apt/keyrings
curl -fsSL "https://download.docker.com/linux/$ID/gpg" -o /etc/apt/keyrings/docker.asc
chmod a+r /etc/apt/keyrings/docker.asc
echo "deb [arch=$(dpkg --print-architecture) signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/$ID $VERSION_CODENAME stable" \
  >/etc/apt/sources.list.d/docker.list
apt-get update -qq
apt-get install -y -qq docker-ce docker-ce-cli containerd.io docker-compose-plugin >/dev/null

# Without a limit, json-file logs grow until the disk is full; the dashboard reads the recent lines.
if [ ! -e /etc/docker/daemon.json ]; then
  cat >/etc/docker/daemon.json <<'JSON'
{
  "log-driver": "json-file",
  "log-opts": { "max-size": "20m", "max-file": "5" }
}
JSON
fi
systemctl enable --now docker
systemctl restart docker

if command -v ufw >/dev/null && ufw status | grep -q 'Status: active'; then
  private_net=${IMS_PRIVATE_NET:-10.0.0.0/8}
  ufw allow from "$private_net" to any port 2377 proto tcp   # cluster management
  ufw allow from "$private_net" to any port 7946             # node discovery, tcp and udp
  ufw allow from "$private_net" to any port 4789 proto udp   # overlay network traffic
  ufw allow 80/tcp                                           # the frontend (Swarm ingress)
fi

docker version --format 'Docker {{.Server.Version}} installed'
echo "docker group id (DOCKER_GID for the stack): $(getent group docker | cut -d: -f3)"
