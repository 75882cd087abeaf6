#!/usr/bin/env bash
# One command from a fresh machine: install what the tests need (Debian's Chromium, the npm
# dependencies) and run every test. Used by .ci/run and given in the README.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v /usr/bin/chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium (the end-to-end tests drive it through playwright-core)..."
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

npm ci --no-audit --no-fund
npm test
