#!/usr/bin/env bash
# install-peers - install the real peers the interop tests talk to, from Debian's packages:
#   unbound (validating resolver), bind9-dnsutils (delv, dig), ldnsutils (ldns-signzone,
#   ldns-verify-zone), postfix (a real receiving MX), swaks (SMTP test client, with
#   libnet-ssleay-perl for --tls), openssl (s_client), chromium (renders the lab's HTML
#   report headless; fonts-dejavu-core so its text has glyphs without recommends), iproute2 (ip: brings
#   up loopback in the private network namespace where a Postfix sends with DANE), strace (shows
#   the relay's fsyncs come before its 250). Services are not started by the
#   packages (policy-rc.d), so no system daemon binds port 25 or 53 behind our back; the
#   tests start private instances.
#   Postfix is installed with "No configuration": no /etc/postfix/main.cf, no system
#   mail server; each test writes a private config_directory of its own.
# Needs root (or sudo). Safe to run again.
#   install-peers.sh               everything the tests need
#   install-peers.sh PACKAGE...    only these (bench/relay-bench.sh: postfix unbound iproute2)
set -euo pipefail

# libnet-ssleay-perl: swaks only Recommends it, and without it "swaks --tls" refuses to run.
packages=(unbound bind9-dnsutils ldnsutils postfix swaks libnet-ssleay-perl openssl chromium fonts-dejavu-core iproute2 strace)
if [ $# -gt 0 ]; then
    packages=("$@")
fi

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
if [ -n "$sudo" ]; then
    # sudo resets the environment: pass the frontend through env.
    sudo="sudo env DEBIAN_FRONTEND=noninteractive"
fi
echo "install-peers: installing ${missing[*]}"
$sudo apt-get update -qq
# Keep packaged services from starting (we run private instances on loopback).
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    # Remove it even when apt-get fails, so a later real install behaves normally.
    trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
fi
# Postfix's debconf would otherwise ask what kind of mail server this is and configure one.
echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-peers: done"
