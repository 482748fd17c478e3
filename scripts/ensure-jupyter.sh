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

. "$(dirname "$0")/lib/apt-install.sh"
ensure_installed have_jupyter "The notebooks need Debian's ${packages[*]} for $python" "to execute the notebooks (about 31 MB)" "$python still cannot import nbclient, nbformat, jupyter_client and ipykernel" "${packages[@]}"
