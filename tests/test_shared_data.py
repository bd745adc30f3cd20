"""Tests that read ../shared skip with one reason when it is absent, and may not skip under CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

# Two tests that read the real fact sheets: one through the shared_dir fixture, one through a
# module fixture built on it, plus one in the same file that needs nothing shared.
SELECTED = ["tests/test_parse_real_corpus.py::test_every_curated_corpus_sheet_has_initiatives",
            "tests/test_index_build.py::test_builder_command_writes_a_loadable_index",
            "tests/test_index_build.py::test_saved_file_keeps_every_string_whatever_it_holds"]


def pytest_run(tmp_path: Path, *, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["BRIEFBOT_TEST_SHARED_DIR"] = str(tmp_path / "no-shared-here")
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", *SELECTED],
        capture_output=True, text=True, timeout=300, cwd=PROJECT_ROOT, env=env,
    )


def test_without_shared_they_skip_with_one_clear_reason(tmp_path: Path) -> None:
    result = pytest_run(tmp_path, ci=None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 2 skipped" in result.stdout
    reasons = {line.split(": ", 1)[1] for line in result.stdout.splitlines() if line.startswith("SKIPPED")}
    assert reasons == {f"needs the shared fact sheets (../shared), not found at {tmp_path / 'no-shared-here'}"}


def test_under_ci_a_missing_shared_folder_fails_the_run(tmp_path: Path) -> None:
    result = pytest_run(tmp_path, ci="true")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "CI is set but 2 selected tests need the shared fact sheets" in output
    assert "passed" not in output
