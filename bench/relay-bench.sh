#!/usr/bin/env bash
# relay-bench - run RelayBench (mxguard's relay against a private Postfix, see bench/README.md)
# inside a network namespace of its own, so that the Postfix DANE reference can be given the lab's
# DNS: Postfix looks up MX and TLSA records only through /etc/resolv.conf (glibc, port 53), and in
# the namespace that file names a private unbound on 127.0.0.1:53 that the benchmark starts.
# The namespace has nothing but a loopback interface: no packet can leave the machine.
#
#   bench/relay-bench.sh [JMH ARGUMENTS...]     default: all of RelayBench, results in bench/results/
#   bench/relay-bench.sh 'RelayBench.endToEnd' -p relay=postfix-dane -wi 1 -i 2
#
# Needs root (ip netns, Postfix's master). Installs what it needs from Debian's packages
# (postfix, unbound, iproute2) with scripts/install-peers.sh, builds the benchmark jar, and
# removes the namespace when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
    echo "relay-bench: needs root (a network namespace, and Postfix's master runs as root)" >&2
    exit 77
fi

bash scripts/install-peers.sh postfix unbound iproute2
./mvnw -B -q -pl core,lab,bench -am package -DskipTests

ns="mxguard-bench-$$"
cleanup() {
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns"
}
trap cleanup EXIT
# ip netns exec bind-mounts every file of /etc/netns/NAME over the one of the same name in /etc.
mkdir -p "/etc/netns/$ns"
printf 'nameserver 127.0.0.1\noptions trust-ad\n' > "/etc/netns/$ns/resolv.conf"
ip netns add "$ns"
ip netns exec "$ns" ip link set lo up

if [ $# -gt 0 ]; then
    ip netns exec "$ns" java -jar bench/target/mxguard-bench.jar "$@"
else
    out="bench/results/relay-$(date -u +%Y%m%dT%H%M%SZ)"
    ip netns exec "$ns" java -jar bench/target/mxguard-bench.jar 'RelayBench' -rf json -rff "$out.json" | tee "$out.txt"
    echo "relay-bench: results in $out.txt and $out.json"
fi
