"""The synthetic corpus generator: byte-identical output for a seed, realistic shape when parsed.

Benchmarks compare runs over generated fact sheets, so the same (n, seed) must always give the
same files, and the sheets must look to the real parser like the Briefing Room's: about ten
initiatives and five dollar figures each, with acronyms, links and nested amounts.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from benchmarks.synth import fact_sheet, generate, write_corpus
from bot.ingest import parse_document

SAMPLE = 60


@pytest.fixture(scope="module")
def parsed() -> list:
    return [parse_document(text.encode("utf-8"), name) for name, text in generate(SAMPLE, seed=0)]


def test_same_seed_gives_identical_sheets() -> None:
    assert list(generate(25, seed=3)) == list(generate(25, seed=3))
    # A sheet depends only on (index, seed), not on how many were generated before it.
    assert fact_sheet(17, seed=3) == list(generate(25, seed=3))[17]


def test_different_seeds_and_indexes_give_different_sheets() -> None:
    first = [text for _, text in generate(20, seed=0)]
    other = [text for _, text in generate(20, seed=1)]
    assert len(set(first)) == 20
    assert not set(first) & set(other)
    names = [name for name, _ in generate(200, seed=0)]
    assert len(set(names)) == len(names)


def test_written_corpus_is_the_generated_one(tmp_path: Path) -> None:
    out = write_corpus(tmp_path / "synth", 150, seed=2)
    files = sorted(out.rglob("*.md"))
    assert len(files) == 150
    assert len({f.parent for f in files}) == 2  # 100 sheets per folder
    expected = dict(generate(150, seed=2))
    assert {f.name: f.read_text(encoding="utf-8") for f in files} == expected


def test_about_ten_initiatives_and_five_dollar_figures_per_sheet(parsed: list) -> None:
    initiatives = [len(doc.initiatives) for doc in parsed]
    dollars = [len(doc.funding) for doc in parsed]
    assert 9 <= statistics.fmean(initiatives) <= 11, initiatives
    assert 4 <= statistics.fmean(dollars) <= 7, dollars
    assert min(initiatives) >= 6 and max(initiatives) <= 14
    assert min(dollars) >= 2


def test_sheets_carry_what_real_ones_do(parsed: list) -> None:
    for doc in parsed:
        assert doc.title.startswith("FACT SHEET:")
        assert doc.date is not None
        assert doc.source_url and doc.source_url.startswith("https://")
        assert not doc.warnings, (doc.path, doc.warnings)
        assert doc.acronyms, doc.path  # "Full Name (ACR)" definitions are found
        assert all(init.title for init in doc.initiatives)
    # Across the sample: links in initiatives, nested "including $X for" parts, lower bounds.
    assert any(init.links for doc in parsed for init in doc.initiatives)
    assert any(not f.counted and (f.reason or "").startswith("part of") for doc in parsed for f in doc.funding)
    assert any(f.qualifier == "more than" for doc in parsed for f in doc.funding)
