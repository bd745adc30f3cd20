#!/usr/bin/env bash
# Creates .venv on first use and (re)installs the project whenever pyproject.toml changes.
# Sourced by run.sh and test.sh so that a fresh clone needs nothing but Python 3.11 and PyPI.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
pick_python() {
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else 1)'; then
            echo "$candidate"
            return 0
        fi
    done
    echo "briefbot: Python 3.11 or newer is required (python3.11 was not found)" >&2
    return 1
}
if [ ! -x "$venv/bin/python" ]; then
    py="$(pick_python)"
    "$py" -m venv "$venv"
fi
stamp="$venv/.briefbot-installed"
want="$(cat "$root/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root[test]"
    echo "$want" >"$stamp"
fi
