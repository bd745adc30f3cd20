"""Every real fact sheet in ../shared parses, and nearly all of them yield initiatives."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import ParseError, parse_document
from bot.model import CATEGORIES

# Measured: 1,631 of 1,661 sheets (98.2%) yield at least one initiative; the rest are prose-only
# (statements, an image-only sheet, tables). A drop below this means a structure rule broke.
MIN_SHARE_WITH_INITIATIVES = 0.97


def _sheets(shared: Path) -> list[Path]:
    files = [p for folder in ("corpus", "wh-factsheets") for p in sorted((shared / folder).rglob("*.md"))]
    return [p for p in files if p.name != "SOURCES.md"]


@pytest.mark.slow
def test_every_real_sheet_parses_and_most_have_initiatives(shared_dir: Path) -> None:
    sheets = _sheets(shared_dir)
    assert len(sheets) == 1661
    rejected: list[str] = []
    without_initiatives: list[str] = []
    mentions = 0
    for path in sheets:
        try:
            doc = parse_document(path.read_bytes(), str(path))
        except ParseError as exc:
            rejected.append(f"{path.name}: {exc}")
            continue
        assert doc.title and doc.date is not None, path.name
        assert doc.warnings == [], (path.name, doc.warnings)
        if not doc.initiatives:
            without_initiatives.append(path.name)
        for mention in doc.funding:
            assert mention.category in CATEGORIES
            assert mention.counted == (mention.reason is None)
        mentions += len(doc.funding)
    assert rejected == []
    share = 1 - len(without_initiatives) / len(sheets)
    assert share >= MIN_SHARE_WITH_INITIATIVES, without_initiatives
    assert mentions > 10_000  # dollar figures are everywhere in these sheets


def test_every_curated_corpus_sheet_has_initiatives(shared_dir: Path) -> None:
    # 40 sheets picked for varied structure: numbered lists, nested bullets, ALL-CAPS labels over
    # prose, raw HTML tables, no bullets at all.
    corpus = sorted((shared_dir / "corpus").glob("*.md"))
    corpus = [p for p in corpus if p.name != "SOURCES.md"]
    assert len(corpus) == 40
    empty = [p.name for p in corpus if not parse_document(p.read_bytes(), str(p)).initiatives]
    assert empty == []
