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

. "$(dirname "$0")/lib/apt-install.sh"
ensure_installed have_chromium "The report's browser test needs Debian's ${packages[*]} ($browser)" "to test report.html in a browser" "$browser is still not there" "${packages[@]}"
