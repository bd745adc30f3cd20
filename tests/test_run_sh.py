"""``run.sh`` run from another folder: the user's relative paths mean what they say there."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

RUN_SH = PROJECT_ROOT / "run.sh"
SHEET = "---\ntitle: \"Fact Sheet: Harbor Dredging\"\nsource_url: https://example.gov/harbors\n---\n\n" \
        "- **Harbor Dredging Program.** Deeper ports, with $40 million.\n"


def _installed() -> bool:
    """Whether run.sh would go straight to briefbot (no install first, which needs PyPI)."""
    import hashlib

    stamp = PROJECT_ROOT / ".venv" / ".briefbot-installed"
    # what scripts/bootstrap.sh stamps: pyproject.toml and the script itself (it pins the model package)
    installed_from = (PROJECT_ROOT / "pyproject.toml").read_bytes() + (PROJECT_ROOT / "scripts" / "bootstrap.sh").read_bytes()
    want = hashlib.sha256(installed_from).hexdigest()
    return stamp.is_file() and stamp.read_text().strip() == want


pytestmark = pytest.mark.skipif(not _installed(), reason="needs .venv set up by ./test.sh or ./run.sh")


def run_sh(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BRIEFBOT_", "DISCORD_"))}
    return subprocess.run([str(RUN_SH), *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env)


def test_relative_paths_are_taken_from_where_run_sh_was_run(tmp_path: Path) -> None:
    (tmp_path / "sheets").mkdir()
    (tmp_path / "sheets" / "harbors.md").write_text(SHEET, encoding="utf-8")
    ingest = run_sh("--db", "mine/b.db", "ingest", "sheets", cwd=tmp_path)
    assert ingest.returncode == 0, ingest.stderr
    assert "1 added" in ingest.stdout
    assert (tmp_path / "mine" / "b.db").is_file()

    export = run_sh("export", "--what", "documents", "--output", "out.json", "--db", "mine/b.db", cwd=tmp_path)
    assert export.returncode == 0, export.stderr
    titles = [doc["title"] for doc in json.loads((tmp_path / "out.json").read_text())["documents"]]
    assert "Fact Sheet: Harbor Dredging" in titles

    (tmp_path / "settings.toml").write_text('[database]\npath = "from-config.db"\n', encoding="utf-8")
    ask = run_sh("--config", "settings.toml", "ask", "/briefing", cwd=tmp_path)
    assert ask.returncode == 0, ask.stderr
    assert (tmp_path / "from-config.db").is_file()  # a path in the file: relative to the file's folder
