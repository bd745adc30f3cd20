"""The second reading of development sheets: same sheets and figures as the gold set, never a
held-out sheet, and the agreement script reads it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from bot.ingest.money_eval import GOLD_DIR

SECOND_DIR = Path(__file__).parent / "data" / "money_second_reading"


def _read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_each_second_reading_is_of_a_development_sheet_with_the_same_figures() -> None:
    seconds = sorted(SECOND_DIR.glob("*.toml"))
    assert len(seconds) >= 12
    for path in seconds:
        first = _read(GOLD_DIR / path.name)  # a second reading of a sheet the gold set holds
        second = _read(path)
        assert first["split"] == "dev", f"{path.name}: only development sheets are read twice"
        assert first["path"] == second["path"]
        template = [(f["n"], f["text"]) for f in second["figure"] if not f.get("missed")]
        assert template == [(f["n"], f["text"]) for f in first["figure"] if not f.get("missed")][:len(template)]
        assert all(f["kind"] for f in second["figure"]), f"{path.name}: every figure labelled"
        counted = sum(float(f["amount"]) for f in second["figure"] if f["counted"])
        assert abs(counted - float(second["total"])) <= 1.0, f"{path.name}: total is the counted figures' sum"


def test_the_agreement_script_compares_the_two_readings() -> None:
    script = Path(__file__).parents[1] / "scripts" / "money_agreement.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert f"two readings of {len(list(SECOND_DIR.glob('*.toml')))} development sheets" in done.stdout
    assert "counted flag agrees" in done.stdout and "sheet totals within 5%" in done.stdout
