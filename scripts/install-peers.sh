#!/usr/bin/env bash
# install-peers - install the real peers the interop tests talk to, from Debian's packages:
#   unbound (validating resolver), bind9-dnsutils (delv, dig), ldnsutils (ldns-signzone,
#   ldns-verify-zone). Services are not started by the packages (policy-rc.d), so no
#   system daemon binds port 53 behind our back; the tests start private instances.
# Needs root (or sudo). Safe to run again.
set -euo pipefail

packages=(unbound bind9-dnsutils ldnsutils)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-peers: all present (${packages[*]})"
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-peers: need root to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-peers: installing ${missing[*]}"
$sudo apt-get update -qq
# Keep packaged services from starting (we run private instances on loopback).
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    created_policy=1
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
if [ "$created_policy" -eq 1 ]; then
    $sudo rm -f /usr/sbin/policy-rc.d
fi
echo "install-peers: done"
