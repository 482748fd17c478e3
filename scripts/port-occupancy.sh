#!/usr/bin/env bash
# Samples the backlog of every switch port of a running emulated cluster (the tbf queue toward
# each host) about every 25 ms, until its switch namespace goes away: what the network model's
# switch-port queues are checked against (docs/validation.md, "What the port queues do").
#   bash scripts/port-occupancy.sh OUT.txt &     # start first: it waits up to a minute for the cluster
#   parm-sim emulate scenarios/testbed/loss-grid.yaml ...
# OUT.txt: a line "switch NAME", then "unix-time port backlog" per port and sample (backlog as tc
# prints it: 27Kb is 27,000 bytes). Needs root and iproute2, as `emulate` does.
set -euo pipefail
out=${1:?usage: scripts/port-occupancy.sh OUT.txt}
sw=""
for _ in $(seq 1 600); do
  sw=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -- '-sw$' | head -1 || true)
  [ -n "$sw" ] && break
  sleep 0.1
done
[ -n "$sw" ] || { echo "port-occupancy: no emulated cluster appeared within a minute" >&2; exit 2; }
echo "switch $sw" > "$out"
while ip netns list 2>/dev/null | grep -q -- "^$sw"; do
  t=$(date +%s.%N)
  tc -n "$sw" -s qdisc show 2>/dev/null | awk -v t="$t" '/^qdisc tbf/ {dev = $5} /backlog/ && dev != "" {print t, dev, $2}' >> "$out" || true
  sleep 0.015
done
