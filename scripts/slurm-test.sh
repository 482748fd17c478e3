#!/usr/bin/env bash
# End to end on a real batch engine: installs Debian's slurm-wlm and munge (as root), starts a
# single-node Slurm cluster on this machine (munged, slurmctld, slurmd; configured here, under a
# temporary folder), submits docs/distributed/slurm.sbatch as a job array that runs a small sweep
# in 3 shards, merges them in a Slurm job that depends on the array (as docs/distributed.md
# says), and checks the merged results folder is byte-identical to a local unsharded run.
# Everything it started is stopped and its files removed on exit, whether it passed or not.
#
#   sudo bash scripts/slurm-test.sh      (from anywhere; needs the project built: npx tsc -p .)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
started=$(date +%s)
say() { echo "slurm-test: $*"; }

if [ "$(id -u)" -ne 0 ]; then echo "slurm-test: run as root (it installs packages and starts daemons)" >&2; exit 2; fi
[ -f dist/sim/cli/main.js ] || { echo "slurm-test: build first (npx tsc -p .)" >&2; exit 2; }

# --- install (a policy that keeps the packages' own services from starting: this script runs its own)
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; own_policy=1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
  [ "$own_policy" = 1 ] && rm -f "$policy"
fi

work=$(mktemp -d /tmp/parm-sim-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  status=$?
  set +e
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ]; then scancel --quiet --full --user=root >/dev/null 2>&1; fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  if [ "$status" -ne 0 ]; then
    for log in "$work"/log/*.log "$work"/munge/*.log "$work"/out/*.out; do [ -f "$log" ] && { echo "--- $log"; tail -n 30 "$log"; }; done
  fi
  rm -rf "$work"
  say "$([ "$status" -eq 0 ] && echo passed || echo FAILED) in $(( $(date +%s) - started )) s (cluster torn down)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work"/{log,out,munge,ctld,spool,results}

# --- munge: its own key, socket and daemon (a munged already running elsewhere is left alone)
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chown munge:munge "$work/munge" "$work/munge/munge.key" && chmod 700 "$work/munge" && chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
# munged refuses keys and sockets under folders others can write to (/tmp); --force accepts them.
runuser -u munge -- munged --force --key-file="$work/munge/munge.key" --socket="$socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed"
for _ in $(seq 50); do [ -s "$work/munge/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$work/munge/munged.pid")")
munge -S "$socket" -n | unmunge -S "$socket" >/dev/null
say "munge up"

# --- Slurm: one node, this machine, its cores and memory; daemons as root, files under $work
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
export SLURM_CONF="$work/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=parmsimtest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$work/ctld
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -f "$SLURM_CONF" -i
for _ in $(seq 100); do [ -s "$work/slurmctld.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$work/slurmctld.pid")")
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do [ -s "$work/slurmd.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$work/slurmd.pid")")
for _ in $(seq 120); do
  state=$(sinfo -h -n "$host" -o '%T' 2>/dev/null || true)
  case "$state" in idle*|mixed*|allocated*) break ;; esac
  sleep 0.5
done
[[ "$state" == idle* ]] || { echo "slurm-test: node never became idle (state: ${state:-none})" >&2; exit 1; }
say "slurm up: $host, $cpus CPUs (sinfo: $state)"

# --- the sweep: 3 rates × 2 seeds = 6 run points, 5 strategies each with real models, in 3 shards
args=(scenarios/quickstart.yaml --queries 3000 --set warmup=300 --set 'arrivals.rate=[150/s,210/s,270/s]' --seeds 2)
shards="$work/results/shards"
merged="$work/results/merged"
cd "$repo"
job=$(sbatch --parsable --array=0-2 --output="$work/out/%A_%a.out" docs/distributed/slurm.sbatch "${args[@]}" --out "$shards")
merge_job=$(sbatch --parsable --dependency=afterok:"$job" --output="$work/out/merge.out" --wrap "node bin/parm-sim.js merge $shards --out $merged")
say "submitted array job $job (3 tasks) and merge job $merge_job"

# Run the local, unsharded sweep meanwhile.
node bin/parm-sim.js sweep "${args[@]}" --workers 1 --out "$work/results/local" >/dev/null
say "local sweep done"

deadline=$(( $(date +%s) + 600 ))
while squeue -h -j "$job,$merge_job" 2>/dev/null | grep -q .; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "slurm-test: jobs still queued after 10 minutes" >&2; squeue; exit 1; }
  sleep 1
done
for out in "$work"/out/*.out; do echo "--- $(basename "$out")"; cat "$out"; done
[ -f "$merged/summary.json" ] || { echo "slurm-test: the merge job wrote no results" >&2; exit 1; }
count=$(find "$shards" -name '*.shard-*-of-3.json' | wc -l)
[ "$count" -eq 3 ] || { echo "slurm-test: expected 3 shard files, found $count" >&2; exit 1; }

diff -r "$work/results/local" "$merged" >/dev/null || { echo "slurm-test: merged results differ from the local run:" >&2; diff -rq "$work/results/local" "$merged" >&2; exit 1; }
say "merged results of 3 Slurm array tasks are byte-identical to the local run ($(ls "$merged" | wc -l) files)"
