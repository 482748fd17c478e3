#!/usr/bin/env bash
# Captures the headers of every frame through the switch of a running emulated cluster, on all of
# its ports and in both directions (a frame entering the switch from its sender, and leaving it
# toward its receiver once the port's tbf queue has passed it), until the switch namespace goes
# away: which segments a switch port dropped, what scripts/port-drops.mjs reads
# (docs/validation.md, "Round 16"). Start it first, then an emulated run of one sweep point:
#   bash scripts/capture-ports.sh OUT.pcap &
#   parm-sim emulate scenarios/testbed/loss-grid.yaml --set 'sweep={network.buffer: [270KB], stragglers.shuffles.flows: [1]}' --seeds 1 --out DIR
#   node scripts/port-drops.mjs OUT.pcap DIR
# Needs root, iproute2 and tcpdump (not a dependency of parm-sim: Debian's `tcpdump` package).
# 80 bytes of each frame are kept (its headers): about 1 MB a second of emulated traffic.
set -euo pipefail
out=${1:?usage: scripts/capture-ports.sh OUT.pcap}
if ! command -v tcpdump > /dev/null; then
  echo "capture-ports: tcpdump is not installed (Debian: apt-get install tcpdump)" >&2
  exit 2
fi
. "$(dirname "$0")/lib/emulated-namespace.sh"
sw=$(wait_for_namespace sw capture-ports)
ip netns exec "$sw" tcpdump -i any -n -U -s 80 -B 65536 -w "$out" 2> /dev/null &
capture=$!
# `emulate` ends the processes it finds in its namespaces as it removes them, this one too; should
# one outlive the namespace (it would hold it open), it is stopped here.
while ip netns list 2> /dev/null | grep -q -- "^$sw"; do sleep 0.2; done
kill "$capture" 2> /dev/null || true
wait "$capture" 2> /dev/null || true
