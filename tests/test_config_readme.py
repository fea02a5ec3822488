"""The README's configuration table is the code's: same settings, and every documented value works.

For every variable of the table and every value the table documents (the default, the
accepted values and their synonyms, the example), the settings load and the worker's
Faust app is built with them and checked as far as it goes without a broker: the app's
configuration, the table store Faust resolves, and the options Faust's own ``worker``
command parses (so `WIREFEED_LOG_LEVEL=warning`, which Faust spells `warn`, is covered).
"""
from __future__ import annotations

import importlib.util
import re
import warnings
from pathlib import Path

import pytest

from streams.config import Settings, markdown_table, spec_for, specs

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"


def readme_table() -> str:
    spec = importlib.util.spec_from_file_location("config_table", REPO / "scripts" / "config_table.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    text = README.read_text(encoding="utf-8")
    start, end = mod.table_span(text)
    return text[start:end]


def documented() -> list[tuple[str, str]]:
    """(variable, value) for every value the README's table shows in its default and accepted-values columns."""
    rows = []
    for line in readme_table().splitlines()[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        m = re.fullmatch(r"`([A-Z0-9_]+)`", cells[0])
        if not m:  # a group heading such as *local broker:*
            continue
        for value in re.findall(r"`([^`]+)`", cells[1] + " " + cells[2]):
            rows.append((m.group(1), value))
    return rows


def test_readme_table_is_the_generated_table():
    assert readme_table() == markdown_table(), "run: python scripts/config_table.py --write"


def test_readme_table_lists_exactly_the_settings_of_the_code():
    in_readme = [var for var in dict.fromkeys(v for v, _ in documented())]
    assert in_readme == [sp.env for sp in specs()]


def test_every_variable_the_code_reads_is_declared():
    """No setting hides outside the declarations: every WIREFEED_* / KAFKA_* name in the package is one of them."""
    declared = {sp.env for sp in specs()}
    found = set()
    for path in (REPO / "streams").rglob("*.py"):
        found |= set(re.findall(r"\b((?:WIREFEED|KAFKA)_[A-Z0-9_]+)\b", path.read_text(encoding="utf-8")))
    found -= {"KAFKA_VERSION"}  # the broker module's constant, set from WIREFEED_KAFKA_VERSION
    assert found - declared == set()


def test_the_local_broker_defaults_are_the_declared_ones(monkeypatch):
    for var in ("WIREFEED_KAFKA_VERSION", "WIREFEED_CACHE_DIR", "WIREFEED_KAFKA_PORT", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    import importlib

    import streams.broker.local_kafka as lk

    lk = importlib.reload(lk)
    assert lk.KAFKA_VERSION == Settings().kafka_version
    assert lk.default_cache_dir() == Path.home() / ".cache" / "wirefeed"
    from streams.broker.__main__ import main  # noqa: F401  (its --port default reads WIREFEED_KAFKA_PORT)
    from streams.cli.main import build_parser

    assert build_parser().parse_args(["broker", "start"]).port == Settings().kafka_port


def build_worker(s: Settings):
    """The worker's app object, and what Faust makes of the settings, without a broker."""
    import faust
    from faust.cli.worker import worker

    from streams.worker.app import create_app

    app = create_app(s)
    assert app.conf.id == s.app_id
    assert [str(u) for u in app.conf.broker] == [f"kafka://{h.strip()}" for h in s.bootstrap_servers.split(",")]
    assert app.conf.topic_partitions == s.partitions
    assert f"{app.conf.store.scheme}://" == s.store and faust.stores.by_url(app.conf.store)  # Faust knows it
    assert str(app.conf.datadir).startswith(str(s.data_dir))
    assert app.conf.producer_linger == s.producer_linger_ms / 1000.0
    assert app.conf.web_enabled == (s.web_port > 0)
    assert sorted(n for a in app.agents.values() for n in a.channel.topics) == sorted([s.topic_raw, s.topic_tagged])
    assert app.tables["stories"].partitions == s.partitions
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # click warns about Faust's options declared twice
        parsed = worker.parse(s.faust_worker_args())  # Faust's own parser: raises on a level it does not know
    assert parsed["with_web"] == (s.web_port > 0)
    return app


@pytest.mark.parametrize("var,value", documented(), ids=lambda x: x)
def test_every_documented_value_loads_and_builds_the_worker(var, value, tmp_path):
    env = {var: value}
    if var != "WIREFEED_DATA_DIR":
        env["WIREFEED_DATA_DIR"] = str(tmp_path / "data")
    s = Settings.from_env(env)
    sp = spec_for(var)
    got = getattr(s, sp.name)
    if sp.choices:
        assert got == sp.synonyms.get(value.lower(), value.lower())
    build_worker(s)


BAD = {int: "1.5x", float: "soon", Path: None, str: None}


@pytest.mark.parametrize("sp", [sp for sp in specs() if sp.choices or sp.type in (int, float)],
                         ids=lambda sp: sp.env)
def test_every_checked_variable_rejects_a_bad_value_before_the_worker_is_built(sp):
    bad = "loud" if sp.choices else BAD[sp.type]
    with pytest.raises(SystemExit, match=rf"^error: {sp.env}='{bad}' is not valid: expected "):
        Settings.from_env({sp.env: bad})


def test_faust_would_refuse_what_the_old_table_promised():
    """The bug of issue 12: Faust's worker command refuses `warning`; the settings hand it `warn`."""
    from click.exceptions import BadParameter
    from faust.cli.worker import worker

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(BadParameter):
            worker.parse(["--loglevel", "warning"])
        assert worker.parse(Settings.from_env({"WIREFEED_LOG_LEVEL": "warning"}).faust_worker_args())


def test_the_deployment_files_set_valid_values():
    """docker-compose.yml's wirefeed services and the Dockerfile's ENV lines pass the same checks."""
    import yaml

    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    envs = [svc.get("environment") or {} for name, svc in compose["services"].items() if name != "kafka"]
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    envs.append(dict(re.findall(r"\b((?:WIREFEED|KAFKA)_[A-Z0-9_]+)=(\S+)", dockerfile)))
    declared = {sp.env for sp in specs()}
    assert len(envs) >= 4 and any(envs)
    for env in envs:
        env = {k: str(v) for k, v in env.items()}
        assert set(env) <= declared, set(env) - declared
        build_worker(Settings.from_env(env))
