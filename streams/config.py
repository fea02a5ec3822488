"""Configuration from environment variables, with defaults that run on a laptop.

Each setting is declared once, below, as a field of :class:`Settings`: its
attribute name, type and default, and in :func:`setting` its environment
variable, help text and allowed values (with the synonyms people use).  From
these declarations come the parsing and validation of the environment
(:meth:`Settings.from_env`), ``wirefeed config`` (the effective values) and
``wirefeed config --markdown`` (the README's configuration table; a test checks
that the README carries exactly that table).

Kafka's address is the standard ``KAFKA_BOOTSTRAP_SERVERS``; every other
variable is ``WIREFEED_*``.  A bad value stops the program at start with one
line naming the variable and what it accepts.

To add a setting: add a field to :class:`Settings` with ``setting(default,
"WIREFEED_...", "help", ...)`` (type ``str``, ``int``, ``float``, ``bool`` or
``Path``; constraints: ``choices`` + ``synonyms``, ``minimum`` / ``maximum``;
an ``example`` value is documented and tested), read it as ``settings.<name>``,
and run ``python scripts/config_table.py --write`` to regenerate the README's
table (``tests/test_config_readme.py`` fails until you do; it also builds the
worker's app with every documented value).
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import MISSING, dataclass, field, fields
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any, Mapping, get_type_hints

__all__ = ["ConfigError", "Settings", "Spec", "setting", "specs", "markdown_table", "LOG_LEVELS"]


class ConfigError(ValueError):
    """A setting has a value it does not accept; the message is one line naming the variable."""


@dataclass(frozen=True)
class Spec:
    """How one setting is read from the environment, checked and documented."""

    env: str
    help: str
    choices: tuple[str, ...] = ()  # canonical allowed values (strings), documented
    synonyms: Mapping[str, str] = field(default_factory=dict)  # accepted spelling -> canonical value
    minimum: float | None = None
    maximum: float | None = None
    default_doc: str | None = None  # how the default reads in the docs when str(default) is not it
    example: str | None = None  # a valid non-default value, documented and tested
    group: str = "worker"  # "worker" (Settings users) or "local broker" (wirefeed broker / demo)
    # filled in by specs():
    name: str = ""
    type: Any = str
    default: Any = None


def setting(default: Any, env: str, help: str, **spec: Any) -> Any:
    """Declare a field of :class:`Settings` with its variable, help and constraints (see :class:`Spec`)."""
    return field(default=default, metadata={"spec": Spec(env=env, help=help, **spec)})


# Python logging's names are canonical; Faust's worker CLI only knows CRIT/ERROR/WARN/INFO/DEBUG.
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
_LOG_SYNONYMS = {"warn": "warning", "crit": "critical", "fatal": "critical"}
_FAUST_LOG_LEVEL = {"debug": "debug", "info": "info", "warning": "warn", "error": "error", "critical": "crit"}
_TOPIC = re.compile(r"[A-Za-z0-9._-]{1,249}")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


FRAMING_BYTES = 16 * 1024  # key, headers and record-batch overhead on top of WIREFEED_MAX_BYTES


@dataclass(frozen=True)
class Settings:
    bootstrap_servers: str = setting(
        "127.0.0.1:9092", "KAFKA_BOOTSTRAP_SERVERS", "Kafka bootstrap servers (host:port,...)",
        example="broker1:9092,broker2:9092")
    app_id: str = setting(
        "wirefeed", "WIREFEED_APP_ID",
        "Faust app id = Kafka consumer group; workers with the same id share the work", example="wirefeed-eu")
    topic_raw: str = setting("wire.dispatches.raw", "WIREFEED_TOPIC_RAW",
                             "input topic: raw dispatches (text bytes or JSON envelopes)")
    topic_enriched: str = setting("wire.dispatches.enriched", "WIREFEED_TOPIC_ENRICHED",
                                  "output: new / update / correction / repeat / link events")
    topic_duplicates: str = setting("wire.dispatches.duplicates", "WIREFEED_TOPIC_DUPLICATES",
                                    "output: duplicates and repeats of stories already published")
    topic_dead_letter: str = setting("wire.dispatches.dead-letter", "WIREFEED_TOPIC_DEAD_LETTER",
                                     "output: rejected input, with error code and message")
    topic_tagged: str = setting("wire.dispatches.tagged", "WIREFEED_TOPIC_TAGGED",
                                "internal repartition topic (parsed + tagged, keyed by language)")
    partitions: int = setting(4, "WIREFEED_PARTITIONS", "partitions of the topics wirefeed creates",
                              minimum=1, maximum=10_000, example="8")
    store: str = setting("rocksdb://", "WIREFEED_STORE",
                         "Faust table store: durable RocksDB, or memory for a throwaway worker",
                         choices=("rocksdb://", "memory://"),
                         synonyms={"rocksdb": "rocksdb://", "memory": "memory://"})
    data_dir: Path = setting(Path("wirefeed-data"), "WIREFEED_DATA_DIR",
                             "where the worker keeps its RocksDB state (one folder per worker on a host)",
                             example="/var/lib/wirefeed")
    window_days: float = setting(7.0, "WIREFEED_WINDOW_DAYS",
                                 "the threading window: how long a story is open for updates, corrections, "
                                 "related links and duplicates (days)",
                                 minimum=0.001, maximum=3650, example="2.5")
    duplicate_window_days: float = setting(
        30.0, "WIREFEED_DUPLICATE_WINDOW_DAYS",
        "how long a story's content is remembered for copies: a near-identical copy is a `duplicate` within this "
        "look-back even past the window (days; at least the window)", minimum=0.001, maximum=3650, example="14")
    max_bytes: int = setting(1 << 20, "WIREFEED_MAX_BYTES", "dispatches larger than this are rejected (`too_large`)",
                             minimum=1, example="65536")
    log_level: str = setting(
        "info", "WIREFEED_LOG_LEVEL", "log level (any case)", choices=LOG_LEVELS, synonyms=_LOG_SYNONYMS,
        default_doc="`info` (worker), `warning` (other commands)")
    web_port: int = setting(0, "WIREFEED_WEB_PORT", "Faust web (metrics) port; 0 disables it",
                            minimum=0, maximum=65535, default_doc="`0` (off)", example="6066")
    expire_every_s: float = setting(60.0, "WIREFEED_EXPIRE_EVERY_S",
                                    "how often the worker looks for state past the window and drops it "
                                    "(seconds; a pass runs in slices of a few ms, one after each event, until "
                                    "nothing is left)", minimum=1, example="600")
    producer_linger_ms: int = setting(5, "WIREFEED_PRODUCER_LINGER_MS",
                                      "how long the producer waits to batch writes (latency vs throughput)",
                                      minimum=0, maximum=10_000, example="0")
    tagged_partitions: int = setting(8, "WIREFEED_TAGGED_PARTITIONS",
                                     "partitions of the internal tagged topic and of the story table "
                                     "(threading parallelism)", minimum=1, maximum=10_000, example="12")
    language_partitions: str = setting(
        "en=0,fr=4,de=1,es=5,it=2,pt=6,und=3", "WIREFEED_LANGUAGE_PARTITIONS",
        "language=partition of the tagged topic; other languages hash over the partitions not listed",
        example="en=0,fr=1,de=2,es=3,it=4,pt=5,und=6")
    session_timeout_s: float = setting(6.0, "WIREFEED_SESSION_TIMEOUT_S",
                                       "Kafka consumer session timeout: a killed worker's partitions move after this "
                                       "(seconds; 6 is the lowest a default broker accepts, see Faults and failover)",
                                       minimum=3, maximum=300, example="20")
    heartbeat_interval_s: float = setting(0.5, "WIREFEED_HEARTBEAT_INTERVAL_S",
                                          "Kafka consumer heartbeat interval, at most a third of the session "
                                          "timeout (seconds)", minimum=0.1, maximum=100, example="2")
    rebalance_timeout_s: float = setting(15.0, "WIREFEED_REBALANCE_TIMEOUT_S",
                                         "how long the group waits for live workers to rejoin a rebalance (seconds)",
                                         minimum=1, maximum=600, example="30")
    max_in_flight: int = setting(500, "WIREFEED_MAX_IN_FLIGHT",
                                 "inputs a worker keeps awaiting delivery before its agents wait (backpressure)",
                                 minimum=1, maximum=100_000, example="100")
    prepare_processes: int = setting(1, "WIREFEED_PREPARE_PROCESSES",
                                     "child processes per worker that run the stateless stage (parse, tag, "
                                     "threading features) beside the event loop; 0 runs it in the loop (one "
                                     "process, less memory)", minimum=0, maximum=64, example="0")
    log_every_s: float = setting(30.0, "WIREFEED_LOG_EVERY_S",
                                 "repeated warnings (producer buffer, broker outage) are logged once per reason per "
                                 "interval (seconds; 0 logs them all)", minimum=0, maximum=3600, example="5")
    web_bind: str = setting("127.0.0.1", "WIREFEED_WEB_BIND",
                            "address of the worker's web server (/metrics, /healthz, /readyz); 0.0.0.0 for all "
                            "interfaces (the container image sets it)", example="0.0.0.0")
    routes: str = setting("", "WIREFEED_ROUTES",
                          "desk routes file (YAML, see Desk routing); reloaded when it changes; empty: no desks",
                          default_doc="(none)", example="examples/routes.yml")
    desk_topic_prefix: str = setting("wire.desk.", "WIREFEED_TOPIC_DESK_PREFIX",
                                     "desk topics are this prefix + the desk name", example="desks.")
    ninjs_topic: str = setting("", "WIREFEED_TOPIC_NINJS",
                               "if set, every enriched event is also published there as a NINJS 2.2 document",
                               default_doc="(none)", example="wire.dispatches.ninjs")
    # -- read by the local broker (streams/broker), `wirefeed broker` and `wirefeed demo`
    cache_dir: str = setting("", "WIREFEED_CACHE_DIR", "Kafka jars and the local broker's data",
                             default_doc="`$XDG_CACHE_HOME/wirefeed` or `~/.cache/wirefeed`",
                             example="/tmp/wirefeed-cache", group="local broker")
    kafka_version: str = setting("4.4.0", "WIREFEED_KAFKA_VERSION", "the Kafka release the local broker fetches",
                                 example="4.1.0", group="local broker")
    kafka_port: int = setting(9092, "WIREFEED_KAFKA_PORT",
                              "port of the local broker (`wirefeed broker`); `wirefeed demo` takes a free port "
                              "unless it is set", minimum=0, maximum=65535, example="19092", group="local broker")

    def __post_init__(self) -> None:
        for sp in specs():
            object.__setattr__(self, sp.name, _check(sp, getattr(self, sp.name)))
        topics = [(sp.env, getattr(self, sp.name)) for sp in specs() if sp.name.startswith("topic_")]
        seen: dict[str, str] = {}
        for env, name in topics:
            if name in seen:
                raise ConfigError(f"{env}={name!r} is the same topic as {seen[name]}: the topics must differ")
            seen[name] = env
        if self.heartbeat_interval_s * 3 > self.session_timeout_s:
            sp = spec_for("heartbeat_interval_s")
            raise ConfigError(f"{sp.env}={_num(self.heartbeat_interval_s)!r} is not valid: expected at most a third "
                              f"of WIREFEED_SESSION_TIMEOUT_S={_num(self.session_timeout_s)} (a worker that misses "
                              f"a few heartbeats would be thrown out of the group)")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Settings from the environment (empty variables count as unset); a bad value exits with one line."""
        env = os.environ if environ is None else environ
        kw: dict[str, Any] = {}
        try:
            for sp in specs():
                raw = env.get(sp.env)
                if raw is not None and raw.strip() != "":
                    kw[sp.name] = _check(sp, _parse(sp, raw), shown=raw.strip())  # errors quote the text given
            kw.update(overrides)
            return cls(**kw)
        except ConfigError as e:
            raise SystemExit(f"error: {e}") from None

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.window_days)

    @property
    def duplicate_window(self) -> timedelta:
        """The duplicate look-back (never shorter than the window)."""
        return max(self.window, timedelta(days=self.duplicate_window_days))

    @property
    def kafka_max_bytes(self) -> int:
        """The Kafka-level limit (producer request, topic max.message.bytes, broker message.max.bytes):
        WIREFEED_MAX_BYTES for the value plus room for the key, headers and record-batch framing."""
        return self.max_bytes + FRAMING_BYTES

    @property
    def faust_log_level(self) -> str:
        """The log level as Faust's worker command spells it (``warn``, ``crit`` ...)."""
        return _FAUST_LOG_LEVEL[self.log_level]

    def faust_worker_args(self) -> list[str]:
        """Options for Faust's ``worker`` command (after ``wirefeed worker``)."""
        args = ["--loglevel", self.faust_log_level]
        return args + (["--web-port", str(self.web_port)] if self.web_port > 0 else ["--without-web"])

    def describe(self) -> list[tuple[str, str, str]]:
        """(variable, effective value, help) for every setting."""
        return [(sp.env, str(getattr(self, sp.name)), sp.help) for sp in specs()]


@cache
def specs() -> tuple[Spec, ...]:
    """Every setting's declaration, in declaration order, with its name, type and default filled in."""
    hints = get_type_hints(Settings)
    out = []
    for f in fields(Settings):
        sp: Spec = f.metadata["spec"]
        default = f.default if f.default is not MISSING else f.default_factory()  # type: ignore[misc]
        out.append(Spec(**{**sp.__dict__, "name": f.name, "type": hints[f.name], "default": default}))
    return tuple(out)


def spec_for(env_or_name: str) -> Spec:
    for sp in specs():
        if env_or_name in (sp.env, sp.name):
            return sp
    raise KeyError(env_or_name)


def allowed(sp: Spec) -> str:
    """What a setting accepts, in words (used in error messages and the docs)."""
    if sp.choices:
        text = ", ".join(sp.choices)
        if sp.synonyms:
            text += " (also " + ", ".join(sp.synonyms) + ")"
        return text
    kind = {int: "an integer", float: "a number", bool: "true or false", Path: "a path"}.get(sp.type, "text")
    if sp.minimum is not None and sp.maximum is not None:
        return f"{kind} from {_num(sp.minimum)} to {_num(sp.maximum)}"
    if sp.minimum is not None:
        return f"{kind} >= {_num(sp.minimum)}"
    if sp.name == "bootstrap_servers":
        return "host:port[,host:port...]"
    if sp.name.startswith("topic_"):
        return "a Kafka topic name (letters, digits, . _ -)"
    return kind


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _fail(sp: Spec, value: Any) -> ConfigError:
    return ConfigError(f"{sp.env}={str(value)!r} is not valid: expected {allowed(sp)}")


def _parse(sp: Spec, raw: str) -> Any:
    """The typed value of a variable's text (constraints are checked by _check)."""
    text = raw.strip()
    try:
        if sp.type is bool:
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise ValueError(text)
        if sp.type is int:
            return int(text)
        if sp.type is float:
            return float(text)
        if sp.type is Path:
            return Path(os.path.expanduser(text))
    except ValueError:
        raise _fail(sp, raw) from None
    return text


def _check(sp: Spec, value: Any, shown: str | None = None) -> Any:
    """The canonical value, or ConfigError quoting ``shown`` (default: the value; also for values given in code)."""
    try:
        return _checked(sp, value)
    except ConfigError as e:
        if shown is None:
            raise
        raise ConfigError(str(e).replace(f"{sp.env}={str(value)!r}", f"{sp.env}={shown!r}", 1)) from None


def _checked(sp: Spec, value: Any) -> Any:
    if sp.type is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if sp.type is Path and isinstance(value, str):
        value = Path(value)
    if not isinstance(value, sp.type) or (sp.type is int and isinstance(value, bool)):
        raise _fail(sp, value)
    if sp.choices:
        key = value.strip().lower()  # choices and synonyms are lower case
        key = sp.synonyms.get(key, key)
        if key not in sp.choices:
            raise _fail(sp, value)
        return key
    if sp.type in (int, float):
        if not math.isfinite(value) or (sp.minimum is not None and value < sp.minimum) or (
                sp.maximum is not None and value > sp.maximum):
            raise _fail(sp, value)
    if sp.type is Path and str(value) in ("", "."):
        raise _fail(sp, value)
    if sp.name == "bootstrap_servers":
        hosts = [h.strip() for h in value.split(",")]
        if not all(re.fullmatch(r"[^\s:/,]+:\d{1,5}", h) and 0 < int(h.rsplit(":", 1)[1]) < 65536 for h in hosts):
            raise _fail(sp, value)
    if sp.name == "app_id" and not _TOPIC.fullmatch(value):
        raise ConfigError(f"{sp.env}={value!r} is not valid: expected letters, digits, . _ - (it names Kafka topics)")
    if sp.name.startswith("topic_") and not _TOPIC.fullmatch(value):
        raise _fail(sp, value)
    return value


def logging_level(environ: Mapping[str, str] | None = None, default: str = "warning") -> str:
    """WIREFEED_LOG_LEVEL, checked and made canonical (for commands other than the worker)."""
    raw = (os.environ if environ is None else environ).get("WIREFEED_LOG_LEVEL", "").strip() or default
    try:
        return _check(spec_for("log_level"), raw)
    except ConfigError as e:
        raise SystemExit(f"error: {e}") from None


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def documented_default(sp: Spec) -> str:
    if sp.default_doc is not None:
        return sp.default_doc
    return f"`{_num(sp.default) if sp.type is float else sp.default}`"


def documented_values(sp: Spec) -> str:
    if sp.choices:
        text = ", ".join(f"`{c}`" for c in sp.choices)
        if sp.synonyms:
            text += " (also " + ", ".join(f"`{s}`" for s in sp.synonyms) + ")"
        return text
    text = allowed(sp)
    if sp.example is not None:
        text += f", e.g. `{sp.example}`"
    return text


def markdown_table() -> str:
    """The README's configuration table, generated from the declarations."""
    lines = ["| variable | default | accepted values | meaning |", "|---|---|---|---|"]
    group = "worker"
    for sp in specs():
        if sp.group != group:
            group = sp.group
            lines.append(f"| *{group}:* | | | |")
        lines.append(f"| `{sp.env}` | {_cell(documented_default(sp))} | {_cell(documented_values(sp))} | "
                     f"{_cell(sp.help)} |")
    return "\n".join(lines) + "\n"
