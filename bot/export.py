"""``briefbot export``: the stored documents, initiatives and funding as JSON or CSV.

JSON holds every table asked for under its own key; CSV holds one table (``--what``). Columns
are the same in both, so a spreadsheet and a script see the same data.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from bot.store import Store

FORMATS = ("json", "csv")
TABLES = ("documents", "initiatives", "funding")
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("title", "date", "source_url", "path", "tags", "initiative_count"),
    "initiatives": ("document_title", "title", "section", "text", "source_url"),
    "funding": (
        "document_title", "source_url", "initiative", "amount_usd", "text", "qualifier", "category",
        "fiscal_year", "counted", "reason", "kind", "source", "relation", "position", "sentence",
    ),
}


class ExportError(Exception):
    """The export cannot be made as asked; the message says how to ask instead."""


async def collect(store: Store, tables: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The rows of each table, keyed by table name, in the order asked."""
    for table in tables:
        if table not in TABLES:
            raise ExportError(f"unknown table {table!r}: choose one of {', '.join(TABLES)}")
    return {table: [_columns(row, table) for row in await store.export_rows(table)] for table in tables}


def _columns(row: dict[str, Any], table: str) -> dict[str, Any]:
    return {column: row.get(column) for column in COLUMNS[table]}


def write_json(data: dict[str, list[dict[str, Any]]], out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_csv(rows: list[dict[str, Any]], table: str, out: TextIO) -> None:
    """One table, one header row; lists joined with "; ", booleans as true/false, None empty."""
    writer = csv.writer(out, lineterminator="\n")
    columns = COLUMNS[table]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(row.get(column)) for column in columns])


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return value


async def export(store: Store, *, fmt: str = "json", what: str | None = None, out: TextIO) -> int:
    """Write the export to ``out``; returns how many rows were written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose json or csv")
    if fmt == "csv":
        if what is None:
            raise ExportError("CSV holds one table: add --what documents, --what initiatives or --what funding")
        rows = (await collect(store, [what]))[what]
        write_csv(rows, what, out)
        return len(rows)
    data = await collect(store, [what] if what else TABLES)
    write_json(data, out)
    return sum(len(rows) for rows in data.values())


async def export_to_file(store: Store, path: Path, *, fmt: str = "json", what: str | None = None) -> int:
    """Like ``export`` into a file, written whole or not at all (no half-written file on failure)."""
    path = Path(path)
    directory = path.resolve().parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            count = await export(store, fmt=fmt, what=what, out=out)
        os.chmod(temp_name, 0o644)  # mkstemp makes it private; an export is an ordinary file
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return count
