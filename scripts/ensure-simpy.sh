#!/usr/bin/env bash
# Makes sure Debian's SimPy (python3-simpy3) is installed for /usr/bin/python3: the kernel-mmc
# benchmark (bench/main.ts) runs the same M/M/8 model in SimPy (bench/kernel-mmc.py) beside
# parm-sim's kernel. Installs it with apt-get when it is missing, as the notebooks and the browser
# test install theirs; prints nothing when it is there. Exit status 1, with the reason on stderr,
# when it is missing and cannot be installed here (the benchmark then says so in its line).
set -euo pipefail

packages=(python3-simpy3)
python=/usr/bin/python3

have_simpy() {
  [ -x "$python" ] && "$python" -c 'import simpy' 2>/dev/null
}

. "$(dirname "$0")/lib/apt-install.sh"
ensure_installed have_simpy "The kernel-mmc benchmark's SimPy reference needs Debian's ${packages[*]} for $python" "to run the SimPy reference of the kernel benchmark" "$python still cannot import simpy" "${packages[@]}"
