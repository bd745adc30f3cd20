"""A fact sheet rendered as a realistic web page (header, navigation, breadcrumbs, share links,
footer), and an RSS feed of such pages: what the feed tests and ``scripts/feed_parity.py`` serve
to measure how faithfully a page becomes a fact sheet again."""

from __future__ import annotations

import datetime as dt
import html
from email.utils import format_datetime

import frontmatter
from markdown_it import MarkdownIt


def render_page(markdown_text: str) -> tuple[dict[str, object], str]:
    """(front matter, full HTML page) for a fact-sheet Markdown file."""
    post = frontmatter.loads(markdown_text)
    meta = dict(post.metadata)
    title = html.escape(str(meta.get("title") or "Untitled"))
    published = meta.get("published_time") or meta.get("date")
    stamp = html.escape(str(published)) if published else ""
    body = MarkdownIt("commonmark").enable("table").render(post.content)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | The White House</title>
<meta property="og:title" content="{title}">
{f'<meta property="article:published_time" content="{stamp}">' if stamp else ''}
<link rel="stylesheet" href="/assets/site.css"><script>window.dataLayer = [];</script></head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><a href="/">The White House</a>
<nav aria-label="Main"><ul><li><a href="/administration/">Administration</a></li><li><a href="/briefing-room/">Briefing Room</a></li>
<li><a href="/issues/">Issues</a></li><li><a href="/get-involved/">Get Involved</a></li></ul></nav>
<form role="search"><input name="s" placeholder="Search"><button>Search</button></form></header>
<main id="main">
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/briefing-room/">Briefing Room</a> › <a href="/briefing-room/statements-releases/">Statements and Releases</a></nav>
<article>
<h1 class="page-title">{title}</h1>
<div class="meta"><time datetime="{stamp}">{stamp}</time></div>
<div class="share-links"><a href="https://twitter.com/intent/tweet">Share on X</a> <a href="https://www.facebook.com/sharer">Share on Facebook</a> <a href="mailto:?subject={title}">Email</a></div>
<div class="entry-content">
{body}
</div>
</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/briefing-room/1">Another statement</a></li><li><a href="/briefing-room/2">A press briefing</a></li></ul></aside>
</main>
<footer class="site-footer"><nav><a href="/privacy/">Privacy Policy</a> <a href="/copyright/">Copyright</a> <a href="/accessibility/">Accessibility Statement</a></nav>
<p>The White House, 1600 Pennsylvania Ave NW, Washington, DC 20500</p>
<div class="newsletter"><p>Sign up for updates</p><form><input name="email"><button>Subscribe</button></form></div></footer>
</body></html>"""
    return meta, page


def _rfc822(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day, 12, tzinfo=dt.UTC)
    elif isinstance(value, str) and value.strip():
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        moment = moment if moment.tzinfo else moment.replace(hour=12, tzinfo=dt.UTC)
    else:
        return None
    return format_datetime(moment)


def render_feed(items: list[tuple[str, str, dict[str, object]]], *, title: str = "Briefing Room",
                link: str = "http://localhost/") -> str:
    """An RSS 2.0 feed of (entry id, page URL, front matter) items, newest first as served."""
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{html.escape(title)}</title>'
           f"<link>{html.escape(link)}</link><description>Fact sheets</description>"]
    for guid, url, meta in items:
        when = _rfc822(meta.get("published_time") or meta.get("date"))
        out.append(f"<item><title>{html.escape(str(meta.get('title') or ''))}</title><link>{html.escape(url)}</link>"
                   f'<guid isPermaLink="false">{html.escape(guid)}</guid>'
                   + (f"<pubDate>{when}</pubDate>" if when else "") + "</item>")
    out.append("</channel></rss>")
    return "".join(out)
