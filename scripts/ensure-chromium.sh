#!/usr/bin/env bash
# Makes sure Debian's chromium is installed: the report test (test/report/browser.test.ts) and
# scripts/report-screenshot.mjs open report.html in it, headless, through playwright-core (which
# ships no browser of its own). Installs it with apt-get when it is missing, so a bare machine
# running `npm ci && npm test` needs nothing done by hand; prints nothing when it is there.
# Exit status 1, with the reason on stderr, when it is missing and cannot be installed here.
set -euo pipefail

packages=(chromium)
browser=/usr/bin/chromium

have_chromium() {
  [ -x "$browser" ]
}

have_chromium && exit 0

# As root, or through sudo where it needs no password (a CI runner's user).
as_root=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
fi
if ! command -v apt-get >/dev/null || { [ "$(id -u)" -ne 0 ] && [ ${#as_root[@]} -eq 0 ]; }; then
  echo "The report's browser test needs Debian's ${packages[*]} ($browser); install it as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${packages[*]}" >&2
  exit 1
fi

echo "Installing ${packages[*]} (apt-get) to test report.html in a browser" >&2
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
if ! have_chromium; then
  echo "Installed ${packages[*]}, but $browser is still not there" >&2
  exit 1
fi
