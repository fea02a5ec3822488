"""Settings: parsing, validation with one-line errors, synonyms, and the CLI's start-up check."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from streams.config import LOG_LEVELS, ConfigError, Settings, logging_level, specs

REPO = Path(__file__).resolve().parent.parent


def env_of(**kw: str) -> dict[str, str]:
    return {f"WIREFEED_{k.upper()}": v for k, v in kw.items()}


def test_defaults_need_no_environment():
    s = Settings.from_env({})
    assert s == Settings()
    assert (s.bootstrap_servers, s.partitions, s.store, s.log_level) == ("127.0.0.1:9092", 4, "rocksdb://", "info")
    assert s.window.days == 7 and s.faust_worker_args() == ["--loglevel", "info", "--without-web"]


def test_every_setting_has_a_unique_variable_and_help():
    envs = [sp.env for sp in specs()]
    assert len(envs) == len(set(envs))
    for sp in specs():
        assert sp.env == "KAFKA_BOOTSTRAP_SERVERS" or sp.env.startswith("WIREFEED_"), sp.env
        assert sp.help and sp.type in (str, int, float, bool, Path), sp
        assert isinstance(sp.default, sp.type), sp  # the declared default has the declared type
        assert not sp.choices or sp.default in sp.choices, sp
        assert all(v in sp.choices for v in sp.synonyms.values()), sp


@pytest.mark.parametrize("raw,canonical,faust", [
    ("warning", "warning", "warn"), ("warn", "warning", "warn"), ("WARNING", "warning", "warn"),
    (" Warn ", "warning", "warn"), ("debug", "debug", "debug"), ("DEBUG", "debug", "debug"),
    ("info", "info", "info"), ("error", "error", "error"), ("critical", "critical", "crit"),
    ("crit", "critical", "crit"), ("fatal", "critical", "crit"),
])
def test_log_level_synonyms_map_to_what_faust_accepts(raw, canonical, faust):
    s = Settings.from_env(env_of(log_level=raw))
    assert s.log_level == canonical and s.faust_log_level == faust
    assert s.faust_worker_args()[:2] == ["--loglevel", faust]
    assert logging_level(env_of(log_level=raw)) == canonical


def test_log_level_for_other_commands_defaults_to_warning():
    assert logging_level({}) == "warning"
    assert logging_level(env_of(log_level="")) == "warning"


@pytest.mark.parametrize("var,raw,expect", [
    ("WIREFEED_LOG_LEVEL", "loud", "debug, info, warning, error, critical (also warn, crit, fatal)"),
    ("WIREFEED_STORE", "redis://", "rocksdb://, memory://"),
    ("WIREFEED_PARTITIONS", "many", "an integer from 1 to 10000"),
    ("WIREFEED_PARTITIONS", "0", "an integer from 1 to 10000"),
    ("WIREFEED_PARTITIONS", "2.5", "an integer"),
    ("WIREFEED_WINDOW_DAYS", "-1", "a number from 0.001 to 3650"),
    ("WIREFEED_WINDOW_DAYS", "inf", "a number from 0.001 to 3650"),
    ("WIREFEED_WINDOW_DAYS", "nan", "a number"),
    ("WIREFEED_MAX_BYTES", "1MB", "an integer >= 1"),
    ("WIREFEED_WEB_PORT", "70000", "an integer from 0 to 65535"),
    ("WIREFEED_EXPIRE_EVERY_S", "0", "a number >= 1"),
    ("WIREFEED_PRODUCER_LINGER_MS", "-5", "an integer from 0 to 10000"),
    ("KAFKA_BOOTSTRAP_SERVERS", "localhost", "host:port"),
    ("KAFKA_BOOTSTRAP_SERVERS", "a:9092,b", "host:port"),
    ("WIREFEED_TOPIC_RAW", "raw topic", "a Kafka topic name"),
    ("WIREFEED_APP_ID", "my app", "letters, digits"),
    ("WIREFEED_KAFKA_PORT", "x", "an integer from 0 to 65535"),
])
def test_a_bad_value_exits_with_one_line_naming_the_variable_and_the_allowed_values(var, raw, expect):
    with pytest.raises(SystemExit) as e:
        Settings.from_env({var: raw})
    msg = str(e.value.code)
    assert "\n" not in msg and msg.startswith(f"error: {var}={raw!r} is not valid: expected ")
    assert expect in msg


def test_values_given_in_code_are_checked_and_made_canonical_too():
    assert Settings(log_level="WARN").log_level == "warning"
    assert Settings(store="memory").store == "memory://"
    assert Settings(data_dir="x").data_dir == Path("x") and Settings(window_days=2).window_days == 2.0
    with pytest.raises(ConfigError, match="WIREFEED_LOG_LEVEL='loud'"):
        Settings(log_level="loud")
    with pytest.raises(ConfigError, match="WIREFEED_PARTITIONS"):
        Settings(partitions=True)  # a bool is not a partition count


def test_topics_must_differ():
    with pytest.raises(SystemExit, match="WIREFEED_TOPIC_TAGGED='t' is the same topic as WIREFEED_TOPIC_RAW"):
        Settings.from_env(env_of(topic_raw="t", topic_tagged="t"))


def test_empty_variables_count_as_unset_and_overrides_win():
    s = Settings.from_env({"WIREFEED_PARTITIONS": "", "WIREFEED_APP_ID": "  "}, partitions=2)
    assert s.partitions == 2 and s.app_id == "wirefeed"


def test_typed_parsing():
    s = Settings.from_env({"KAFKA_BOOTSTRAP_SERVERS": "k1:9092, k2:9093", **env_of(
        partitions="8", window_days="2.5", max_bytes="65_536", data_dir="~/wf", web_port="6066")})
    assert s.partitions == 8 and s.window.total_seconds() == 2.5 * 86400 and s.max_bytes == 65536
    assert s.data_dir == Path.home() / "wf" and s.faust_worker_args()[2:] == ["--web-port", "6066"]


def run_cli(args: list[str], **env: str) -> subprocess.CompletedProcess:
    import os

    full = {k: v for k, v in os.environ.items() if not k.startswith("WIREFEED_")}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "streams.cli.main", *args], cwd=REPO, env=full,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("command", [["worker"], ["process", "/dev/null"], ["config"], ["worker", "--loglevel", "loud"]])
def test_cli_rejects_a_bad_log_level_with_one_line_and_no_traceback(command):
    env = {} if "--loglevel" in command else {"WIREFEED_LOG_LEVEL": "loud"}
    r = run_cli(command, **env)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert lines == ["error: WIREFEED_LOG_LEVEL='loud' is not valid: expected debug, info, warning, error, critical "
                     "(also warn, crit, fatal)"], r.stderr
    assert "Traceback" not in r.stderr + r.stdout


def test_cli_config_prints_effective_values_and_variables():
    r = run_cli(["config"], WIREFEED_LOG_LEVEL="warn", WIREFEED_PARTITIONS="8")
    assert r.returncode == 0, r.stderr
    rows = {line.split()[0]: line.split()[1] for line in r.stdout.splitlines()}
    assert set(rows) == {sp.env for sp in specs()}
    assert rows["WIREFEED_LOG_LEVEL"] == "warning" and rows["WIREFEED_PARTITIONS"] == "8"
    assert rows["WIREFEED_STORE"] == "rocksdb://"


def test_worker_validation_path_accepts_warning(monkeypatch):
    """`WIREFEED_LOG_LEVEL=warning wirefeed worker` gets past the checks and hands Faust `--loglevel warn`."""
    from streams.cli import main as cli

    monkeypatch.setenv("WIREFEED_LOG_LEVEL", "warning")
    monkeypatch.setenv("WIREFEED_STORE", "memory://")
    seen = {}

    async def no_broker_needed(s, names, timeout=120.0):
        seen["settings"] = s

    def fake_main(self):
        seen["argv"] = list(sys.argv)
        raise SystemExit(0)

    monkeypatch.setattr("streams.cli.kafka_tools.wait_for_topics", no_broker_needed)
    monkeypatch.setattr("faust.App.main", fake_main)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    with pytest.raises(SystemExit) as e:
        cli.main(["worker"])
    assert e.value.code == 0
    assert seen["settings"].log_level == "warning"
    assert seen["argv"] == ["wirefeed", "worker", "--loglevel", "warn", "--without-web"]
    assert LOG_LEVELS == ("debug", "info", "warning", "error", "critical")
