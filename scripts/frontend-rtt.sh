#!/usr/bin/env bash
# Samples the emulated frontend's TCP connections to its instances (`ss -tin` in its namespace:
# smoothed round trip, retransmission timeout, bytes sent) as often as it can, about every 130 ms
# on two cores, until the frontend's namespace goes away: what the network model's timing of
# recoveries (sim/cluster/tcp-recovery.ts: 2 SRTT for a probe, SRTT + 200 ms for a timeout) is
# checked against (docs/validation.md, "Round 14").
#   bash scripts/frontend-rtt.sh OUT.txt &     # start first: it waits up to a minute for the cluster
#   parm-sim emulate scenarios/testbed/shuffles-shallow.yaml --seed 21 --out emulated
# OUT.txt: "unix-time peer rto:MS rtt:SRTT/RTTVAR [bytes_sent:N] minrtt:MS" per connection and
# sample. Needs root and iproute2, as `emulate` does; it adds a process every sample, so the
# run's canary lateness says whether it disturbed the cluster.
set -euo pipefail
out=${1:?usage: scripts/frontend-rtt.sh OUT.txt}
. "$(dirname "$0")/lib/emulated-namespace.sh"
fe=$(wait_for_namespace fe frontend-rtt)
: > "$out"
while ip netns list 2>/dev/null | grep -q -- "^$fe"; do
  t=$(date +%s.%N)
  ip netns exec "$fe" ss -tin 2>/dev/null | awk -v t="$t" '
    /^ESTAB/ { peer = $5 }
    /rtt:/ { line = ""; for (i = 1; i <= NF; i++) if ($i ~ /^(rtt|rto|minrtt|bytes_sent):/) line = line " " $i; print t, peer line }' >> "$out" || true
  sleep 0.02
done
