#!/usr/bin/env bash
# One command from a fresh machine: install the dependencies and start the app.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
exec npm run dev -- --open
