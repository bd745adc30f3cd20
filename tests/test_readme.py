"""The README quotes what a newcomer actually sees."""

from __future__ import annotations

from bot.console import banner
from tests.conftest import PROJECT_ROOT, SHARED_MISSING

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_quotes_the_console_banner_of_a_new_database() -> None:
    assert banner(1, "data/briefbot.db", seeded=1) in README


def test_the_readme_says_how_tests_without_shared_are_skipped() -> None:
    reason = SHARED_MISSING.split(", not found at")[0]
    assert f"`{reason}, not found at …`" in README
