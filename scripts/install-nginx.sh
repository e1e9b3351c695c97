#!/usr/bin/env bash
# Installs Debian's nginx when it is missing: the integration tests start the production setup (gunicorn behind
# nginx with deploy/nginx.conf) on loopback. Only the binary is used; the tests never touch the system's nginx.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null
[ -x /usr/sbin/nginx ]
