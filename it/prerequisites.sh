#!/usr/bin/env bash
# Installs what the integration tests need on a Debian 12 machine, as root:
# podman + runc (real containers), docker-registry (a real OCI registry), busybox-static
# (base images), kubectl and python3-kubernetes (independent clients the test double is
# checked against). Safe to run again.
set -euo pipefail

packages=(podman runc docker-registry busybox-static python3-kubernetes uidmap unzip curl)
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${missing[*]}; run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# the registry package starts a service on :5000 we do not use; the tests run their own
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi
