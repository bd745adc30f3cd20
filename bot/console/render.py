"""Replies on a terminal: Discord Markdown drawn with rich, or (``--json``) the exact Discord payload.

Wrapped to the terminal when one is attached, whole lines when piped, so links stay copyable.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.text import Text

from bot.reply.model import Embed, Page, Reply

_INLINE = re.compile(
    r"\\(?P<escaped>[^\w\s])"
    r"|(?P<marker>\*\*|__|~~|\|\|)"
    r"|(?<![\w*])\*(?P<star>[^\s*](?:[^*\n]*?[^\s*\\])?)\*(?![*\w])"  # *italic*
    r"|(?<![\w_])_(?P<under>[^\s_](?:[^_\n]*?[^\s_\\])?)_(?![_\w])"  # _italic_
    r"|`(?P<code>[^`\n]+)`"
    r"|\[(?P<label>(?:[^\[\]\\\n]|\\.)*)\]\((?P<url>(?:[^()\s]|\([^()\s]*\))*)\)"
)
_MARKER_STYLES = {"**": "bold", "__": "underline", "~~": "strike", "||": "dim"}


def _inline(line: str, base: str = "") -> Text:
    """One line of Discord Markdown as styled terminal text; links show their address."""
    out = Text()
    active: list[str] = []

    def style() -> str:
        return " ".join(filter(None, [base, *(_MARKER_STYLES[m] for m in active)]))

    position = 0
    for match in _INLINE.finditer(line):
        out.append(line[position:match.start()], style=style())
        position = match.end()
        if match.group("escaped") is not None:
            out.append(match.group("escaped"), style=style())
        elif match.group("marker") is not None:
            marker = match.group("marker")
            if marker in active:
                active.remove(marker)
            else:
                active.append(marker)
        elif match.group("star") is not None or match.group("under") is not None:
            out.append_text(_inline(match.group("star") or match.group("under"), f"{style()} italic".strip()))
        elif match.group("code") is not None:
            out.append(match.group("code"), style=f"{style()} cyan".strip())
        else:
            label = re.sub(r"\\(.)", r"\1", match.group("label"))
            out.append(label, style=f"{style()} underline".strip())
            out.append(f" ({match.group('url')})", style="dim")
    out.append(line[position:], style=style())
    return out


def _markdown(text: str, base: str = "") -> Text:
    """Discord Markdown (headings, quotes, sub-text, inline styles) as terminal text."""
    lines: list[Text] = []
    for line in text.splitlines():
        heading = re.match(r"#{1,3}\s+", line)
        if heading:
            lines.append(_inline(line[heading.end():], f"{base} bold".strip()))
        elif line.startswith("-# "):
            lines.append(_inline(line[3:], f"{base} dim".strip()))
        elif re.match(r">>?>?\s", line):
            lines.append(Text("│ ", style="dim") + _inline(re.sub(r"^>+\s", "", line), base))
        else:
            lines.append(_inline(line, base))
    return Text("\n").join(lines)


class _Indented:
    """Text indented under a field name: wrapped with the indent kept on a terminal, one
    unwrapped line per line otherwise, so piped links stay whole and copyable."""

    def __init__(self, text: Text, indent: int = 2) -> None:
        self.text = text
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if console.soft_wrap:
            yield Text("\n").join(Text(" " * self.indent) + line for line in self.text.split("\n"))
        else:
            yield Padding(self.text, (0, 0, 0, self.indent), expand=False)


def output_console() -> Console:
    """Rich output to stdout: wrapped for a terminal, whole lines when piped."""
    out = Console(highlight=False)
    out.soft_wrap = not out.is_terminal
    return out


def _embed_renderables(embed: Embed) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if embed.title:
        parts.append(_markdown(embed.title, "bold"))
    if embed.url:
        parts.append(Text(embed.url, style="dim"))
    if embed.description:
        parts.append(_markdown(embed.description))
    for item in embed.fields:
        parts.append(Text(""))
        parts.append(_markdown(item.name, "bold"))
        parts.append(_Indented(_markdown(item.value)))
    if embed.footer:
        parts.append(Text(""))
        parts.append(_markdown(embed.footer, "dim"))
    return parts


def page_count(reply: Reply) -> int:
    """Pages a reply turns through; a reply with none still shows one ("Nothing to show.")."""
    return max(len(reply.pages), 1)


def no_such_page(number: int, count: int) -> str:
    """``there is no page 5 (1 page)``, for a page number (from 1) outside the reply."""
    return f"there is no page {number} ({count} page{'' if count == 1 else 's'})"


def _says_page(page: Page, number: int, count: int) -> bool:
    """Whether the page already says ``page i/n`` itself (handlers put it in the footer)."""
    marker = f"page {number}/{count}"
    texts = [page.content or ""] + [embed.footer or "" for embed in page.embeds]
    return any(marker in text.lower() for text in texts)


def _choice_lines(reply: Reply) -> list[RenderableType]:
    """The did-you-mean choices as a numbered list: the console picks them by number."""
    parts: list[RenderableType] = [Text(""), Text("Did you mean…?", style="bold")]
    for number, choice in enumerate(reply.choices, 1):
        line = Text(f"{number}. ") + _inline(choice.label)
        if choice.description:
            line.append(f" — {choice.description}", style="dim")
        parts.append(_Indented(line))
    return parts


def render_text(reply: Reply, page: int = 0) -> RenderableType:
    """One page of ``reply`` for a terminal: bold titles, links spelled out, fields, footer,
    ``page i/n`` once when there are several, and the did-you-mean choices as a numbered list."""
    pages = reply.pages or [Page()]
    index = min(max(page, 0), len(pages) - 1)
    current = pages[index]
    parts: list[RenderableType] = []
    if current.content:
        parts.append(_markdown(current.content, "red" if reply.error else ""))
    for embed in current.embeds:
        if parts:
            parts.append(Text(""))
        parts.extend(_embed_renderables(embed))
    if not parts:
        parts.append(Text("Nothing to show.", style="dim"))
    if len(pages) > 1 and not _says_page(current, index + 1, len(pages)):
        parts.append(Text(""))
        parts.append(Text(f"page {index + 1}/{len(pages)}", style="dim"))
    if reply.choices and index == 0:
        parts.extend(_choice_lines(reply))
    return Group(*parts)


def dump_json(payload: dict[str, Any]) -> str:
    """``--json``: the Discord payload as sent, readable (indented, non-ASCII kept)."""
    return json.dumps(payload, indent=2, ensure_ascii=False)


def print_error(message: str, usage: str | None = None) -> None:
    """``briefbot: error: …`` on stderr, then the usage line that would have worked."""
    print(f"briefbot: error: {message}", file=sys.stderr, flush=True)
    if usage:
        print(usage, file=sys.stderr, flush=True)
