"""Write an empty gold-set file for one fact sheet: every dollar figure of its body, in order,
with the line it stands on, and blank labels for an annotator to fill in by reading the sheet.

The figures are found with a plain pattern of its own (any "$" followed by a digit), not with
the parser, so that the gold set can measure whether the parser finds every figure.

    python scripts/money_gold_template.py corpus/2022-08-09-chips-and-science-act.md dev
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
FIGURE_RE = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:thousand|million|billion|trillion|[KkMBT]\b))?", re.I)
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "money"


def _body(text: str) -> tuple[str, int]:
    """The text after the front matter, and how many lines the front matter took."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            head = text[: end + 4]
            return text[end + 4:], head.count("\n")
    return text, 0


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(relative: str, split: str) -> None:
    path = SHARED / relative
    text = path.read_text(encoding="utf-8")
    body, offset = _body(text)
    lines = [f"path = {_toml_string(relative)}", f"split = {_toml_string(split)}",
             "total = 0  # the total an analyst would state, in dollars", "# alt_total = 0",
             'note = ""', ""]
    n = 0
    for line_number, line in enumerate(body.splitlines(), start=offset + 1):
        for match in FIGURE_RE.finditer(line):
            n += 1
            lo, hi = max(0, match.start() - 90), min(len(line), match.end() + 90)
            context = " ".join(line[lo:hi].split())
            lines += [
                "[[figure]]",
                f"n = {n}",
                f"text = {_toml_string(match.group(0))}",
                f"line = {line_number}",
                f"context = {_toml_string(context)}",
                "amount = 0",
                'kind = ""',
                'source = ""',
                'relation = ""',
                "counted = false",
                'note = ""',
                "",
            ]
    name = Path(relative).stem[:80]
    out = OUT / f"{name}.toml"
    if out.exists():
        sys.exit(f"{out} exists: not overwritten")
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"{out.relative_to(OUT.parent.parent.parent)}: {n} figures")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "dev")
