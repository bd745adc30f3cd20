"""Settings from the file and the environment: every bad value stops the command with one line
naming the setting and what it allows (exit 2); unknown keys are warned about, not fatal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, Settings, load_settings, read_token


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(argv)
    return status, capsys.readouterr().err


@pytest.mark.parametrize(("environment", "setting"), [
    ({"BRIEFBOT_REFRESH_SECONDS": "-1"}, "refresh_seconds"),  # spun a CPU in the refresh loop
    ({"BRIEFBOT_REFRESH_SECONDS": "0"}, "refresh_seconds"),
    ({"BRIEFBOT_REFRESH_SECONDS": "nan"}, "refresh_seconds"),
    ({"BRIEFBOT_REFRESH_SECONDS": "inf"}, "refresh_seconds"),
    ({"BRIEFBOT_MAX_FILE_BYTES": "-5"}, "max_file_bytes"),
    ({"BRIEFBOT_MAX_FILE_BYTES": "true"}, "max_file_bytes"),
    ({"BRIEFBOT_ATTACHMENT_MAX_BYTES": "0"}, "attachment_max_bytes"),
    ({"BRIEFBOT_SHARD_COUNT": "0"}, "shard_count"),
    ({"BRIEFBOT_SHARD_COUNT": "2", "BRIEFBOT_SHARD_IDS": "5"}, "shard_ids"),
    ({"BRIEFBOT_SHARD_COUNT": "2", "BRIEFBOT_SHARD_IDS": "1 1"}, "shard_ids"),
    ({"BRIEFBOT_SHARD_IDS": "0"}, "shard_count"),
    ({"BRIEFBOT_INGEST_NICENESS": "40"}, "ingest_niceness"),
    ({"BRIEFBOT_INDEX_CACHE": "maybe"}, "index_cache"),
    ({"BRIEFBOT_DIGEST_CATCHUP_HOURS": "-inf"}, "digest_catchup_hours"),
    ({"BRIEFBOT_DIGEST_TIME": "25:00"}, "digest_default_time"),
    ({"BRIEFBOT_DIGEST_TIMEZONE": "Mars/Olympus"}, "digest_default_timezone"),
    ({"BRIEFBOT_LOG_LEVEL": "loud"}, "log_level"),
    ({"DISCORD_API_BASE": "discord.com"}, "api_base"),
], ids=lambda value: " ".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else value)
def test_a_bad_environment_value_is_one_line_naming_the_setting(
        environment: dict[str, str], setting: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    status, err = run(["--db", str(tmp_path / "b.db"), "ask", "/help"], capsys)
    assert status == 2
    (line,) = err.splitlines()
    assert line.startswith("briefbot: error: ")
    assert setting in line and ("must be" in line or "needs" in line)
    assert not (tmp_path / "b.db").exists()  # stopped before anything was opened


@pytest.mark.parametrize(("toml", "expected"), [
    ("[database]\nmax_file_bytes = -5\n", "[database] max_file_bytes = -5: max_file_bytes must be a whole number"),
    ("[database]\nmax_file_bytes = true\n", "[database] max_file_bytes = true: max_file_bytes must be"),
    ("[database]\nmax_file_bytes = 5.5\n", "[database] max_file_bytes = 5.5: max_file_bytes must be"),
    ("[database]\npath = 3\n", "[database] path = 3: path must be a file path"),
    ("[discord]\nrefresh_seconds = nan\n", "[discord] refresh_seconds = nan: refresh_seconds must be a number"),
    ("[discord]\nrefresh_seconds = inf\n", "[discord] refresh_seconds = inf: refresh_seconds must be"),
    ("[discord]\nrefresh_seconds = true\n", "[discord] refresh_seconds = true: refresh_seconds must be"),
    ("[discord]\nshard_count = 0\n", "[discord] shard_count = 0: shard_count must be a whole number of shards"),
    ("[discord]\nshard_count = 2\nshard_ids = [5]\n", "shard_ids must be from 0 to 1"),
    ("[discord]\ndev_guild_ids = \"abc\"\n", "[discord] dev_guild_ids = \"abc\": dev_guild_ids must be a list"),
    ("database = 3\n", "database = 3: [database] must be a section of settings"),
    ("[[digest]]\ncatchup_hours = 1\n", "[digest] must be a section of settings"),
])
def test_a_bad_file_value_is_one_line_naming_the_key(toml: str, expected: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "briefbot.toml"
    config.write_text(toml, encoding="utf-8")
    status, err = run(["--config", str(config), "--db", str(tmp_path / "b.db"), "ask", "/help"], capsys)
    assert status == 2
    (line,) = err.splitlines()
    assert line.startswith(f"briefbot: error: config file {config}")
    assert expected in line


def test_good_values_load(tmp_path: Path) -> None:
    config = tmp_path / "briefbot.toml"
    config.write_text('[database]\npath = "db/b.db"\nmax_file_bytes = 1000\n[discord]\nshard_count = 2\n'
                      'shard_ids = [1]\nrefresh_seconds = 1\n[logging]\nlevel = "debug"\n', encoding="utf-8")
    settings = load_settings(config, environ={"BRIEFBOT_DIGEST_CATCHUP_HOURS": "0.5",
                                              "BRIEFBOT_DIGEST_TIMEZONE": "europe/paris"})
    assert settings == Settings(db_path=tmp_path / "db" / "b.db", max_file_bytes=1000, shard_count=2,
                                shard_ids=(1,), refresh_seconds=1.0, log_level="DEBUG",
                                digest_catchup_hours=0.5, digest_default_timezone="europe/paris")


def test_unknown_keys_are_warned_about_with_the_nearest_known_one(tmp_path: Path) -> None:
    config = tmp_path / "briefbot.toml"
    config.write_text('[databse]\npath = "x.db"\n[database]\nmax_file_byte = 10\nrefresh_seconds = 3\n'
                      'shard_count = 2\n[discord]\nfrobnicate = 1\n', encoding="utf-8")
    warnings: list[str] = []
    settings = load_settings(config, environ={}, warn=warnings.append)
    assert settings.max_file_bytes == Settings().max_file_bytes  # nothing unknown was applied
    assert [w.split(": ", 1)[1] for w in warnings] == [
        "unknown section [databse] is ignored; did you mean [database]?",
        "unknown key [database] max_file_byte is ignored; did you mean [database] max_file_bytes?",
        "unknown key [database] refresh_seconds is ignored; did you mean [discord] refresh_seconds?",
        "unknown key [database] shard_count is ignored; did you mean [discord] shard_count?",
        "unknown key [discord] frobnicate is ignored; [discord] knows dev_guild_ids, api_base, gateway_url, "
        "shard_count, shard_ids, refresh_seconds, attachment_max_bytes",
    ]


def test_an_unknown_key_does_not_stop_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "briefbot.toml"
    config.write_text("[discord]\nrefresh_second = 3\n", encoding="utf-8")
    status = main(["--config", str(config), "--db", str(tmp_path / "b.db"), "export", "--what", "documents"])
    captured = capsys.readouterr()
    assert status == 0
    assert captured.err.splitlines()[0] == (
        f"briefbot: warning: config file {config}: unknown key [discord] refresh_second is ignored; "
        "did you mean [discord] refresh_seconds?")


# ---- the token file ------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "problem"), [
    (b"\xff\xfe\x00t\x00o\x00k\x00", "is not UTF-8 text"),
    (b"  \n\t\n", "is empty"),
    (b"", "is empty"),
])
@pytest.mark.parametrize("command", ["start", "run"])
def test_a_bad_token_file_is_one_line_and_exit_2(content: bytes, problem: str, command: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    token_file = tmp_path / "token"
    token_file.write_bytes(content)
    monkeypatch.setenv("DISCORD_TOKEN_FILE", str(token_file))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # were the console to open, it ends at once
    status, err = run(["--db", str(tmp_path / "b.db"), command], capsys)
    assert status == 2
    assert err.splitlines() == [f"briefbot: error: DISCORD_TOKEN_FILE {token_file} {problem}"
                                + err.split(problem, 1)[1].rstrip("\n")]
    assert "Traceback" not in err
    assert not (tmp_path / "b.db").exists()


def test_a_token_file_with_a_token_is_read(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("abc.def\n", encoding="utf-8")
    assert read_token({"DISCORD_TOKEN_FILE": str(token_file)}) == "abc.def"
    assert read_token({}) is None
    with pytest.raises(ConfigError, match="No such file"):
        read_token({"DISCORD_TOKEN_FILE": str(tmp_path / "missing")})
