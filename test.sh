#!/usr/bin/env bash
# Sets up .venv on first use, then runs lint, the type checker (bot/, benchmarks/, tests/) and the whole test suite (slow tests included).
# Pass pytest arguments to narrow it, e.g. `./test.sh -m "not slow"` or `./test.sh tests/test_parse.py`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$root/scripts/bootstrap.sh"
cd "$root"
"$root/.venv/bin/ruff" check bot tests benchmarks scripts
"$root/.venv/bin/mypy"  # the files pyproject.toml names
exec "$root/.venv/bin/python" -m pytest "$@"
