"""``briefbot ingest`` and the command line around it: summaries, rejected files, exit status,
settings, and the hand-over to the console and the Discord app."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot import cli
from bot.cli import main
from bot.ingest import ParseError, parse_file
from bot.store._schema import MIGRATIONS
from tests._deadline import within

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def sheet(title: str, *bullets: str, url: str | None = None, date: str = "2024-03-01") -> str:
    front = [f"title: {title!r}", f"date: '{date}'"]
    if url:
        front.append(f"source_url: {url}")
    body = "\n".join(f"-   **{b}.** The Administration will {b.lower()} this year." for b in bullets)
    return "---\n" + "\n".join(front) + "\n---\n\nThe President announced new actions today.\n\n" + body + "\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def summary_counts(stdout: str) -> dict[str, int]:
    match = re.search(
        r"(\d+) files? in [\d.]+ s: (\d+) added, (\d+) updated, (\d+) unchanged, (\d+) rejected", stdout
    )
    assert match, stdout
    files, added, updated, unchanged, rejected = map(int, match.groups())
    return {"files": files, "added": added, "updated": updated, "unchanged": unchanged, "rejected": rejected}


def titles(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT title FROM documents")}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A folder of three good fact sheets, plus files a folder walk must skip."""
    root = tmp_path / "library"
    write(root / "broadband.md", sheet("Rural Broadband", "Connect farms", "Train installers",
                                       url="https://example.gov/broadband"))
    write(root / "2024" / "water.markdown", sheet("Clean Water", "Replace lead pipes"))
    write(root / "2024" / "ports.txt", sheet("Port Modernization", "Upgrade cranes", "Hire inspectors"))
    write(root / ".drafts" / "secret.md", sheet("Hidden Draft", "Never shown"))
    write(root / ".hidden.md", sheet("Hidden File", "Never shown"))
    write(root / "README.md", "# About this folder\n")
    write(root / "notes.docx", b"PK\x03\x04 not a fact sheet")
    return root


# ---- ingesting ----------------------------------------------------------------------------------


def test_ingest_a_folder_reports_what_happened_and_skips_hidden_and_notes(
    library: Path, tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_db), "ingest", str(library)]) == 0
    out, err = capsys.readouterr()
    assert summary_counts(out) == {"files": 3, "added": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    assert "No database yet: loaded 1 bundled fact sheet from seeds/" in err
    assert {"Rural Broadband", "Clean Water", "Port Modernization"} <= titles(tmp_db)
    assert not {"Hidden Draft", "Hidden File"} & titles(tmp_db)


def test_ingesting_again_skips_unchanged_files_and_replaces_changed_ones(
    library: Path, tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_db), "ingest", str(library)]) == 0
    capsys.readouterr()
    assert main(["--db", str(tmp_db), "ingest", str(library)]) == 0
    out, err = capsys.readouterr()
    assert summary_counts(out)["unchanged"] == 3
    assert "No database yet" not in err

    write(library / "broadband.md", sheet("Rural Broadband Expanded", "Connect farms",
                                          url="https://example.gov/broadband"))
    assert main(["ingest", str(library), "--db", str(tmp_db)]) == 0  # options after the command work too
    counts = summary_counts(capsys.readouterr().out)
    assert (counts["updated"], counts["unchanged"]) == (1, 2)
    assert "Rural Broadband Expanded" in titles(tmp_db) and "Rural Broadband" not in titles(tmp_db)


def data_version(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0])


def test_two_files_with_one_source_url_the_later_wins_and_ingesting_again_changes_nothing(
    tmp_path: Path, tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sheets"
    url = "https://example.gov/grid"
    write(folder / "a-draft.md", sheet("Grid Plan Draft", "Build lines", url=url))
    write(folder / "b-final.md", sheet("Grid Plan Final", "Build lines", "Hire crews", url=url))
    write(folder / "c-other.md", sheet("Other Plan", "Plant trees"))

    assert main(["--db", str(tmp_db), "ingest", str(folder)]) == 0
    first = capsys.readouterr().out
    assert summary_counts(first) == {"files": 3, "added": 2, "updated": 1, "unchanged": 0, "rejected": 0}
    assert "1 file had the same source_url as an earlier file in this run and replaced it" in first
    version = data_version(tmp_db)

    for _ in range(2):
        assert main(["--db", str(tmp_db), "ingest", str(folder)]) == 0
        again = capsys.readouterr().out
        assert summary_counts(again) == {"files": 3, "added": 0, "updated": 0, "unchanged": 2, "rejected": 0}
        assert "1 file not stored: a later file in this run has the same source_url (the later file is kept)." in again
        assert data_version(tmp_db) == version  # nothing changed, so no bot rebuilds its index
        assert "Grid Plan Final" in titles(tmp_db) and "Grid Plan Draft" not in titles(tmp_db)

    # Editing the earlier file changes nothing either: the later one still wins.
    write(folder / "a-draft.md", sheet("Grid Plan Draft Two", "Build lines", url=url))
    assert main(["--db", str(tmp_db), "ingest", str(folder)]) == 0
    capsys.readouterr()
    assert data_version(tmp_db) == version and "Grid Plan Final" in titles(tmp_db)

    # When the later file can no longer be read, the earlier one is stored after all.
    write(folder / "b-final.md", "no front matter any more\n")
    assert main(["--db", str(tmp_db), "ingest", str(folder)]) == 2
    out = capsys.readouterr().out
    assert summary_counts(out) == {"files": 3, "added": 0, "updated": 1, "unchanged": 1, "rejected": 1}
    assert "Grid Plan Draft Two" in titles(tmp_db) and "Grid Plan Final" not in titles(tmp_db)


def test_documents_without_initiatives_are_counted_in_the_summary(
    tmp_path: Path, tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prose = write(tmp_path / "prose.md", "---\ntitle: A statement\n---\n\nJust one paragraph of prose.\n")
    assert main(["--db", str(tmp_db), "ingest", str(prose)]) == 0
    out = capsys.readouterr().out
    assert "1 document yielded no initiative" in out


BAD_FILES: dict[str, bytes] = {
    "no-front-matter.md": b"# Just a heading\n\nSome text about policy.\n",
    "bad-yaml.md": b"---\ntitle: [unclosed\ndate: 2024-01-01\n---\n\nBody.\n",
    "latin1.md": "---\ntitle: Caf\u00e9 policy\n---\n\nR\u00e9sum\u00e9 of actions.\n".encode("latin-1"),
    "empty.md": b"",
    "binary.md": bytes(range(256)) * 8,
    "no-title.md": b"---\ndate: '2024-01-01'\nsource_url: https://example.gov/x\n---\n\n- **Item.** Text.\n",
}


def test_each_bad_file_costs_one_line_and_the_rest_still_go_in(
    library: Path, tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = library / "bad"
    for name, data in BAD_FILES.items():
        write(bad / name, data)
    write(bad / "huge.md", sheet("Huge", "Item") + "x" * 2_000_000)
    status = main(["--db", str(tmp_db), "--verbose", "ingest", "--max-bytes", "1000000", str(library)])
    out, err = capsys.readouterr()
    assert status == 2
    assert "Traceback" not in err and "Traceback" not in out
    rejected = [line for line in err.splitlines() if line.startswith("rejected: ")]
    assert len(rejected) == len(BAD_FILES) + 1
    reasons = {}
    for name in [*BAD_FILES, "huge.md"]:
        (line,) = [line for line in rejected if line.startswith(f"rejected: {bad / name}: ")]
        reasons[name] = line.removeprefix(f"rejected: {bad / name}: ")
        assert reasons[name].strip(), name
    assert len(set(reasons.values())) >= 5, reasons  # the reasons say what is wrong, not just "bad"
    counts = summary_counts(out)
    assert (counts["added"], counts["rejected"]) == (3, len(BAD_FILES) + 1)
    assert {"Rural Broadband", "Clean Water", "Port Modernization"} <= titles(tmp_db)


def test_a_missing_path_is_rejected_and_the_others_still_go_in(
    library: Path, tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = library / "nope.md"
    assert main(["--db", str(tmp_db), "ingest", str(missing), str(library / "broadband.md")]) == 2
    out, err = capsys.readouterr()
    assert f"rejected: {missing}: no such file or folder" in err.splitlines()
    assert summary_counts(out)["added"] == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes and symbolic links")
def test_pipes_and_symbolic_link_loops_in_a_folder_cost_one_line_each_and_the_rest_go_in(
    library: Path, tmp_db: Path
) -> None:
    odd = library / "odd"
    odd.mkdir()
    os.mkfifo(odd / "pipe.md")  # opening it for reading would wait for a writer forever
    (odd / "self.md").symlink_to("self.md")
    (odd / "ping.md").symlink_to("pong.md")
    (odd / "pong.md").symlink_to("ping.md")
    (odd / "gone.md").symlink_to("nowhere.md")
    (odd / "up").symlink_to("..")  # a folder link back up the tree is not followed
    write(odd / "real.md", sheet("Real Sheet In The Odd Folder", "Plant trees"))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "--db", str(tmp_db), "ingest", str(library)],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("ingest hung on a folder holding a named pipe")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    rejected = sorted(line for line in done.stderr.splitlines() if line.startswith("rejected: "))
    assert rejected == [
        f"rejected: {odd / 'gone.md'}: broken symbolic link",
        f"rejected: {odd / 'ping.md'}: symbolic link loop",
        f"rejected: {odd / 'pipe.md'}: not a regular file (a named pipe)",
        f"rejected: {odd / 'pong.md'}: symbolic link loop",
        f"rejected: {odd / 'self.md'}: symbolic link loop",
    ]
    counts = summary_counts(done.stdout)
    assert (counts["files"], counts["added"], counts["rejected"]) == (9, 4, 5)
    assert {"Rural Broadband", "Clean Water", "Port Modernization", "Real Sheet In The Odd Folder"} <= titles(tmp_db)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_given_by_name_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    with within(10, "reading a named pipe"), pytest.raises(ParseError, match="not a regular file"):
        parse_file(tmp_path / "pipe.md")


def test_the_size_limit_comes_from_the_settings(
    tmp_path: Path, tmp_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = write(tmp_path / "long.md", sheet("Long sheet", *[f"Do thing {n}" for n in range(60)]))
    size = doc.stat().st_size
    assert size > 3000

    monkeypatch.setenv("BRIEFBOT_MAX_FILE_BYTES", str(size - 1))
    assert main(["--db", str(tmp_db), "ingest", str(doc)]) == 2
    assert f"rejected: {doc}: " in capsys.readouterr().err

    config = write(tmp_path / "briefbot.toml", f"[database]\nmax_file_bytes = {size - 1}\n")
    monkeypatch.delenv("BRIEFBOT_MAX_FILE_BYTES")
    assert main(["--config", str(config), "--db", str(tmp_db), "ingest", str(doc)]) == 2
    capsys.readouterr()

    monkeypatch.setenv("BRIEFBOT_MAX_FILE_BYTES", str(size))  # exactly at the limit is fine
    assert main(["--config", str(config), "--db", str(tmp_db), "ingest", str(doc)]) == 0
    assert summary_counts(capsys.readouterr().out)["added"] == 1


def test_many_files_are_parsed_in_parallel_and_all_stored(
    tmp_path: Path, tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "many"
    for n in range(45):
        write(folder / f"sheet-{n:02}.md", sheet(f"Sheet number {n}", f"Action {n} one", f"Action {n} two",
                                                 url=f"https://example.gov/{n}"))
    write(folder / "zz-broken.md", b"no front matter here\n")
    assert main(["--db", str(tmp_db), "ingest", "--progress", str(folder)]) == 2
    out, err = capsys.readouterr()
    counts = summary_counts(out)
    assert (counts["files"], counts["added"], counts["rejected"]) == (46, 45, 1)
    assert sum(line.startswith("rejected: ") for line in err.splitlines()) == 1
    with sqlite3.connect(tmp_db) as conn:
        per_doc = dict(conn.execute(
            "SELECT d.title, count(i.id) FROM documents d LEFT JOIN initiatives i ON i.document_id = d.id"
            " WHERE d.title LIKE 'Sheet number %' GROUP BY d.id"
        ))
    assert len(per_doc) == 45 and set(per_doc.values()) == {2}


# ---- errors -------------------------------------------------------------------------------------


def test_a_missing_config_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--config", str(tmp_path / "absent.toml"), "--db", str(tmp_path / "x.db"), "ingest", "x"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "config file not found" in err and "Traceback" not in err


def test_a_database_from_a_newer_version_is_one_line_and_exit_2(
    library: Path, tmp_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tmp_db.parent.mkdir(parents=True)
    with sqlite3.connect(tmp_db) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    assert main(["--db", str(tmp_db), "ingest", str(library)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer version of Briefbot" in err


def test_a_database_path_that_is_a_folder_is_one_line_and_exit_2(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path), "ingest", str(library)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(tmp_path) in err and "Traceback" not in err


def test_python_dash_m_bot_runs_the_same_command(library: Path, tmp_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(tmp_db), "ingest", str(library / "broadband.md")],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert summary_counts(result.stdout)["added"] == 1
    assert "Traceback" not in result.stderr


# ---- hand-over to other parts ---------------------------------------------------------------------


def test_start_runs_the_bot_with_a_token_and_the_console_without(
    tmp_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.console
    import bot.discord_app

    calls: list[str] = []

    def fake_console(args: object) -> int:
        calls.append("console")
        return 0

    def fake_run(args: object) -> int:
        calls.append("run")
        return 0

    monkeypatch.setattr(bot.console, "console_main", fake_console, raising=False)
    monkeypatch.setattr(bot.discord_app, "run_main", fake_run, raising=False)
    assert main(["--db", str(tmp_db), "start"]) == 0
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-real-token")
    assert main(["--db", str(tmp_db), "start"]) == 0
    assert calls == ["console", "run"]


def test_ask_passes_the_command_text_and_options(tmp_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.console

    seen = {}

    def fake_ask(args: object) -> int:
        seen.update(vars(args))
        return 3

    monkeypatch.setattr(bot.console, "ask_main", fake_ask, raising=False)
    assert main(["--db", str(tmp_db), "ask", "/initiative", "query:hidta", "--json", "--page", "2"]) == 3
    assert (seen["command"], seen["json"], seen["page"]) == ("/initiative query:hidta", True, 2)
    assert seen["settings"].db_path == tmp_db


def test_a_part_that_is_not_installed_is_reported_not_crashed(
    tmp_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "bot.digest.cli", None)  # importing it now fails
    assert main(["--db", str(tmp_db), "digest", "--preview", "--guild", "1", "--date", "2025-01-31"]) == 2
    err = capsys.readouterr().err
    assert err == "briefbot: error: 'briefbot digest' is not available yet in this installation\n"


def test_usage_errors_exit_2_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--date", "2025-02-30"]) == 2
    assert main([]) == 2
    assert main(["ingest"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert main(["--help"]) == 0
    assert "ingest" in capsys.readouterr().out


def test_unexpected_failures_are_one_line(
    tmp_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import bot.console

    def broken(args: object) -> int:
        raise RuntimeError("something broke")

    monkeypatch.setattr(bot.console, "console_main", broken, raising=False)
    assert main(["--db", str(tmp_db), "console"]) == cli.EXIT_FAILED
    assert capsys.readouterr().err == "briefbot: error: unexpected error: RuntimeError: something broke\n"


@pytest.mark.parametrize(("setting", "lowered_by"), [(None, 5), ("0", None), ("12", 12)])
def test_ingest_runs_below_normal_cpu_priority_unless_told_not_to(
        tmp_db: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str | None,
        lowered_by: int | None) -> None:
    """A bot on the same machine keeps answering promptly while a big ingest runs."""
    calls: list[int] = []

    def fake_nice(increment: int) -> int:
        calls.append(increment)
        return increment

    monkeypatch.setattr("os.nice", fake_nice)
    if setting is not None:
        monkeypatch.setenv("BRIEFBOT_INGEST_NICENESS", setting)
    assert main(["--db", str(tmp_db), "ingest", str(seed_path)]) == 0
    assert calls == ([] if lowered_by is None else [lowered_by])
