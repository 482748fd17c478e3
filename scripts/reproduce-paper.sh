#!/usr/bin/env bash
# Regenerates every results/paper/<name>/ folder from scenarios/paper/<name>.yaml: the ParM paper's
# figures reproduced in simulation (see docs/reproducing-parm.md): 100,000 queries per run, as the
# paper ran them, and 10 seeds per point (the paper ran 3); about 10 minutes on 2 cores (the calibration grid half of it).
#   bash scripts/reproduce-paper.sh            all of them
#   bash scripts/reproduce-paper.sh fig12      only the named ones
# WORKERS (default 2) sets the worker threads per run; runs are niced so other work keeps going.
set -euo pipefail
cd "$(dirname "$0")/.."

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  # calibration first: the sensitivity of the headline to the switch-port buffer the others use.
  names=(calibration fig9a fig9b fig10 fig11 fig12 fig13 batch)
fi
for name in "${names[@]}"; do
  [ -f "scenarios/paper/$name.yaml" ] || { echo "reproduce-paper: no scenarios/paper/$name.yaml" >&2; exit 2; }
done

npx tsc -p .
start=$SECONDS
for name in "${names[@]}"; do
  echo "== $name"
  nice -n 5 node bin/parm-sim.js run "scenarios/paper/$name.yaml" --out "results/paper/$name" --workers "${WORKERS:-2}"
done
echo "reproduce-paper: ${#names[@]} scenarios in $((SECONDS - start)) s; results in results/paper/"
