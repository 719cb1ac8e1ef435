#!/usr/bin/env bash
# Quick start: install what is missing, build, and run `checkup start` in the foreground.
# On first run it writes a first report into data/archive and data/outbox within about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node bin/checkup.js start "$@"
