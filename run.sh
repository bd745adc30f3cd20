#!/usr/bin/env bash
# Sets up .venv on first use, then runs Briefbot: on Discord when DISCORD_TOKEN (or
# DISCORD_TOKEN_FILE) is set, else the offline console on the bundled seed. Extra arguments are
# passed to `briefbot` (for example `./run.sh ask '/initiative hidta'`). It stays in the folder it
# was run from, so relative paths (`ingest PATH`, `--db`, `--config`, `export -o`) mean what they
# say there; Briefbot's own files are found from its installation, wherever that is.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$root/scripts/bootstrap.sh"
if [ "$#" -gt 0 ]; then
    exec "$root/.venv/bin/briefbot" "$@"
fi
exec "$root/.venv/bin/briefbot" start
