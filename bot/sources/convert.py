"""A fact sheet's web page → a fact-sheet Markdown file (YAML front matter + Markdown body).

The page's chrome (header, navigation, breadcrumbs, share links, related links, footer) is
removed, the main content is found (``<main>``/``<article>``/``role=main``, else the body) and
converted by markdownify, which keeps headings (ATX), lists, bold leads and links — what the
parser reads initiatives and money from. ``scripts/feed_parity.py`` measures how closely the
result matches the original Markdown, and compares trafilatura's Markdown output.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml
from bs4 import BeautifulSoup, Tag

from bot.sources import SourceError

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "form", "iframe", "header", "nav", "footer",
              "aside", "button", "dialog", "select", "input")
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog"}
_NOISE = re.compile(r"(^|[-_ ])(breadcrumbs?|share|sharing|social|related|skip(-link)?|cookie|newsletter|"
                    r"subscribe|sidebar|site-header|site-footer|menu|pagination|print)([-_ ]|$)", re.IGNORECASE)
_MAIN_SELECTORS = ("main article", "article", "main", "[role=main]", "#content", ".entry-content", "body")


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    date: str | None  # ISO date, in the page's own time zone
    published_time: str | None
    body: str  # Markdown


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if isinstance(tag, Tag) and str(tag.get("content") or "").strip():
            return str(tag["content"]).strip()
    return None


def _date_of(text: str | None) -> tuple[str | None, str | None]:
    """(ISO date, ISO time) from an ISO 8601 or RFC 822 time, keeping the time's own offset."""
    if not text:
        return None, None
    from email.utils import parsedate_to_datetime

    moment: dt.datetime | None
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text.strip())
        except (TypeError, ValueError):
            moment = None
    if moment is None:
        return None, None
    return moment.date().isoformat(), moment.isoformat()


def _is_noise(tag: Tag) -> bool:
    if tag.name in _DROP_TAGS or str(tag.get("role") or "").lower() in _DROP_ROLES:
        return True
    if tag.get("aria-hidden") == "true" or tag.has_attr("hidden"):
        return True
    marks = " ".join([*tag.get("class", []), str(tag.get("id") or "")])  # type: ignore[misc, arg-type]  # bs4 gives class as a list of strings
    return bool(marks and _NOISE.search(marks))


def main_content(soup: BeautifulSoup) -> Tag:
    """The element holding the article, with the page chrome inside it removed."""
    for tag in [t for t in soup.find_all(True) if isinstance(t, Tag)]:
        if tag.decomposed:
            continue
        if tag.name not in ("html", "body", "main", "article") and _is_noise(tag):
            tag.decompose()
    for selector in _MAIN_SELECTORS:
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            return found
    raise SourceError("the page has no text")


def html_to_markdown(html: str, *, extractor: str = "markdownify") -> Page:
    """Title, date and Markdown body of a fact sheet's page."""
    soup = BeautifulSoup(html, "html.parser")
    h1 = soup.find("h1")
    title = (_meta(soup, "og:title", "twitter:title") or (h1.get_text(" ", strip=True) if h1 else None)
             or (soup.title.get_text(" ", strip=True) if soup.title else "") or "")
    time_tag = soup.find("time")
    stamp = _meta(soup, "article:published_time", "date", "dc.date") or (
        str(time_tag.get("datetime")) if isinstance(time_tag, Tag) and time_tag.get("datetime") else None)
    date, published = _date_of(stamp)
    if extractor == "trafilatura":
        body = _trafilatura(html)
    else:
        root = main_content(soup)
        heading = root.find("h1")
        if isinstance(heading, Tag):
            heading.decompose()  # the title goes in the front matter
        body = _markdownify(root)
    if not body.strip():
        raise SourceError("the page has no text")
    return Page(title=" ".join(title.split()), date=date, published_time=published, body=body)


def _markdownify(root: Tag) -> str:
    from markdownify import MarkdownConverter

    converter = MarkdownConverter(heading_style="ATX", bullets="-", strong_em_symbol="*", escape_asterisks=False,
                                  escape_underscores=False, escape_misc=False, wrap=False)
    text = converter.convert_soup(root)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _trafilatura(html: str) -> str:
    import trafilatura  # optional: only for comparing extractors (scripts/feed_parity.py)

    return trafilatura.extract(html, output_format="markdown", include_links=True, include_formatting=True,
                               include_tables=True, favor_recall=True) or ""


def sheet_text(page: Page, *, source_url: str, title: str | None = None, date: str | None = None,
               published_time: str | None = None) -> str:
    """The fact-sheet file: front matter (title, date, source URL) and the body. The feed's own
    title and date are used where the page has none."""
    front: dict[str, str] = {"title": page.title or title or source_url}
    day = page.date or date
    if day:
        front["date"] = day
    stamp = page.published_time or published_time
    if stamp:
        front["published_time"] = stamp
    front["source_url"] = source_url
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{header}---\n\n{page.body}"


def date_of(text: str | None) -> tuple[str | None, str | None]:
    """Public form of ``_date_of``, for feed entries' own dates."""
    return _date_of(text)
