#!/usr/bin/env bash
# `npm run notebooks`: re-executes the notebooks in notebooks/ in place, so the outputs committed
# with them (tables, PNG charts) are regenerated from the current code and results.
#
#   scripts/notebooks.sh [--out DIR] [--no-build] [--prepare] [NOTEBOOK.ipynb ...]
#
#   NOTEBOOK ...  only these (default: every notebooks/*.ipynb)
#   --out DIR     write the executed notebooks to DIR instead of in place
#   --no-build    skip `tsc -p .` (dist/ is already built, as in `npm test`)
#   --prepare     install what is missing and build dist/ (with its type declarations), execute nothing
#
# Steps: Debian's Jupyter (scripts/ensure-jupyter.sh), dist/ built with its declarations (the
# notebooks import dist/ and tslab type-checks every cell against dist/**/*.d.ts), then each
# notebook executed by notebooks/lib/execute.py, which writes nothing for a notebook that fails.
# PARM_SIM_NOTEBOOKS_QUICK=1 in the environment shortens the simulations (what `npm test` does).
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/.."

out=""
build=1
prepare_only=0
notebooks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    --no-build) build=0; shift ;;
    --prepare) prepare_only=1; shift ;;
    -h|--help) sed -n '2,15p' "$self" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "scripts/notebooks.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) notebooks+=("$1"); shift ;;
  esac
done
if [ ${#notebooks[@]} -eq 0 ]; then
  notebooks=(notebooks/*.ipynb)
fi

bash scripts/ensure-jupyter.sh
tsc=node_modules/typescript/bin/tsc
if [ "$build" = 1 ]; then
  node "$tsc" -p .
fi
[ "$prepare_only" = 1 ] && exit 0

if [ -n "$out" ]; then
  mkdir -p "$out"
fi
failed=()
for notebook in "${notebooks[@]}"; do
  target="$notebook"
  [ -n "$out" ] && target="$out/$(basename "$notebook")"
  echo "executing $notebook -> $target" >&2
  if ! /usr/bin/python3 notebooks/lib/execute.py "$notebook" --out "$target"; then
    failed+=("$notebook")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]} (left unchanged)" >&2
  exit 1
fi
