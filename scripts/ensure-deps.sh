#!/usr/bin/env bash
# Makes sure the system libraries Dixian builds on are present.
# Installs them with apt-get when missing and running as root on Debian;
# otherwise says exactly what to install. Usage: ensure-deps.sh [PACKAGE...]
# (default: the build's own needs, libgsl-dev and pkg-config; `make test` also asks for
# chromium fonts-wqy-microhei, for the browser test of report.html; `make test-mpi` asks for
# libopenmpi-dev openmpi-bin, for the optional MPI build).
set -euo pipefail

packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(libgsl-dev pkg-config)

if ! command -v swift >/dev/null 2>&1; then
    echo "error: swift is not on PATH. Install Swift 6.1 or newer (swift.org) and try again." >&2
    exit 1
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} with apt-get..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "error: missing system packages: ${missing[*]}" >&2
    echo "Install them with:  sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
