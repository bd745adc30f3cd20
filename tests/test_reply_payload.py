"""The Discord message payload: embeds, page buttons, did-you-mean menu, mentions, flags, ids."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.reply import payload as payload_module
from bot.reply.model import Choice, Embed, EmbedField, Page, Reply
from bot.reply.payload import (
    PageRef,
    PayloadLimitError,
    PickRef,
    autocomplete_choices,
    parse_custom_id,
    render_payload,
)


def pages(count: int) -> Reply:
    return Reply(pages=[Page(content=f"page body {n}") for n in range(count)])


def page_buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [row for row in payload["components"] if row["components"][0]["type"] == 2]
    assert len(rows) == 1
    buttons: list[dict[str, Any]] = rows[0]["components"]
    return buttons


def selects(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in payload["components"] for c in row["components"] if c["type"] == 3]


# ---- embeds and message basics -----------------------------------------------------------------


def test_embed_is_rendered_as_discord_expects() -> None:
    embed = Embed(title="Global Illicit Drug Trafficking", description="**$1.2 billion** for border tech",
                  url="https://www.whitehouse.gov/x/", fields=[EmbedField("Funding", "$305 million", inline=True)],
                  footer="Fact sheet · 2023-11-16", color=0x1F6FEB, timestamp="2023-11-16T12:00:00+00:00")
    shown = render_payload(Reply.embed(embed, content="Here it is"))
    assert shown["content"] == "Here it is"
    (data,) = shown["embeds"]
    assert data["title"] == embed.title
    assert data["description"] == embed.description
    assert data["url"] == embed.url
    assert data["fields"] == [{"name": "Funding", "value": "$305 million", "inline": True}]
    assert data["footer"] == {"text": embed.footer}
    assert data["color"] == 0x1F6FEB
    assert dt.datetime.fromisoformat(data["timestamp"]) == dt.datetime(2023, 11, 16, 12, tzinfo=dt.UTC)
    assert shown["components"] == []


def test_bad_timestamp_and_color_are_left_out() -> None:
    shown = render_payload(Reply.embed(Embed(title="T", timestamp="yesterday", color=-5)))
    assert "timestamp" not in shown["embeds"][0]
    assert "color" not in shown["embeds"][0]


@pytest.mark.parametrize("reply", [
    Reply.text("@everyone look <@123> <@&456>"),
    Reply.text("private", ephemeral=True),
    Reply.text("refused", error=True),
    Reply.embed(Embed(title="@here")),
    Reply(pages=[]),
    pages(3),
    Reply(pages=[Page(content="x")], choices=[Choice("Alpha", 1)]),
])
def test_no_payload_can_ping_anyone(reply: Reply) -> None:
    for page in range(max(len(reply.pages), 1)):
        assert render_payload(reply, page)["allowed_mentions"] == {"parse": []}


def test_ephemeral_flag_only_when_asked() -> None:
    assert render_payload(Reply.text("only you", ephemeral=True))["flags"] == 64
    assert "flags" not in render_payload(Reply.text("everyone"))


def test_render_payload_checks_its_own_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shortening bug must fail loudly here, not as a rejected message in production."""
    monkeypatch.setattr(payload_module, "shorten", lambda text, limit, **_: text)
    with pytest.raises(PayloadLimitError):
        render_payload(Reply.text("word " * 1000))


# ---- pagination --------------------------------------------------------------------------------


def test_single_page_has_no_buttons() -> None:
    assert render_payload(pages(1))["components"] == []


def test_first_page_buttons() -> None:
    previous, label, following = page_buttons(render_payload(pages(3), 0, reply_key="abc123"))
    assert (previous["label"], previous["disabled"]) == ("◀ Previous", True)
    assert (label["label"], label["disabled"]) == ("Page 1/3", True)
    assert (following["label"], following["disabled"]) == ("Next ▶", False)
    assert following["custom_id"] == "bb:page:abc123:1"


def test_middle_page_buttons_point_both_ways() -> None:
    shown = render_payload(pages(3), 1, reply_key="abc123")
    assert shown["content"] == "page body 1"
    previous, label, following = page_buttons(shown)
    assert label["label"] == "Page 2/3"
    assert not previous["disabled"] and not following["disabled"]
    assert parse_custom_id(previous["custom_id"]) == PageRef("abc123", 0)
    assert parse_custom_id(following["custom_id"]) == PageRef("abc123", 2)


def test_last_page_disables_next() -> None:
    previous, label, following = page_buttons(render_payload(pages(3), 2, reply_key="k"))
    assert label["label"] == "Page 3/3"
    assert following["disabled"] and not previous["disabled"]
    assert previous["custom_id"] == "bb:page:k:1"


def test_page_index_is_clamped() -> None:
    assert render_payload(pages(3), 99)["content"] == "page body 2"
    assert render_payload(pages(3), -4)["content"] == "page body 0"
    _, label, _ = page_buttons(render_payload(pages(3), 99))
    assert label["label"] == "Page 3/3"


def test_without_a_reply_key_buttons_use_local() -> None:
    _, _, following = page_buttons(render_payload(pages(2)))
    assert following["custom_id"] == "bb:page:local:1"


def test_button_ids_are_unique_on_every_page_of_two() -> None:
    for page in (0, 1):
        ids = [b["custom_id"] for b in page_buttons(render_payload(pages(2), page, reply_key="k"))]
        assert len(set(ids)) == 3


# ---- did-you-mean ------------------------------------------------------------------------------


def test_choices_become_a_select_menu_on_page_zero() -> None:
    reply = Reply(pages=[Page(content="No exact match for 'hidt'.")],
                  choices=[Choice("HIDTA program", 17, "Global Illicit Drug Trafficking"), Choice("HIDTA grants", 4)])
    (menu,) = selects(render_payload(reply, owner_id=987654321))
    assert menu["custom_id"] == "bb:pick:987654321"
    assert parse_custom_id(menu["custom_id"]) == PickRef(987654321)
    assert menu["placeholder"] == "Did you mean…?"
    assert menu["options"] == [
        {"label": "HIDTA program", "value": "17", "description": "Global Illicit Drug Trafficking"},
        {"label": "HIDTA grants", "value": "4"},
    ]


def test_select_without_owner_uses_zero() -> None:
    reply = Reply(pages=[Page(content="?")], choices=[Choice("A", 1)])
    (menu,) = selects(render_payload(reply))
    assert menu["custom_id"] == "bb:pick:0"


def test_choices_only_under_page_zero() -> None:
    reply = Reply(pages=[Page(content="a"), Page(content="b")], choices=[Choice("A", 1)])
    assert len(selects(render_payload(reply, 0))) == 1
    assert selects(render_payload(reply, 1)) == []
    assert len(page_buttons(render_payload(reply, 1))) == 3


def test_the_same_initiative_is_offered_once() -> None:
    reply = Reply(pages=[Page(content="?")], choices=[Choice("A", 1), Choice("A again", 1), Choice("B", 2)])
    (menu,) = selects(render_payload(reply))
    assert [o["value"] for o in menu["options"]] == ["1", "2"]


def test_select_sits_in_its_own_row_next_to_page_buttons() -> None:
    reply = Reply(pages=[Page(content="a"), Page(content="b")], choices=[Choice("A", 1)])
    rows = render_payload(reply, 0, reply_key="k", owner_id=5)["components"]
    assert len(rows) == 2
    assert [len(row["components"]) for row in rows] == [1, 3]


# ---- custom ids --------------------------------------------------------------------------------


@pytest.mark.parametrize(("custom_id", "expected"), [
    ("bb:page:abc:0", PageRef("abc", 0)),
    ("bb:page:abc:12", PageRef("abc", 12)),
    ("bb:page:a:b:3", PageRef("a:b", 3)),
    ("bb:pick:42", PickRef(42)),
    ("bb:pick:0", PickRef(0)),
    ("bb:page:abc", None),
    ("bb:page::3", None),
    ("bb:page:abc:-1", None),
    ("bb:page:abc:x", None),
    ("bb:pick:", None),
    ("bb:pick:12a", None),
    ("bb:here:abc:1", None),
    ("other:thing", None),
    ("", None),
])
def test_parse_custom_id(custom_id: str, expected: PageRef | PickRef | None) -> None:
    assert parse_custom_id(custom_id) == expected


# ---- autocomplete ------------------------------------------------------------------------------


def test_autocomplete_is_clipped_to_twenty_five() -> None:
    result = autocomplete_choices([(f"Fact sheet {n}", f"#{n}") for n in range(30)])
    assert result == [{"name": f"Fact sheet {n}", "value": f"#{n}"} for n in range(25)]


def test_autocomplete_long_names_are_shortened_at_a_word() -> None:
    name = " ".join(f"word{n}" for n in range(40))
    (choice,) = autocomplete_choices([(name, "#1")])
    assert len(choice["name"]) <= 100
    assert choice["name"].endswith("…")
    assert name.startswith(choice["name"][:-1])


def test_autocomplete_drops_values_that_would_need_cutting() -> None:
    result = autocomplete_choices([("Long", "v" * 101), ("Fits", "v" * 100), ("Empty", "")])
    assert result == [{"name": "Fits", "value": "v" * 100}]


def test_autocomplete_repeated_values_appear_once() -> None:
    result = autocomplete_choices([("A", "1"), ("A copy", "1"), ("B", "2")])
    assert result == [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]
