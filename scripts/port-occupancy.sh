#!/usr/bin/env bash
# Samples the backlog of every switch port of a running emulated cluster (the tbf queue toward
# each host) and of every instance's own NIC (its transmit queue) about every 100 ms, until the
# switch namespace goes away: what the network model's switch-port queues are checked against
# (docs/validation.md, "What the port queues do"; scripts/port-regimes.mjs reads the samples).
#   bash scripts/port-occupancy.sh OUT.txt &     # start first: it waits up to a minute for the cluster
#   PSIM_DEBUG=1 parm-sim emulate scenarios/testbed/loss-grid.yaml ... 2> emulate.err
# OUT.txt: a line "switch NAME", then "unix-time device backlog" per device and sample (device
# PREFIXsN: the switch port toward host N; PREFIXhN: host N's own NIC; backlog as tc prints it:
# 27Kb is 27,000 bytes). Needs root and iproute2, as `emulate` does.
set -euo pipefail
out=${1:?usage: scripts/port-occupancy.sh OUT.txt}
. "$(dirname "$0")/lib/emulated-namespace.sh"
sw=$(wait_for_namespace sw port-occupancy)
prefix=${sw%sw}
echo "switch $sw" > "$out"
backlogs() {
  tc -n "$1" -s qdisc show 2>/dev/null | awk -v t="$2" '/^qdisc tbf/ {dev = $5} /backlog/ && dev != "" {print t, dev, $2}' >> "$out" || true
}
while ip netns list 2>/dev/null | grep -q -- "^$sw"; do
  t=$(date +%s.%N)
  backlogs "$sw" "$t"
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -- "^${prefix}i[0-9]*$"); do backlogs "$ns" "$t"; done
  sleep 0.01
done
