#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, when missing:
# libsqlite3-dev and libhiredis-dev (SpinHost links them for the key-value,
# SQLite and Redis capabilities), and redis-server and python3-venv (the
# WASIp3 Python tools get a virtual environment) for the integration tests. Uses sudo when not root. Usage: scripts/system-packages.sh [--build-only]
set -euo pipefail

packages=()
[[ -f /usr/include/sqlite3.h ]] || packages+=(libsqlite3-dev)
[[ -f /usr/include/hiredis/hiredis.h ]] || packages+=(libhiredis-dev)
if [[ "${1:-}" != "--build-only" ]]; then
    command -v redis-server >/dev/null || packages+=(redis-server)
    python3 -c 'import ensurepip' 2>/dev/null || packages+=(python3-venv)
fi
[[ ${#packages[@]} -eq 0 ]] && exit 0

echo "installing ${packages[*]}"
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${packages[@]}"
