"""The store's seams: row shapes that match the schema, and no reaching into the store from outside."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.rows import (
    ACRONYM_COLUMNS,
    DOCUMENT_COLUMNS,
    FUNDING_COLUMNS,
    INITIATIVE_COLUMNS,
    AcronymRow,
    InitiativeRow,
    select_list,
)
from tests.test_store import make_doc

ROOT = Path(__file__).resolve().parents[1]


async def test_each_row_shape_reads_its_table_in_field_order(store: Store, tmp_db: Path) -> None:
    await store.ingest(make_doc())
    with sqlite3.connect(tmp_db) as conn:
        for table, columns in (("documents d", DOCUMENT_COLUMNS), ("initiatives", INITIATIVE_COLUMNS),
                               ("funding", FUNDING_COLUMNS), ("acronyms", ACRONYM_COLUMNS)):
            assert conn.execute(f"SELECT {columns} FROM {table}").fetchall(), table
        row = InitiativeRow._make(conn.execute(f"SELECT {INITIATIVE_COLUMNS} FROM initiatives ORDER BY ord").fetchone())
    first = (await store.snapshot()).initiatives[0]
    assert (row.id, row.document_id, row.title, row.order) == (first.id, first.document_id, first.title, first.order)


def test_a_select_list_naming_no_field_is_refused() -> None:
    assert select_list(AcronymRow) == "document_id, short, full"
    with pytest.raises(ValueError, match="no field shrt"):
        select_list(AcronymRow, {"shrt": "upper(short)"})


def test_nothing_outside_the_store_touches_its_connection_or_internals() -> None:
    offenders = []
    for folder in ("bot", "benchmarks", "scripts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.is_relative_to(ROOT / "bot" / "store"):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute | ast.Name):
                    owner = node.value.attr if isinstance(node.value, ast.Attribute) else node.value.id
                    if owner == "store" and (node.attr == "connection" or node.attr.startswith("_")):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: store.{node.attr}")
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bot.store._"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: from {node.module}")
    assert offenders == []
