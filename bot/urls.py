"""Link targets the bot will write, checked in one place for every stage (no I/O).

A fact sheet is untrusted text. A URL from it ends up inside Discord Markdown (``[label](url)``),
in an embed's link and in link buttons, so it must be exactly one http(s) link that cannot close
the Markdown around it and open another: ``https://example.gov/a)[x](https://evil.example``
must not become a second, attacker-chosen link. ``safe_url`` gives a URL that is safe to write
anywhere, or None; ``honest_label`` keeps a masked link from showing one address and opening
another.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, urlsplit

URL_MAX = 2048  # Discord refuses longer embed and button URLs

# Characters left as they are after the host; everything else is percent-encoded. Not kept:
# ( ) [ ] < > \ " ` { } | ^ and spaces — what could end a Markdown link target or open
# another — and anything beyond ASCII. "%" is kept, so encoding twice changes nothing.
_KEEP = "-._~:/?#@!$&'*+,;=%"
_HOST_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?"
_HOST_RE = re.compile(rf"{_HOST_LABEL}(?:\.{_HOST_LABEL})*\.?")
_IPV6_RE = re.compile(r"\[[0-9A-Fa-f:.]+\]")
_PORT_RE = re.compile(r"(?::[0-9]*)?")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})


def safe_url(url: object) -> str | None:
    """``url`` as an http(s) link safe inside Discord Markdown, or None when it is not one.

    It needs an http or https scheme and a host name (no user name or password before it: a
    ``https://whitehouse.gov@evil.example`` goes to evil.example). No whitespace, control or
    invisible formatting characters anywhere. A host in another script is written in its ASCII
    (punycode) form, which shows look-alike letters for what they are. After the host, parentheses,
    brackets, angle brackets, quotes and other characters that could end a Markdown link are
    percent-encoded: the link goes to the same place and cannot break out.
    """
    if not isinstance(url, str):
        return None
    return _safe_text_url(url)


@lru_cache(maxsize=4096)  # the parser reads each link of a sheet twice; replies repeat the same links
def _safe_text_url(url: str) -> str | None:
    url = url.strip()
    if not url or len(url) > URL_MAX or any(
            unicodedata.category(char) in _REFUSED_CATEGORIES for char in url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number in range)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not url[len(parts.scheme):].startswith("://"):
        return None
    host = _ascii_host(parts.netloc)
    if host is None:
        return None
    scheme = url[:len(parts.scheme)]
    rest = url[len(scheme) + 3 + len(parts.netloc):]
    safe = f"{scheme}://{host}{quote(rest, safe=_KEEP)}"
    return safe if len(safe) <= URL_MAX else None


def _ascii_host(netloc: str) -> str | None:
    """The host and port of ``netloc`` in ASCII, or None: no user info, a real host name."""
    if "@" in netloc:
        return None
    if netloc.startswith("["):
        end = netloc.find("]") + 1
        host, port = netloc[:end], netloc[end:]
        return netloc if end and _IPV6_RE.fullmatch(host) and _PORT_RE.fullmatch(port) else None
    host, colon, port = netloc.partition(":")
    if not host or not _PORT_RE.fullmatch(colon + port):
        return None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return f"{host}{colon}{port}" if _HOST_RE.fullmatch(host) else None


# ---- masked links ----------------------------------------------------------------------------

# A web address written in a label: with a scheme, from "www.", or a bare domain name (the
# whole label, such as "WhiteHouse.gov" or "energy.gov/eere").
_LABEL_URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]]+")
_LABEL_DOMAIN_RE = re.compile(r"(?i)(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?")
_LABEL_TRIM = " \t\n.,;:!?\"'“”‘’()[]<>*_`~|\\"


def _site(host: str | None) -> str:
    host = (host or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def site_of(url: str | None) -> str | None:
    """The site an address is on, without "www." ("bidenwhitehouse.archives.gov"); None when it has none."""
    if not url:
        return None
    try:
        return _site(urlsplit(url).hostname) or None
    except ValueError:  # a malformed address (say, an unclosed "[" in its host)
        return None


def _hosts_in_label(label: str) -> list[str]:
    found = [match.group() for match in _LABEL_URL_RE.finditer(label)]
    whole = label.strip(_LABEL_TRIM)
    if not found and _LABEL_DOMAIN_RE.fullmatch(whole):
        found.append(whole)
    hosts = []
    for text in found:
        text = text.rstrip(_LABEL_TRIM)
        try:
            hosts.append(urlsplit(text if "://" in text else f"http://{text}").hostname or "")
        except ValueError:
            hosts.append("")
    return hosts


def honest_label(label: str, url: str) -> str:
    """``label``, unless it shows a web address on another site than ``url``: then ``url``.

    ``[https://a.gov](https://evil.example)`` reads as a link to a.gov; shown as
    ``[https://evil.example](https://evil.example)`` it says where it goes. A label naming the
    same site (``[WhiteHouse.gov](https://www.whitehouse.gov/)``) stays as written.
    """
    target = _site(urlsplit(url).hostname)
    for host in _hosts_in_label(label):
        if _site(host) != target:
            return url
    return label
