"""YAML front matter: title (required), date, published_time, source_url, tags.

python-frontmatter finds and splits the block; we read it with a loader that keeps a malformed
timestamp (``date: 2023-02-30``) as text instead of failing the whole file, so a bad date
becomes a warning rather than a rejected fact sheet. The loader also refuses front matter whose
aliases (``*name``) would expand it far beyond its own size (a "billion laughs" alias bomb, or an
alias that contains itself) before anything is built from it, and notes duplicate keys.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import yaml
from frontmatter.default_handlers import YAMLHandler

from bot.ingest._errors import ParseError
from bot.ingest._normalize import normalize_display, single_spaces

# The same safe loader python-frontmatter picks (the C one when LibYAML is present).
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# How much larger aliases may make the front matter than its own text, counted as nodes plus the
# characters of their text. Real sheets use no aliases; an alias bomb of a few hundred bytes
# would otherwise expand to billions of items.
ALIAS_BUDGET = 100_000


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]  # base picked at run time (C loader if built)
    """A safe loader that is tolerant of impossible dates, bounds what aliases expand to and
    records the keys the top-level mapping repeats (``duplicate_keys``)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.budget = len(stream) + ALIAS_BUDGET
        self.duplicate_keys: list[str] = []

    def construct_document(self, node: yaml.Node) -> object:
        _check_expansion(node, self.budget)
        self.duplicate_keys = _duplicate_keys(node)
        return super().construct_document(node)


def _check_expansion(root: yaml.Node, budget: int) -> None:
    """ParseError when the document, with every alias replaced by what it names, exceeds
    ``budget`` (nodes plus characters), or when an alias is part of the node it names.

    Linear in the number of distinct nodes: each node's expanded size is computed once, so a
    few hundred bytes that would expand to billions of items cost a few hundred steps.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # the nodes whose children are being sized: the current path
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1 + len(node.value)
            continue
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise ParseError("invalid YAML front matter: an alias (*name) refers to a node it is part of")
            if id(child) not in sizes:
                stack.append((child, False))
    if sizes[id(root)] > budget:
        raise ParseError(
            f"invalid YAML front matter: its aliases (*name) expand to over {ALIAS_BUDGET:,} more items "
            "and characters than are written"
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value  # type: ignore[no-any-return]  # the stubs leave a node's value untyped
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _duplicate_keys(root: yaml.Node) -> list[str]:
    """Keys written more than once in the top-level mapping (YAML keeps the last value)."""
    if not isinstance(root, yaml.MappingNode):
        return []
    seen: set[tuple[str, str]] = set()
    repeated: list[str] = []
    for key, _value in root.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if (key.tag, key.value) in seen and key.value not in repeated:
            repeated.append(key.value)
        seen.add((key.tag, key.value))
    return repeated


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]  # a non-scalar is refused inside
    except (ValueError, OverflowError, TypeError):
        return loader.construct_scalar(node)  # type: ignore[arg-type]  # as above: refused when not a scalar


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

_HANDLER = YAMLHandler()
_URL_FORBIDDEN_RE = re.compile(r"[\s<>\"\x00-\x1f\x7f]")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%m/%d/%Y", "%Y/%m/%d", "%Y%m%d")


@dataclass(slots=True)
class FrontMatter:
    title: str
    date: dt.date | None
    published_time: str | None
    source_url: str | None
    tags: list[str]
    body: str
    warnings: list[str] = field(default_factory=list)


def read_front_matter(text: str) -> FrontMatter:
    """Split ``text`` into front matter fields and the Markdown body; ParseError if unusable."""
    text = text.lstrip()
    if not _HANDLER.detect(text):
        raise ParseError("no front matter")
    try:
        raw_front, body = _HANDLER.split(text)
    except ValueError:
        raise ParseError("front matter is not closed (no second '---' line)") from None
    loader = _Loader(raw_front)
    try:
        metadata = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise ParseError(f"invalid YAML front matter: {_yaml_reason(exc)}") from None
    except (ValueError, TypeError, OverflowError, RecursionError, AttributeError) as exc:
        raise ParseError(f"invalid YAML front matter: {exc}") from None
    finally:
        loader.dispose()
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise ParseError("invalid YAML front matter: not a list of 'key: value' lines")

    warnings = [f"front matter has {_quote(key)} more than once; the last one is used" for key in loader.duplicate_keys]
    title = _title(metadata.get("title"), warnings)
    published_time = _published_time(metadata.get("published_time"))
    date = _date(metadata, warnings)
    return FrontMatter(
        title=title,
        date=date,
        published_time=published_time,
        source_url=_source_url(metadata.get("source_url"), warnings),
        tags=_tags(metadata.get("tags")),
        body=body,
        warnings=warnings,
    )


def _yaml_reason(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f" (line {mark.line + 1} of the front matter)" if mark is not None else ""
    return f"{problem}{where}"


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, dt.date):  # also datetime
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return " ".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(f"{_as_text(k)} {_as_text(v)}" for k, v in value.items())
    return str(value)


def _title(value: object, warnings: list[str]) -> str:
    if value is None:
        raise ParseError("no title in front matter")
    if not isinstance(value, str):
        warnings.append(f"title is a {type(value).__name__}, not text; used as text")
    title = single_spaces(normalize_display(_as_text(value)))
    if not title:
        raise ParseError("no title in front matter")
    return title


def _published_time(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return str(value)  # "2023-11-16 11:04:25-05:00", as written in the file
    if isinstance(value, dt.date):
        return value.isoformat()
    text = single_spaces(normalize_display(_as_text(value)))
    return text or None


def _date(metadata: dict[object, object], warnings: list[str]) -> dt.date | None:
    value = metadata.get("date")
    if value is None or (isinstance(value, str) and not value.strip()):
        fallback = metadata.get("published_time")
        if fallback is None:
            warnings.append("no date or published_time in front matter; date unknown")
            return None
        parsed = _to_date(fallback)
        if parsed is None:
            warnings.append(f"no date, and published_time {_quote(fallback)} is not a date; date unknown")
        return parsed
    parsed = _to_date(value)
    if parsed is None:
        warnings.append(f"date {_quote(value)} is not a date; kept as unknown")
    return parsed


def _to_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 10_000_101 <= value <= 99_991_231:
        value = str(value)  # date: 20240102 is read by YAML as a number; it is written as YYYYMMDD
    if not isinstance(value, str):
        return None
    text = value.strip()
    for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date()):
        try:
            return parse(text)
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return None


def _quote(value: object) -> str:
    text = single_spaces(_as_text(value))
    return repr(text if len(text) <= 60 else text[:59] + "…")


def _source_url(value: object, warnings: list[str]) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        url = value.strip()
        try:
            parts = urlsplit(url)
        except ValueError:
            parts = None
        if (parts is not None and parts.scheme in ("http", "https") and parts.netloc
                and not _URL_FORBIDDEN_RE.search(url)):
            return url
    warnings.append(f"source_url {_quote(value)} dropped: not an http(s) URL")
    return None


def _tags(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        items: list[object] = list(value.split(","))
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:
        items = [value]
    tags: list[str] = []
    for item in items:
        if item is None:
            continue
        tag = single_spaces(normalize_display(_as_text(item)))
        if tag and tag not in tags:
            tags.append(tag)
    return tags
