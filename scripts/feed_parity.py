"""Feed parity: every corpus sheet rendered to a realistic web page and converted back.

Prints, per extractor, how many initiatives and money figures of the original Markdown the
converted sheet keeps, and on how many sheets the counted total is the same.

    .venv/bin/python scripts/feed_parity.py [--corpus ../shared/corpus] [--extractor markdownify|trafilatura|both] [-v]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.ingest import parse_document  # noqa: E402
from bot.sources.convert import html_to_markdown, sheet_text  # noqa: E402
from bot.sources.folder import is_fact_sheet_name  # noqa: E402
from bot.sources.parity import Parity  # noqa: E402
from tests.source_pages import render_page  # noqa: E402


def measure(corpus: Path, extractor: str) -> Parity:
    parity = Parity()
    for path in sorted(p for p in corpus.glob("*.md") if is_fact_sheet_name(p)):
        raw = path.read_bytes()
        original = parse_document(raw, str(path))
        _meta, page = render_page(raw.decode("utf-8"))
        converted_page = html_to_markdown(page, extractor=extractor)
        text = sheet_text(converted_page, source_url=original.source_url or f"http://localhost/{path.name}")
        converted = parse_document(text.encode("utf-8"), f"converted/{path.name}")
        parity.add(path.name, original.initiatives, original.funding, converted.initiatives, converted.funding)
    return parity


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--extractor", choices=("markdownify", "trafilatura", "both"), default="both")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the sheets that differ")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    for extractor in (("markdownify", "trafilatura") if args.extractor == "both" else (args.extractor,)):
        parity = measure(args.corpus, extractor)
        print(f"{extractor:12} {parity.text()}")
        if args.verbose:
            for line in parity.differences:
                print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
