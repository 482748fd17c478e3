# Sourced by the scripts that sample a running emulated cluster from outside it.
# wait_for_namespace SUFFIX WHO: prints the name of the first network namespace ending in -SUFFIX
# (the switch is `sw`, the frontend `fe`) once the cluster has made it, polling for up to a minute;
# exits 2 with a line naming WHO if none appears.
wait_for_namespace() {
  local name=""
  for _ in $(seq 1 600); do
    name=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -- "-$1\$" | head -1 || true)
    [ -n "$name" ] && { echo "$name"; return 0; }
    sleep 0.1
  done
  echo "$2: no emulated cluster appeared within a minute" >&2
  exit 2
}
