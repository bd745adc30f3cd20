"""Watched folders and git repositories: new and changed sheets go in, unchanged ones do not."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.config import Settings, load_settings, split_watch_list
from bot.dburl import parse_target
from bot.sources import FEED, FOLDER, GIT, kind_of
from bot.sources.health import assess, went_bad_or_recovered
from bot.sources.status import summary_lines
from bot.sources.watcher import SourceWatcher
from bot.store import Store
from bot.store.sources import FAILING, OK, STALE


def _settings(db_target: Path | str, *watch: str) -> Settings:
    return dataclasses.replace(Settings(), db_path=parse_target(db_target), sources_watch=tuple(watch))


def _age(path: Path, seconds: float = 5.0) -> None:
    """Make a file look written a moment ago (the watcher waits for files to settle)."""
    when = path.stat().st_mtime - seconds
    os.utime(path, (when, when))


def test_watch_entries_split_on_the_path_separator_without_cutting_urls() -> None:
    text = "/srv/sheets:https://example.org/feed.xml:git@github.com:org/sheets.git:http://127.0.0.1:8080/rss"
    assert split_watch_list(text, ":") == ["/srv/sheets", "https://example.org/feed.xml",
                                           "git@github.com:org/sheets.git", "http://127.0.0.1:8080/rss"]
    assert split_watch_list(r"C:\sheets;https://example.org/feed", ";") == [r"C:\sheets", "https://example.org/feed"]
    settings = load_settings(environ={"BRIEFBOT_WATCH": os.pathsep.join(["/a", "https://x.org/f"])})
    assert settings.sources_watch == ("/a", "https://x.org/f")
    assert settings.sources_poll_seconds == 60 and settings.sources_stale_days == 3


def test_each_entry_is_a_folder_a_repository_or_a_feed() -> None:
    assert kind_of("/srv/sheets") == FOLDER
    assert kind_of("https://example.org/briefing-room/feed/") == FEED
    assert kind_of("https://github.com/org/sheets.git") == GIT
    assert kind_of("git+/srv/checkout") == GIT
    assert kind_of("git@github.com:org/sheets.git") == GIT


def test_health_goes_bad_once_and_recovers_once() -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    week = dt.timedelta(days=3)
    first = assess(None, source="s", kind=FEED, now=now, error=None, new=True, stale_after=week)
    assert first.state == OK
    failing = assess(first, source="s", kind=FEED, now=now + dt.timedelta(hours=1), error="HTTP 500", new=False,
                     stale_after=week)
    assert failing.state == FAILING and failing.error == "HTTP 500"
    still = assess(failing, source="s", kind=FEED, now=now + dt.timedelta(hours=2), error="HTTP 500", new=False,
                   stale_after=week)
    assert still.since == failing.since  # the same spell of failing
    quiet = assess(still, source="s", kind=FEED, now=now + dt.timedelta(days=4), error=None, new=False,
                   stale_after=week)
    assert quiet.state == STALE
    assert went_bad_or_recovered(OK, FAILING) and went_bad_or_recovered(STALE, OK)
    assert not went_bad_or_recovered(FAILING, STALE) and not went_bad_or_recovered(None, OK)
    assert summary_lines([quiet])[0].startswith("**Sources:** 1 source watched: 0 failing, 1 stale")


async def test_a_file_copied_into_a_watched_folder_is_ingested_once(tmp_path: Path, db_target: Path | str,
                                                                     seed_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    async with await Store.open(db_target) as store:
        watcher = SourceWatcher(store, _settings(db_target, str(folder)))
        [empty] = await watcher.poll_once()
        assert empty.summary is None and empty.state.state == OK
        copy = folder / seed_path.name
        shutil.copy(seed_path, copy)
        _age(copy)
        [report] = await watcher.poll_once()
        assert report.summary is not None and [c.status for c in report.summary.changes] == ["new"]
        assert await store.document_count() == 1
        os.utime(copy)  # touched, not changed
        _age(copy)
        [touched] = await watcher.poll_once()
        assert touched.summary is not None and touched.summary.changes == []
        copy.write_text(copy.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
        _age(copy)
        [changed] = await watcher.poll_once()
        assert changed.summary is not None and [c.status for c in changed.summary.changes] == ["updated"]
        await watcher.close()


async def test_a_missing_folder_is_failing_with_the_reason(tmp_path: Path, db_target: Path | str) -> None:
    async with await Store.open(db_target) as store:
        watcher = SourceWatcher(store, _settings(db_target, str(tmp_path / "nowhere")))
        [report] = await watcher.poll_once()
        assert report.state.state == FAILING and "no such folder" in (report.state.error or "")
        assert report.transition is not None and report.transition.notify
        [again] = await watcher.poll_once()
        assert again.transition is None  # one transition, not one per poll
        await watcher.close()


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.mark.slow
async def test_a_git_repository_is_pulled_and_only_changed_sheets_go_in(tmp_path: Path, db_target: Path | str,
                                                                         seed_path: Path) -> None:
    bare, work = tmp_path / "sheets.git", tmp_path / "work"
    subprocess.run(["git", "init", "--bare", "-q", str(bare)], check=True)
    subprocess.run(["git", "clone", "-q", str(bare), str(work)], check=True, capture_output=True)
    shutil.copy(seed_path, work / "first.md")
    (work / "README.md").write_text("# Sheets\n", encoding="utf-8")
    _git("add", ".", cwd=work)
    _git("commit", "-qm", "first", cwd=work)
    _git("push", "-q", "origin", "HEAD", cwd=work)
    async with await Store.open(db_target) as store:
        watcher = SourceWatcher(store, _settings(db_target, str(bare)))
        [first] = await watcher.poll_once()
        assert first.state.state == OK, first.state.error
        assert first.summary is not None and [Path(c.path).name for c in first.summary.changes] == ["first.md"]
        [nothing] = await watcher.poll_once()
        assert nothing.summary is None  # no new commit: nothing to ingest
        (work / "second.md").write_text(
            "---\ntitle: Second sheet\ndate: 2024-01-02\nsource_url: https://example.org/second\n---\n\n"
            "- **Quokka Program:** $5 million for habitat restoration.\n", encoding="utf-8")
        _git("add", ".", cwd=work)
        _git("commit", "-qm", "second", cwd=work)
        _git("push", "-q", "origin", "HEAD", cwd=work)
        [second] = await watcher.poll_once()
        assert second.summary is not None and second.summary.files == 1
        assert [Path(c.path).name for c in second.summary.changes] == ["second.md"]
        await watcher.close()


async def test_sources_status_lists_each_source_for_managers_only(tmp_path: Path, db_target: Path | str) -> None:
    from types import SimpleNamespace

    from bot.commands import dispatch
    from bot.commands.spec import Invocation
    from bot.sources.status import digest_status_lines

    async with await Store.open(db_target) as store:
        settings = _settings(db_target, str(tmp_path / "gone"), "https://user:secret@example.org/feed")
        watcher = SourceWatcher(store, settings)
        await watcher.poll_source(watcher.sources[0])  # the feed is left unpolled
        app = SimpleNamespace(store=store, settings=settings)
        refused = await dispatch(app, "sources-status", {}, Invocation(guild_id=1, is_admin=False))
        assert refused.error
        reply = await dispatch(app, "sources-status", {}, Invocation(guild_id=1, is_admin=True))
        text = reply.pages[0].embeds[0].description
        assert "**failing**" in text and "no such folder" in text
        assert "not polled yet" in text and "secret" not in text  # credentials in a URL are not shown
        assert (await digest_status_lines(store))[0] == "**Sources:** 1 source watched: 1 failing, 0 stale."
        await watcher.close()
