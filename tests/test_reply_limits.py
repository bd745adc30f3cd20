"""Every Discord limit: oversized replies still render to a valid payload that says what it cut,
and validate_payload refuses each kind of violation in a hand-made payload."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.reply import limits
from bot.reply.model import Choice, Embed, EmbedField, Page, Reply
from bot.reply.payload import PayloadLimitError, render_payload, validate_payload

LINK = "[the fact sheet](https://www.whitehouse.gov/briefing-room/statements-releases/2023/11/16/fact-sheet/)"


def prose(characters: int, word: str = "funding") -> str:
    """Distinct numbered words, so a test can tell which ones survived a cut."""
    words: list[str] = []
    length = -1
    number = 0
    while length < characters:
        words.append(f"{word}{number}")
        length += len(words[-1]) + 1
        number += 1
    return " ".join(words)


def assert_cut_visibly(original: str, shown: str, limit: int) -> None:
    """Within the limit, cut at a word boundary, and marked with an ellipsis."""
    assert len(shown) <= limit
    assert shown.endswith("…")
    kept = shown[:-1].split()
    assert kept, "the cut should keep the opening words"
    assert kept == original.split()[: len(kept)]


def embed_total(payload: dict[str, Any]) -> int:
    total = 0
    for embed in payload["embeds"]:
        total += len(embed.get("title", "")) + len(embed.get("description", ""))
        total += len(embed.get("footer", {}).get("text", ""))
        total += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    return total


# ---- oversized replies render within the limits -----------------------------------------------


def test_long_description_is_cut_to_4096_with_an_ellipsis() -> None:
    text = prose(10_000)
    payload = render_payload(Reply.embed(Embed(title="Global Illicit Drug Trafficking", description=text)))
    assert_cut_visibly(text, payload["embeds"][0]["description"], limits.EMBED_DESCRIPTION_MAX)
    assert len(payload["embeds"][0]["description"]) > limits.EMBED_DESCRIPTION_MAX - 20  # not cut needlessly


def test_forty_fields_become_twenty_five_and_the_last_says_how_many_more() -> None:
    fields = [EmbedField(f"Initiative {n}", f"Detail {n}") for n in range(40)]
    payload = render_payload(Reply.embed(Embed(title="Briefing", fields=fields)))
    shown = payload["embeds"][0]["fields"]
    assert len(shown) == limits.EMBED_FIELDS_MAX
    assert [f["name"] for f in shown[:24]] == [f"Initiative {n}" for n in range(24)]
    assert "16 more" in shown[-1]["name"]
    assert "Initiative 39" in shown[-1]["value"]  # the left-out names are listed, not lost silently


def test_twelve_embeds_become_ten_and_the_content_says_two_more() -> None:
    embeds = [Embed(title=f"Result {n}", description="text") for n in range(12)]
    payload = render_payload(Reply(pages=[Page(content="Search results", embeds=embeds)]))
    assert [e["title"] for e in payload["embeds"]] == [f"Result {n}" for n in range(10)]
    assert payload["content"].startswith("Search results")
    assert "2 more" in payload["content"]


def test_long_content_is_cut_to_2000_with_an_ellipsis() -> None:
    text = prose(3000, "border")
    payload = render_payload(Reply.text(text))
    assert_cut_visibly(text, payload["content"], limits.CONTENT_MAX)


def test_long_content_and_too_many_embeds_still_fit_2000() -> None:
    text = prose(3000, "border")
    payload = render_payload(Reply(pages=[Page(content=text, embeds=[Embed(title=str(n)) for n in range(12)])]))
    assert len(payload["content"]) <= limits.CONTENT_MAX
    assert "…" in payload["content"] and "2 more" in payload["content"]


def test_thirty_choices_with_long_labels_fit_the_select_menu() -> None:
    choices = [Choice(prose(150, f"label{n}x"), n, prose(150, "sheet")) for n in range(30)]
    payload = render_payload(Reply(pages=[Page(content="No exact match.")], choices=choices))
    (select,) = payload["components"][0]["components"]
    assert len(select["options"]) == limits.SELECT_OPTIONS_MAX
    for choice, option in zip(choices, select["options"], strict=False):
        assert_cut_visibly(choice.label, option["label"], limits.SELECT_OPTION_LABEL_MAX)
        assert_cut_visibly(choice.description or "", option["description"], limits.SELECT_OPTION_DESCRIPTION_MAX)
        assert option["value"] == str(choice.initiative_id)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "https://exa mple.com", "ftp://x.org"])
def test_non_http_urls_are_dropped(url: str) -> None:
    payload = render_payload(Reply.embed(Embed(title="Source", url=url, description="text")))
    assert "url" not in payload["embeds"][0]
    assert payload["embeds"][0]["title"] == "Source"


def test_http_url_is_kept() -> None:
    url = "https://www.whitehouse.gov/briefing-room/"
    payload = render_payload(Reply.embed(Embed(title="Source", url=url)))
    assert payload["embeds"][0]["url"] == url


def test_link_straddling_the_field_cut_is_dropped_whole() -> None:
    before = prose(1024 - 20, "cited")
    value = f"{before} {LINK} and more words after it"
    payload = render_payload(Reply.embed(Embed(title="Sources", fields=[EmbedField("Links", value)])))
    shown = payload["embeds"][0]["fields"][0]["value"]
    assert_cut_visibly(value, shown, limits.EMBED_FIELD_VALUE_MAX)
    assert "[" not in shown and "](" not in shown


def test_link_straddling_the_description_cut_is_dropped_whole() -> None:
    before = prose(4096 - 30, "cited")
    text = f"{before} {LINK} tail"
    payload = render_payload(Reply.embed(Embed(title="Sources", description=text)))
    shown = payload["embeds"][0]["description"]
    assert_cut_visibly(text, shown, limits.EMBED_DESCRIPTION_MAX)
    assert "[" not in shown


def test_long_title_footer_and_field_names_are_cut() -> None:
    title, footer, name = prose(300, "title"), prose(3000, "footer"), prose(300, "name")
    payload = render_payload(Reply.embed(Embed(title=title, footer=footer, fields=[EmbedField(name, "v")])))
    embed = payload["embeds"][0]
    assert_cut_visibly(title, embed["title"], limits.EMBED_TITLE_MAX)
    assert_cut_visibly(footer, embed["footer"]["text"], limits.EMBED_FOOTER_MAX)
    assert_cut_visibly(name, embed["fields"][0]["name"], limits.EMBED_FIELD_NAME_MAX)


def test_long_field_value_is_cut_to_1024() -> None:
    value = prose(5000, "amount")
    payload = render_payload(Reply.embed(Embed(title="Funding", fields=[EmbedField("Total", value)])))
    assert_cut_visibly(value, payload["embeds"][0]["fields"][0]["value"], limits.EMBED_FIELD_VALUE_MAX)


def test_embeds_together_are_trimmed_to_6000_from_the_end() -> None:
    texts = [prose(4000, f"doc{n}x") for n in range(3)]
    embeds = [Embed(title=f"Fact sheet {n}", description=text) for n, text in enumerate(texts)]
    payload = render_payload(Reply(pages=[Page(embeds=embeds)]))
    assert embed_total(payload) <= limits.EMBEDS_TOTAL_MAX
    shown = [e.get("description", "") for e in payload["embeds"]]
    assert shown[0] == texts[0]  # what users read first stays whole
    assert_cut_visibly(texts[1], shown[1], limits.EMBED_DESCRIPTION_MAX)
    assert [e["title"] for e in payload["embeds"]] == ["Fact sheet 0", "Fact sheet 1", "Fact sheet 2"]


def test_worst_case_page_fits_every_limit() -> None:
    fields = [EmbedField(prose(300, "name"), prose(2000, "value")) for _ in range(40)]
    embed = Embed(title=prose(300), description=prose(10_000), url="javascript:alert(1)", fields=fields,
                  footer=prose(3000))
    reply = Reply(pages=[Page(content=prose(3000), embeds=[embed] * 12), Page(content="2")],
                  choices=[Choice(prose(150), n, prose(150)) for n in range(30)], ephemeral=True)
    payload = render_payload(reply, 0, reply_key="k" * 40, owner_id=2**63 - 1)
    validate_payload(payload)  # render_payload validates too; this states the intent
    assert embed_total(payload) <= limits.EMBEDS_TOTAL_MAX
    assert len(payload["embeds"]) == limits.EMBEDS_PER_MESSAGE_MAX


def test_empty_field_names_and_values_are_filled_so_discord_accepts_them() -> None:
    payload = render_payload(Reply.embed(Embed(title="T", fields=[EmbedField("", ""), EmbedField("  ", "x")])))
    for shown in payload["embeds"][0]["fields"]:
        assert shown["name"] and shown["value"]


def test_empty_reply_still_sends_something() -> None:
    for reply in (Reply(pages=[]), Reply(pages=[Page()]), Reply.text("   ")):
        payload = render_payload(reply)
        assert payload["content"].strip()


def test_rendering_does_not_change_the_reply() -> None:
    embed = Embed(title="T", description=prose(10_000), fields=[EmbedField("n", prose(2000))] * 30)
    reply = Reply(pages=[Page(content=prose(3000), embeds=[embed])])
    before = copy.deepcopy(reply)
    render_payload(reply)
    assert reply == before


words = st.lists(st.sampled_from(["border", "**$1.2", "billion**", LINK, "HIDTA", "x" * 300, "@everyone", "\n"]),
                 max_size=900).map(" ".join)
fields = st.builds(EmbedField, name=words, value=words, inline=st.booleans())
embeds = st.builds(Embed, title=words, description=words, url=st.sampled_from([None, "https://a.gov/", "javascript:x"]),
                   fields=st.lists(fields, max_size=30), footer=st.none() | words)
replies = st.builds(Reply, pages=st.lists(st.builds(Page, content=words, embeds=st.lists(embeds, max_size=12)),
                                          max_size=3),
                    choices=st.lists(st.builds(Choice, label=words, initiative_id=st.integers(0, 10**12),
                                               description=st.none() | words), max_size=30),
                    ephemeral=st.booleans())


@settings(max_examples=40, deadline=None)
@given(replies, st.integers(-2, 4))
def test_any_reply_renders_to_a_payload_discord_accepts(reply: Reply, page: int) -> None:
    validate_payload(render_payload(reply, page, reply_key="r" * 20, owner_id=123))


# ---- validate_payload refuses each violation ---------------------------------------------------


def valid_payload() -> dict[str, Any]:
    return {
        "content": "hello",
        "embeds": [{"title": "t", "description": "d", "fields": [{"name": "n", "value": "v", "inline": False}],
                    "footer": {"text": "f"}, "author": {"name": "a"}, "url": "https://example.com"}],
        "components": [
            {"type": 1, "components": [{"type": 3, "custom_id": "bb:pick:1", "placeholder": "p",
                                        "options": [{"label": "l", "value": "1", "description": "d"}]}]},
            {"type": 1, "components": [{"type": 2, "style": 2, "label": "b", "custom_id": "bb:page:k:1"}]},
        ],
        "allowed_mentions": {"parse": []},
    }


def embed0(p: dict[str, Any]) -> dict[str, Any]:
    embed: dict[str, Any] = p["embeds"][0]
    return embed


def select(p: dict[str, Any]) -> dict[str, Any]:
    menu: dict[str, Any] = p["components"][0]["components"][0]
    return menu


def button(p: dict[str, Any]) -> dict[str, Any]:
    pressable: dict[str, Any] = p["components"][1]["components"][0]
    return pressable


def button_row(n: int) -> dict[str, Any]:
    return {"type": 1, "components": [{"type": 2, "style": 2, "label": "b", "custom_id": f"x{n}"}]}


VIOLATIONS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "content": (lambda p: p.update(content="x" * 2001), "content"),
    "embed count": (lambda p: p.update(embeds=[{"title": "t"}] * 11), "11 embeds"),
    "title": (lambda p: embed0(p).update(title="x" * 257), "title"),
    "description": (lambda p: embed0(p).update(description="x" * 4097), "description"),
    "field count": (lambda p: embed0(p).update(fields=[{"name": "n", "value": "v"}] * 26), "26 fields"),
    "field name": (lambda p: embed0(p)["fields"][0].update(name="x" * 257), "field 1 name"),
    "field value": (lambda p: embed0(p)["fields"][0].update(value="x" * 1025), "field 1 value"),
    "empty field value": (lambda p: embed0(p)["fields"][0].update(value=""), "field 1 value is empty"),
    "footer": (lambda p: embed0(p).update(footer={"text": "x" * 2049}), "footer"),
    "author": (lambda p: embed0(p).update(author={"name": "x" * 257}), "author name"),
    "total": (lambda p: p.update(embeds=[{"description": "x" * 3001}, {"description": "x" * 3000}]), "6000"),
    "embed url": (lambda p: embed0(p).update(url="javascript:alert(1)"), "url"),
    "no allowed_mentions": (lambda p: p.pop("allowed_mentions"), "allowed_mentions"),
    "mentions parsed": (lambda p: p.update(allowed_mentions={"parse": ["everyone"]}), "allowed_mentions"),
    "users pinged": (lambda p: p.update(allowed_mentions={"parse": [], "users": ["1"]}), "allowed_mentions"),
    "rows": (lambda p: p.update(components=[button_row(n) for n in range(6)]), "6 action rows"),
    "buttons in a row": (lambda p: p["components"][1].update(
        components=[{"type": 2, "style": 2, "label": "b", "custom_id": f"c{n}"} for n in range(6)]), "6 buttons"),
    "select shares its row": (lambda p: p["components"][0]["components"].append(button(valid_payload())),
                              "select menu next to"),
    "options": (lambda p: select(p).update(
        options=[{"label": "l", "value": str(n)} for n in range(26)]), "26 options"),
    "no options": (lambda p: select(p).update(options=[]), "0 options"),
    "option label": (lambda p: select(p)["options"][0].update(label="x" * 101), "option 1 label"),
    "option value": (lambda p: select(p)["options"][0].update(value="x" * 101), "option 1 value"),
    "option description": (lambda p: select(p)["options"][0].update(description="x" * 101),
                           "option 1 description"),
    "repeated option value": (lambda p: select(p).update(
        options=[{"label": "a", "value": "1"}, {"label": "b", "value": "1"}]), "repeats"),
    "placeholder": (lambda p: select(p).update(placeholder="x" * 151), "placeholder"),
    "custom_id": (lambda p: button(p).update(custom_id="x" * 101), "custom_id"),
    "missing custom_id": (lambda p: button(p).pop("custom_id"), "custom_id"),
    "button label": (lambda p: button(p).update(label="x" * 81), "label"),
    "duplicate custom_id": (lambda p: button(p).update(custom_id="bb:pick:1"), "share a custom_id"),
    "link button without url": (lambda p: button(p).update(style=5), "http(s) url"),
    "not a row": (lambda p: p["components"].append({"type": 2, "custom_id": "z"}), "not an action row"),
    "flags": (lambda p: p.update(flags=4), "flags"),
    "empty message": (lambda p: p.update(content="", embeds=[]), "neither content nor embeds"),
}


def test_the_valid_example_passes() -> None:
    validate_payload(valid_payload())


@pytest.mark.parametrize("name", list(VIOLATIONS))
def test_each_violation_is_refused(name: str) -> None:
    breaker, expected = VIOLATIONS[name]
    payload = valid_payload()
    breaker(payload)
    with pytest.raises(PayloadLimitError) as caught:
        validate_payload(payload)
    assert any(expected in problem for problem in caught.value.violations), caught.value.violations


def test_every_violation_is_listed_at_once() -> None:
    payload = valid_payload()
    payload["content"] = "x" * 2001
    embed0(payload)["title"] = "x" * 257
    button(payload)["custom_id"] = "x" * 101
    with pytest.raises(PayloadLimitError) as caught:
        validate_payload(payload)
    assert len(caught.value.violations) == 3
    message = str(caught.value)
    assert all(re.search(word, message) for word in ("content", "title", "custom_id"))


def test_limits_at_exactly_the_maximum_pass() -> None:
    payload = valid_payload()
    payload["content"] = "x" * 2000
    payload["embeds"] = [{"title": "x" * 256, "description": "x" * 4096,
                          "fields": [{"name": "n", "value": "x" * 1024}] * 1, "footer": {"text": "x" * 623}}]
    assert embed_total(payload) == limits.EMBEDS_TOTAL_MAX
    button(payload)["custom_id"] = "x" * 100
    button(payload)["label"] = "x" * 80
    select(payload)["placeholder"] = "x" * 150
    validate_payload(payload)
