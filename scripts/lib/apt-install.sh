# Sourced by the scripts that make sure a Debian package is there (ensure-jupyter.sh,
# ensure-chromium.sh, ensure-simpy.sh). apt_install NEED DOING PACKAGE... installs the packages
# with apt-get, as root or through sudo where it needs no password (a CI runner's user). NEED says
# what needs them (printed with the command to run by hand when this cannot install), DOING what
# they are installed for. Returns 1 with the reason on stderr when it cannot install them.
apt_install() {
  local need=$1 doing=$2
  shift 2
  local packages=("$@")
  local as_root=()
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  fi
  if ! command -v apt-get >/dev/null || { [ "$(id -u)" -ne 0 ] && [ ${#as_root[@]} -eq 0 ]; }; then
    echo "$need; install as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${packages[*]}" >&2
    return 1
  fi
  echo "Installing ${packages[*]} (apt-get) $doing" >&2
  local log
  log=$(mktemp)
  # Lock::Timeout: another apt-get (a second test run, unattended upgrades) waits instead of failing.
  local install=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${packages[@]}")
  # A fresh machine has no package lists yet: update only when the install cannot find the packages.
  if ! "${install[@]}" >>"$log" 2>&1; then
    if ! { "${as_root[@]}" apt-get -o DPkg::Lock::Timeout=600 update >>"$log" 2>&1 && "${install[@]}" >>"$log" 2>&1; }; then
      cat "$log" >&2
      rm -f "$log"
      echo "Installing ${packages[*]} failed (apt-get output above)" >&2
      return 1
    fi
  fi
  rm -f "$log"
}

# ensure_installed CHECK NEED DOING STILL PACKAGE...: nothing when the command CHECK succeeds;
# otherwise installs the packages (apt_install NEED DOING) and runs CHECK again. Returns 1 with
# the reason on stderr when they cannot be installed, or when CHECK still fails (STILL says what
# is still missing).
ensure_installed() {
  local check=$1 need=$2 doing=$3 still=$4
  shift 4
  "$check" && return 0
  apt_install "$need" "$doing" "$@" || return 1
  if ! "$check"; then
    echo "Installed $*, but $still" >&2
    return 1
  fi
}
