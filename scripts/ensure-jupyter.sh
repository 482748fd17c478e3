#!/usr/bin/env bash
# Makes sure Debian's Jupyter packages are installed, which the notebooks are executed with:
# nbclient and nbformat (from jupyter-nbconvert), jupyter-client, python3-ipykernel, for Debian's
# /usr/bin/python3 (not a python3 that comes first in PATH: a pyenv or virtualenv python has
# none of them). The TypeScript kernel itself is tslab, a devDependency, started by
# notebooks/kernels/parm-sim/. Installs with apt-get when they are missing, so a bare machine
# running `npm ci && npm test` needs nothing done by hand; prints nothing when all is there.
set -euo pipefail

packages=(jupyter-nbconvert python3-ipykernel jupyter-client)
python=/usr/bin/python3

have_jupyter() {
  [ -x "$python" ] && "$python" -c 'import nbclient, nbformat, jupyter_client, ipykernel' 2>/dev/null
}

have_jupyter && exit 0

# As root, or through sudo where it needs no password (a CI runner's user).
as_root=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
fi
if ! command -v apt-get >/dev/null || { [ "$(id -u)" -ne 0 ] && [ ${#as_root[@]} -eq 0 ]; }; then
  echo "The notebooks need Debian's ${packages[*]} for $python; install them as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${packages[*]}" >&2
  exit 1
fi

echo "Installing ${packages[*]} (apt-get, about 31 MB) to execute the notebooks" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Lock::Timeout: another apt-get (a second test run, unattended upgrades) waits instead of failing.
install() {
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${packages[@]}" >>"$log" 2>&1
}
# A fresh machine has no package lists yet: update only when the install cannot find the packages.
if ! install; then
  if ! { "${as_root[@]}" apt-get -o DPkg::Lock::Timeout=600 update >>"$log" 2>&1 && install; }; then
    cat "$log" >&2
    echo "Installing ${packages[*]} failed (apt-get output above)" >&2
    exit 1
  fi
fi
if ! have_jupyter; then
  echo "Installed ${packages[*]}, but $python still cannot import nbclient, nbformat, jupyter_client and ipykernel" >&2
  exit 1
fi
