"""The console: slash-command lines parsed as Discord users type them, rendering, ask, the loop."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rich.console import Console

from bot import console
from bot.commands.spec import ALL_COMMANDS, Invocation
from bot.config import Settings
from bot.console import (
    CommandLineError,
    banner,
    complete_line,
    parse_command_line,
    render_text,
    usage_line,
)
from bot.reply.model import Choice, Embed, EmbedField, Page, Reply
from bot.reply.payload import render_payload

PROJECT_ROOT = Path(__file__).resolve().parents[1]


# ---- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "key", "options"), [
    ("/initiative hidta", "initiative", {"query": "hidta"}),
    ("/funding query:border", "funding", {"query": "border"}),
    ("/initiative query:detection tech", "initiative", {"query": "detection tech"}),
    ("/funding query:border document:Global Illicit Drug", "funding",
     {"query": "border", "document": "Global Illicit Drug"}),
    ("/funding document:Global Illicit Drug query:border", "funding",
     {"query": "border", "document": "Global Illicit Drug"}),
    ("/initiative query:detection tech: ok", "initiative", {"query": "detection tech: ok"}),
    ("/initiative detection tech: ok", "initiative", {"query": "detection tech: ok"}),
    ("/funding border security", "funding", {"query": "border security"}),
    ('/initiative query:"non-intrusive inspection"', "initiative", {"query": "non-intrusive inspection"}),
    ("/initiative 'hidta'", "initiative", {"query": "hidta"}),
    ("/initiative id:12", "initiative", {"query": "id:12"}),
    ("/sources query:id:12", "sources", {"query": "id:12"}),
    ('/search "quoted" words "here"', "search", {"text": '"quoted" words "here"'}),
    ("/search https://www.whitehouse.gov/x", "search", {"text": "https://www.whitehouse.gov/x"}),
    ("  /sources   hidta  ", "sources", {"query": "hidta"}),
    ("/briefing", "briefing", {}),
    ("/funding", "funding", {}),
    ("/funding query:", "funding", {}),
    ("/help", "help", {}),
    ("/HELP", "help", {}),
    ("initiative hidta", "initiative", {"query": "hidta"}),
    ("/briefing-admin remove document:Global Illicit Drug Trafficking", "briefing-admin remove",
     {"document": "Global Illicit Drug Trafficking"}),
    ("/digest setup channel:#policy time:08:00 timezone:America/New_York", "digest setup",
     {"channel": "#policy", "time": "08:00", "timezone": "America/New_York"}),
    ("/digest status", "digest status", {}),
])
def test_lines_parse_as_discord_users_type_them(line: str, key: str, options: dict[str, str]) -> None:
    spec, parsed = parse_command_line(line)
    assert spec.key == key
    assert parsed == options


@pytest.mark.parametrize(("line", "message", "usage"), [
    ("/nope", "unknown command: /nope", "/initiative"),
    ("", "type a command", "/initiative"),
    ("/funding topic:border", "unknown option topic:", "usage: /funding [query:<text>] [document:<text>]"),
    ("/initiative", "missing required option query:", "usage: /initiative query:<text>"),
    ("/initiative query:", "missing required option query:", "usage: /initiative query:<text>"),
    ("/search", "missing required option text:", "usage: /search text:<text>"),
    ("/help me", "/help takes no options", "usage: /help"),
    ("/digest", "/digest needs a subcommand", "usage: /digest setup|off|status|preview|now"),
    ("/digest sometimes", "unknown subcommand: /digest sometimes", "usage: /digest setup|off|status|preview|now"),
    ("/funding border document:Global", "say which option", "usage: /funding"),
    ("/initiative hidta query:hidta", "given twice", "usage: /initiative"),
    ("/funding query:a query:b", "given twice", "usage: /funding"),
    ("/digest setup channel:#policy time:08:00", "missing required option timezone:", "usage: /digest setup"),
    ("/digest setup channel:#p time:08:00:00 timezone:UTC", "time: is 8 characters", "usage: /digest setup"),
    ("/initiative " + "x" * 201, "at most 200", "usage: /initiative"),
])
def test_bad_lines_say_why_in_one_line_with_usage(line: str, message: str, usage: str) -> None:
    with pytest.raises(CommandLineError) as caught:
        parse_command_line(line)
    assert message in caught.value.message
    assert "\n" not in caught.value.message
    assert usage in caught.value.usage
    assert caught.value.usage.startswith("usage: ")


def test_usage_lines_mark_optional_options() -> None:
    by_key = {spec.key: spec for spec in ALL_COMMANDS}
    assert usage_line(by_key["funding"]) == "usage: /funding [query:<text>] [document:<text>]"
    assert usage_line(by_key["initiative"]) == "usage: /initiative query:<text>"
    assert usage_line(by_key["briefing-admin add"]) == "usage: /briefing-admin add file:<file>"


def test_every_example_in_the_command_table_parses() -> None:
    for spec in ALL_COMMANDS:
        if spec.example:
            assert parse_command_line(spec.example)[0].key == spec.key


# ---- completion --------------------------------------------------------------------------------


def test_completion_of_command_names() -> None:
    assert complete_line("/fu", "/fu") == ["/funding "]
    assert set(complete_line("/b", "/b")) == {"/briefing ", "/briefing-admin "}
    assert "/page " in complete_line("", "")


def test_completion_of_subcommands_and_options() -> None:
    assert complete_line("/digest s", "s") == ["setup ", "status "]
    assert complete_line("/funding ", "") == ["query:", "document:"]
    assert complete_line("/funding query:border d", "d") == ["document:"]
    assert complete_line("/digest setup channel:#x ", "") == ["time:", "timezone:"]
    assert complete_line("/nope ", "") == []


# ---- rendering ---------------------------------------------------------------------------------


def as_text(renderable: Any) -> str:
    buffer = io.StringIO()
    out = Console(file=buffer, width=200, color_system=None, highlight=False)
    out.print(renderable)
    return buffer.getvalue()


def test_render_text_shows_title_link_fields_footer() -> None:
    embed = Embed(
        title="HIDTA \\*program\\*",
        url="https://www.whitehouse.gov/x/",
        description="The **High Intensity** program; see [the fact sheet](https://www.whitehouse.gov/a/).",
        fields=[EmbedField("Funding", "$305 million"), EmbedField("Source", "Fact sheet")],
        footer="Global Illicit Drug Trafficking · 2023-11-16",
    )
    text = as_text(render_text(Reply.embed(embed, content="One match"), 0))
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[0] == "One match"
    assert "HIDTA *program*" in lines  # escapes are undone for the terminal
    assert "https://www.whitehouse.gov/x/" in lines
    assert "The High Intensity program; see the fact sheet (https://www.whitehouse.gov/a/)." in lines
    assert lines.index("Funding") < lines.index("  $305 million") < lines.index("Source")
    assert lines[-1] == "Global Illicit Drug Trafficking · 2023-11-16"
    assert "**" not in text


def test_piped_output_keeps_long_lines_whole() -> None:
    url = "https://www.whitehouse.gov/ondcp/briefing-room/2023/07/06/" + "x" * 120
    reply = Reply.embed(Embed(title="T", description=f"see [this]({url}) " + "word " * 40,
                              fields=[EmbedField("Links", f"• [nine counties]({url})")]))
    buffer = io.StringIO()
    out = Console(file=buffer, width=80, color_system=None, highlight=False, soft_wrap=True)
    out.print(render_text(reply, 0))
    lines = buffer.getvalue().splitlines()
    assert f"  • nine counties ({url})" in lines
    assert any(line.startswith("see this (") and line.rstrip().endswith("word") for line in lines)


def test_render_text_bolds_the_title() -> None:
    buffer = io.StringIO()
    out = Console(file=buffer, width=100, force_terminal=True, color_system="standard")
    out.print(render_text(Reply.embed(Embed(title="Bold title")), 0))
    assert "\x1b[1mBold title" in buffer.getvalue()


def test_render_text_pages_and_choices() -> None:
    reply = Reply(pages=[Page(content="first"), Page(content="second"), Page(content="third")],
                  choices=[Choice("HIDTA program", 3, "Global Illicit Drug Trafficking"), Choice("Other", 9)])
    first = as_text(render_text(reply, 0))
    assert "page 1/3" in first
    assert "Did you mean…?" in first
    assert "1. HIDTA program — Global Illicit Drug Trafficking" in first
    assert "2. Other" in first
    later = as_text(render_text(reply, 1))
    assert "second" in later and "page 2/3" in later
    assert "Did you mean" not in later
    assert "third" in as_text(render_text(reply, 42))


def test_render_text_of_markup_like_data_is_literal() -> None:
    text = as_text(render_text(Reply.text("[bold]not markup[/bold] and [red]x"), 0))
    assert "[bold]not markup[/bold] and [red]x" in text


def test_banner_is_the_first_thing_a_new_user_reads() -> None:
    line = banner(1, "/data/briefbot.db")
    assert line == ("Briefbot console — offline on 1 fact sheet from /data/briefbot.db. No Discord token configured: "
                    "set DISCORD_TOKEN (or DISCORD_TOKEN_FILE) and run ./run.sh to connect to Discord.")
    assert "offline on 40 fact sheets from" in banner(40, "x.db")


# ---- ask and the loop with a stand-in app ------------------------------------------------------


class FakeStore:
    async def document_count(self) -> int:
        return 3


class FakeApp:
    """Answers like the real App would, recording what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, str], Invocation]] = []
        self.closed = False
        self.store = FakeStore()
        self.seeded = 0  # nothing bundled was loaded (``BotApp.seeded``)
        self.reading = False  # whether the console started /ask's second reader (``BotApp.keep_reading``)

    def keep_reading(self) -> None:
        self.reading = True

    async def handle(self, key: str, options: dict[str, str], invocation: Invocation) -> Reply:
        self.calls.append((key, dict(options), invocation))
        if key == "initiative" and options.get("query") == "hid":
            return Reply(pages=[Page(content="No exact match.")], choices=[Choice("HIDTA", 11), Choice("Hides", 12)])
        if key == "search":
            return Reply(pages=[Page(content=f"result page {n}") for n in range(1, 4)])
        return Reply.embed(Embed(title=f"{key} answer", description=repr(sorted(options.items()))))

    async def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> FakeApp:
    app = FakeApp()

    async def open_app(settings: Settings, *, announce_seed: bool = True) -> FakeApp:
        return app

    monkeypatch.setattr(console, "_open_app", open_app)
    return app


def ask_args(tmp_path: Path, command: str, *, as_json: bool = False, page: int = 1) -> SimpleNamespace:
    return SimpleNamespace(command=command, json=as_json, page=page, db=str(tmp_path / "b.db"), config=None)


async def test_ask_json_prints_exactly_the_payload(fake_app: FakeApp, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    status = await console.ask_main(ask_args(tmp_path, "/search text:fentanyl", as_json=True, page=2))
    assert status == 0
    expected = render_payload(await FakeApp().handle("search", {"text": "fentanyl"}, Invocation()), 1)
    assert json.loads(capsys.readouterr().out) == expected
    assert fake_app.closed


async def test_ask_runs_as_operator_with_admin_rights(fake_app: FakeApp, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert await console.ask_main(ask_args(tmp_path, "/funding query:border document:Global")) == 0
    ((key, options, invocation),) = fake_app.calls
    assert (key, options) == ("funding", {"query": "border", "document": "Global"})
    assert invocation.is_admin and invocation.guild_id is None
    assert "funding answer" in capsys.readouterr().out


async def test_ask_bad_command_exits_2_with_usage_and_never_opens_the_app(
        fake_app: FakeApp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert await console.ask_main(ask_args(tmp_path, "/funding topic:border")) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == ["briefbot: error: unknown option topic: for /funding",
                                         "usage: /funding [query:<text>] [document:<text>]"]
    assert fake_app.calls == []


async def test_ask_reads_a_file_option_like_an_upload(fake_app: FakeApp, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.md"
    sheet.write_bytes(b"---\ntitle: x\n---\nbody\n")
    assert await console.ask_main(ask_args(tmp_path, f"/briefing-admin add file:{sheet}")) == 0
    ((key, options, invocation),) = fake_app.calls
    assert key == "briefing-admin add" and options == {"file": "sheet.md"}
    assert invocation.extras["attachment"] == ("sheet.md", sheet.read_bytes())


async def test_ask_missing_file_is_a_usage_error(fake_app: FakeApp, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert await console.ask_main(ask_args(tmp_path, f"/briefing-admin add file:{tmp_path / 'nope.md'}")) == 2
    assert "cannot read" in capsys.readouterr().err
    assert fake_app.calls == []


async def run_console(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    return await console.console_main(SimpleNamespace(db=str(tmp_path / "b.db"), config=None))


async def test_console_loop_pages_picks_and_recovers_from_errors(
        fake_app: FakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    script = "\n".join([
        "/search fentanyl", "next", "next", "next", "prev", "/page 1",
        "/funding topic:x",
        "/initiative hid", "7", "2",
        "/quit",
        "/help",  # after /quit: never run
    ]) + "\n"
    assert await run_console(monkeypatch, tmp_path, script) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert out.splitlines()[0].startswith("Briefbot console — offline on 3 fact sheets from ")
    pages_seen = [line.strip() for line in out.splitlines() if line.startswith("result page")]
    assert pages_seen == ["result page 1", "result page 2", "result page 3",  # next on the last: not again
                          "result page 2", "result page 1"]
    assert "this is the last page" in out
    assert "unknown option topic: for /funding" in captured.err
    assert "there is no choice 7" in captured.err
    assert [call[:2] for call in fake_app.calls] == [
        ("search", {"text": "fentanyl"}), ("initiative", {"query": "hid"}), ("initiative", {"query": "id:12"})]
    assert fake_app.closed


async def test_console_ends_at_end_of_input(fake_app: FakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert await run_console(monkeypatch, tmp_path, "/help") == 0
    assert "help answer" in capsys.readouterr().out
    assert fake_app.closed


async def test_paging_before_any_reply_is_a_gentle_error(
        fake_app: FakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert await run_console(monkeypatch, tmp_path, "next\n/page x\n1\n") == 0
    err = capsys.readouterr().err
    assert "no reply to page through yet" in err
    assert "no did-you-mean list to pick from" in err


# ---- end to end, through the real app ----------------------------------------------------------


def run_bot(*args: str, stdin: str | None = None, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BRIEFBOT_", "DISCORD_"))}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(tmp_path / "data" / "briefbot.db"), *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=PROJECT_ROOT, env=env,
    )


def test_ask_answers_from_the_seeded_database(tmp_path: Path) -> None:
    result = run_bot("ask", "/initiative hidta", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "HIDTA" in result.stdout or "High Intensity Drug Trafficking" in result.stdout


def test_ask_json_is_a_valid_discord_payload(tmp_path: Path) -> None:
    from bot.reply.payload import validate_payload

    result = run_bot("ask", "--json", "/funding query:border", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    validate_payload(payload)
    assert payload["allowed_mentions"] == {"parse": []}


def test_ask_bad_option_exits_2(tmp_path: Path) -> None:
    result = run_bot("ask", "/funding topic:border", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "usage: /funding [query:<text>] [document:<text>]" in result.stderr


def test_console_reads_piped_lines_until_end_of_input(tmp_path: Path) -> None:
    result = run_bot("console", stdin="/initiative hidta\n/nope\n/help\n", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("Briefbot console — offline on 1 fact sheet from ")
    assert "No Discord token configured: set DISCORD_TOKEN (or DISCORD_TOKEN_FILE)" in first
    assert "the bundled seed was just loaded" in first  # a fresh database: said in the first line
    assert "No database yet" not in result.stderr  # …and not before it
    assert "unknown command: /nope" in result.stderr
    assert "/initiative" in result.stdout.split("briefbot> /help", 1)[1]  # /help still answered after the error


def test_a_second_ask_prints_only_the_answer(tmp_path: Path) -> None:
    first = run_bot("ask", "/help", tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stderr.startswith("No database yet: loaded 1 bundled fact sheet")
    again = run_bot("ask", "/help", tmp_path=tmp_path)  # from the saved index now
    assert again.returncode == 0
    assert again.stderr == ""
    assert again.stdout == first.stdout
    verbose = run_bot("-v", "ask", "/help", tmp_path=tmp_path)
    assert "index loaded from" in verbose.stderr  # still there for whoever asks for detail


# ---- paging ------------------------------------------------------------------------------------


async def test_ask_for_a_page_the_reply_does_not_have_says_so(
        fake_app: FakeApp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert await console.ask_main(ask_args(tmp_path, "/help", page=5)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == ["briefbot: error: there is no page 5 (1 page)"]
    assert await console.ask_main(ask_args(tmp_path, "/search fentanyl", as_json=True, page=4)) == 2
    assert capsys.readouterr().err.splitlines() == ["briefbot: error: there is no page 4 (3 pages)"]
    assert await console.ask_main(ask_args(tmp_path, "/search fentanyl", page=3)) == 0
    assert "result page 3" in capsys.readouterr().out


async def test_console_says_when_there_is_no_page_to_turn_to(
        fake_app: FakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    script = "/help\nnext\n/page 5\n/search fentanyl\nprev\n/page 4\n/page 3\nnext\n"
    assert await run_console(monkeypatch, tmp_path, script) == 0
    captured = capsys.readouterr()
    assert captured.out.count("help answer") == 1  # never repeated in place of an answer
    assert "this reply has only one page" in captured.out
    assert "this is the first page" in captured.out
    assert "this is the last page" in captured.out
    assert [line.strip() for line in captured.out.splitlines() if line.startswith("result page")] == [
        "result page 1", "result page 3"]
    errors = [line for line in captured.err.splitlines() if line.startswith("briefbot: error:")]
    assert errors == ["briefbot: error: there is no page 5 (1 page)", "briefbot: error: there is no page 4 (3 pages)"]


def test_the_page_number_is_shown_once() -> None:
    pages = [Page(embeds=[Embed(title=f"Funding {n}", footer=f"Counted amounts only · page {n}/2")]) for n in (1, 2)]
    text = as_text(render_text(Reply(pages=pages), 1))
    assert text.count("page 2/2") == 1
    assert as_text(render_text(Reply(pages=[Page(content="a"), Page(content="b")]), 0)).count("page 1/2") == 1


@pytest.mark.parametrize("line", ["/digest preview", "/digest status", "/digest now"])
async def test_digest_commands_in_the_console_point_to_the_preview_command(
        line: str, fake_app: FakeApp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert await console.ask_main(ask_args(tmp_path, line)) == 2
    err = capsys.readouterr().err
    assert "briefbot digest --preview" in err
    assert "direct message" not in err
    assert err.splitlines()[-1] == "usage: briefbot digest --preview [--guild ID] [--date YYYY-MM-DD]"
    assert fake_app.calls == []


def test_help_renders_italics_instead_of_asterisks() -> None:
    text = console._inline("**`/digest off`** *(Manage Server)* — stop it; snake_case stays, as does 2 * 3 * 4")
    assert text.plain == "/digest off (Manage Server) — stop it; snake_case stays, as does 2 * 3 * 4"
    italic = [text.plain[span.start:span.end] for span in text.spans if "italic" in str(span.style)]
    assert italic == ["(Manage Server)"]
    assert "*(Manage Server)*" not in as_text(render_text(Reply.embed(Embed(
        title="Help", fields=[EmbedField("Manage Server only", "**`/digest off`** *(Manage Server)* — stop")]))))
