"""Fact-sheet parser: Markdown with YAML front matter in, ``bot.model.ParsedDocument`` out.

``parse_document`` is pure (bytes in, document out); ``parse_file`` adds the size check and the
read. Both raise ``ParseError`` — and nothing else but ``MemoryError`` — with a one-line reason
for unusable input.
``fold_for_match`` is the text fold the query layer uses so queries and documents compare alike;
``find_money`` is the parser's reading of the dollar figures in a text, for the query layer to read a
title's sums as the stored figures were read.
"""

from bot.ingest._document import DEFAULT_MAX_BYTES, parse_document, parse_file
from bot.ingest._errors import ParseError
from bot.ingest._money import find_money
from bot.ingest._normalize import fold_for_match, normalize_display

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ParseError",
    "find_money",
    "fold_for_match",
    "normalize_display",
    "parse_document",
    "parse_file",
]
