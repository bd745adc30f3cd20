"""``briefbot export``: JSON and CSV of what is stored, checked on the bundled seed fact sheet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.export import COLUMNS

SEED_TITLE_START = "FACT SHEET: Biden"
SEED_URL = ("https://www.whitehouse.gov/briefing-room/statements-releases/2023/11/16/"
            "fact-sheet-biden-harris-administration-continues-progress-on-fight-against-global-illicit-drug-trafficking/")


def export_json(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["--db", str(db), "export", *args]) == 0
    exported: dict[str, Any] = json.loads(capsys.readouterr().out)
    return exported


def test_a_fresh_database_exports_the_seed_with_every_table(
    tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = export_json(tmp_db, capsys)
    assert list(data) == ["documents", "initiatives", "funding"]
    (doc,) = data["documents"]
    assert doc["title"].startswith(SEED_TITLE_START)
    assert (doc["date"], doc["source_url"], doc["tags"]) == ("2023-11-16", SEED_URL, ["statements-releases"])
    assert doc["path"].endswith("2023-11-16-fact-sheet-global-illicit-drug-trafficking.md")
    assert doc["initiative_count"] == len(data["initiatives"]) > 0
    for table, rows in data.items():
        assert all(list(row) == list(COLUMNS[table]) for row in rows), table
    assert {row["document_title"] for row in data["initiatives"]} == {doc["title"]}
    assert all(row["title"] and row["text"] for row in data["initiatives"])


def test_the_seed_funding_counts_each_dollar_once(tmp_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = export_json(tmp_db, capsys, "--what", "funding")
    assert list(data) == ["funding"]
    funding = data["funding"]
    assert len(funding) == 7
    counted = [row for row in funding if row["counted"]]
    assert len(counted) == 2  # the two supplemental requests; the FY 2024 Budget's are said again
    assert all(row["reason"] is None for row in counted)
    assert sorted(row["reason"] for row in funding if not row["counted"]) == [
        "announced earlier or cumulative", "asked for earlier, in the FY 2024 Budget",
        "asked for earlier, in the FY 2024 Budget", "part of $535 million", "repeat of $1.2 billion"]
    part = next(row for row in funding if row["reason"] == "part of $535 million")
    assert part["amount_usd"] == 305_000_000 and part["text"].endswith("$305 million")
    assert sum(row["amount_usd"] for row in counted) == 2_750_000_000
    for row in funding:
        assert isinstance(row["amount_usd"], int | float) and row["amount_usd"] > 0
        assert isinstance(row["counted"], bool)
        assert row["source_url"] == SEED_URL
        assert row["initiative"] is None or isinstance(row["initiative"], str)
    assert any(row["initiative"] for row in funding)  # bullets' amounts name their initiative


def test_funding_rows_say_kind_source_relation_position_and_sentence(
    tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    funding = export_json(tmp_db, capsys, "--what", "funding")["funding"]
    assert [row["position"] for row in funding] == list(range(7))
    assert [(row["text"], row["kind"], row["source"], row["relation"]) for row in funding] == [
        ("$26 billion", "request", "federal", None),
        ("$1.55 billion", "request", "federal", None),
        ("more than $1.2 billion", "request", "federal", None),
        ("$535 million", "request", "federal", None),
        ("$305 million", "request", "federal", "part of #3"),  # the $535 million at position 3
        ("more than $1.2 billion", "request", "federal", "repeat of #2"),  # first said at position 2
        ("more than $302 million", "background", None, None),
    ]
    for row in funding:
        assert row["sentence"] and row["text"].split()[-2] in row["sentence"]
    assert main(["--db", str(tmp_db), "export", "--format", "csv", "--what", "funding"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(row["relation"], row["position"], row["kind"], row["source"]) for row in rows][4:6] == [
        ("part of #3", "4", "request", "federal"), ("repeat of #2", "5", "request", "federal")]
    assert rows[0]["relation"] == ""  # no related figure: an empty cell


@pytest.mark.parametrize("table", ["documents", "initiatives", "funding"])
def test_csv_has_the_same_columns_and_rows_as_json(
    table: str, tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = export_json(tmp_db, capsys, "--what", table)[table]
    assert main(["--db", str(tmp_db), "export", "--format", "csv", "--what", table]) == 0
    reader = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert tuple(reader.fieldnames or ()) == COLUMNS[table]
    csv_rows = list(reader)
    assert len(csv_rows) == len(rows)
    for from_csv, from_json in zip(csv_rows, rows, strict=True):
        assert from_csv["title" if table != "funding" else "text"] == from_json[
            "title" if table != "funding" else "text"]
        if table == "funding":
            assert float(from_csv["amount_usd"]) == from_json["amount_usd"]
            assert from_csv["counted"] == ("true" if from_json["counted"] else "false")
            assert from_csv["reason"] == (from_json["reason"] or "")


def test_csv_needs_a_table(tmp_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_db), "export", "--format", "csv"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "--what" in err


def test_output_goes_to_a_file(tmp_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "funding.csv"
    assert main(["--db", str(tmp_db), "export", "--format", "csv", "--what", "funding", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(COLUMNS["funding"]) and len(lines) == 8
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_an_unwritable_output_is_one_line_and_exit_2(
    tmp_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "out.json"
    assert main(["--db", str(tmp_db), "export", "--output", str(target)]) == 2
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if "error" in line]
    assert line.startswith("briefbot: error: cannot write ") and "no/such/folder" in line
    assert "Traceback" not in err
