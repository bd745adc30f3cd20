"""Scorecards that tests compute and the end of the test run prints (see conftest)."""

from __future__ import annotations

import pytest

SCORECARD_LINES = pytest.StashKey[list[str]]()
