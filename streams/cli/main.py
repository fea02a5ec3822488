"""``wirefeed``: process wire dispatches offline, run the Kafka worker, send, tail, evaluate.

Run ``wirefeed COMMAND --help`` for each command.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

EPILOG = """\
examples:
  wirefeed demo                                  # local Kafka + worker + bundled samples, events on screen
  wirefeed process dispatch.txt feed.jsonl       # offline: one JSON event per input, to stdout
  cat feed.jsonl | wirefeed process -            # JSONL envelopes on stdin
  wirefeed broker start                          # a real single-node Kafka on 127.0.0.1:9092
  wirefeed worker                                # the long-running Faust worker
  wirefeed send feed.jsonl                       # produce dispatches to the raw topic
  wirefeed tail --region SY --topic medtop:20000639
  wirefeed process --format ninjs dispatch.txt   # NINJS 2.2 documents instead of wirefeed events
  wirefeed routes check routes.yml               # validate and explain a desk routes file (WIREFEED_ROUTES)
  wirefeed routes test routes.yml feed.jsonl     # which desks each dispatch would reach
  wirefeed tail --desk france --format ninjs     # a desk's topic (wire.desk.france) as NINJS
  wirefeed eval regions --corpus ../shared/data/reuters21578

configuration: environment variables (see `wirefeed config`); KAFKA_BOOTSTRAP_SERVERS selects the broker.
"""


def _add_process(sub) -> None:
    p = sub.add_parser(
        "process", help="run the pipeline offline over files (no Kafka)",
        description="Run the very same pipeline as the worker over files, with in-memory story state. "
        "PATH is a .txt file (one raw dispatch), a .jsonl file (one JSON envelope per line: id, text, "
        "received_at, source, language, subjects), a .json file (one JSON envelope or NINJS document, or an array "
        "of them), a directory of such files, or - for JSONL on stdin. "
        "Writes one JSON event per input to stdout, in input order.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", default=["-"], metavar="PATH")
    p.add_argument("--links", action="store_true", help="also print link events (related stories) after the event that caused them")
    p.add_argument("--pretty", action="store_true", help="indent the JSON (not JSONL any more)")
    p.add_argument("--summary", action="store_true", help="print counts per kind to stderr at the end")
    p.add_argument("--format", choices=["event", "ninjs"], default="event",
                   help="event: wirefeed events (default); ninjs: NINJS 2.2 documents of what subscribers of the "
                   "enriched topic get (duplicates and rejects are counted, rejects reported on stderr)")


def cmd_process(a) -> int:
    import orjson

    from ..config import Settings
    from ..events import dispatch_id_for, rejected_event
    from ..pipeline import Pipeline
    from .inputs import read_inputs

    s = Settings.from_env()
    pipe = Pipeline(window=s.window, max_bytes=s.max_bytes, duplicate_window=s.duplicate_window)
    out = sys.stdout.buffer
    opt = orjson.OPT_INDENT_2 if a.pretty else 0
    counts: dict[str, int] = {}
    for item in read_inputs(a.paths):
        if item.error is not None:  # a JSONL line that is not an envelope
            events = [rejected_event(dispatch_id_for(None, item.raw, item.position), item.error)]
        else:
            events = pipe.process(item.message, item.position)
        for i, ev in enumerate(events):
            if i and not a.links:
                break
            counts[ev["kind"]] = counts.get(ev["kind"], 0) + 1
            if a.format == "ninjs":
                ev = _ninjs_or_note(ev)
                if ev is None:
                    continue
            out.write(orjson.dumps(ev, option=opt) + b"\n")
    out.flush()
    if a.summary:
        print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "no input", file=sys.stderr)
    return 0


def _ninjs_or_note(ev: dict):
    """The NINJS document of an event, or None (a reject is reported on stderr)."""
    from ..ninjs import event_to_ninjs

    doc = event_to_ninjs(ev)
    if doc is None and ev.get("kind") == "rejected":
        err = ev.get("error") or {}
        print(f"rejected {ev.get('dispatch_id')}: {err.get('code')}: {err.get('message')}", file=sys.stderr)
    return doc


def _add_routes(sub) -> None:
    p = sub.add_parser(
        "routes", help="check a desk routes file, or show which desks dispatches reach",
        description="Desk routing (WIREFEED_ROUTES): a YAML file declares desks, each published to its own topic "
        "wire.desk.<name>. 'check' validates a file and explains each desk; 'test' runs the offline pipeline over "
        "dispatches and shows which desks each event would reach (later versions follow their story's first "
        "version). See examples/routes.yml.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  wirefeed routes check examples/routes.yml\n"
        "  wirefeed routes test examples/routes.yml streams/samples --explain\n",
    )
    rsub = p.add_subparsers(dest="routes_command", metavar="ACTION", required=True)
    c = rsub.add_parser("check", help="validate a routes file and explain its desks")
    c.add_argument("file", metavar="FILE")
    c.add_argument("--quiet", action="store_true", help="no explanation, only errors (exit status 1 when invalid)")
    t = rsub.add_parser("test", help="which desks each dispatch would reach (offline pipeline, no Kafka)")
    t.add_argument("file", metavar="FILE")
    t.add_argument("paths", nargs="+", metavar="PATH", help="dispatches, as for 'wirefeed process'")
    t.add_argument("--explain", action="store_true", help="say why each desk gets the event or not")
    t.add_argument("--json", action="store_true",
                   help="one JSON line per event: {position, event_id, kind, story_id, headline, desks}")


def cmd_routes(a) -> int:
    from ..config import Settings
    from ..routing import RoutesError, load_routes

    try:
        routes = load_routes(a.file)
    except RoutesError as e:
        print(f"error: {a.file} is not a valid routes file:", file=sys.stderr)
        for err in e.errors:
            print(f"  {err}", file=sys.stderr)
        return 1
    if a.routes_command == "check":
        if a.quiet:
            for w in routes.warnings:
                print(f"warning: {w}", file=sys.stderr)
        else:
            prefix = Settings.from_env().desk_topic_prefix
            print(f"{a.file}: valid")
            print(routes.describe(prefix))
        return 0
    return _routes_test(a, routes)


def _routes_test(a, routes) -> int:
    import orjson

    from ..config import Settings
    from ..events import dispatch_id_for, rejected_event
    from ..pipeline import Pipeline
    from ..routing import Router
    from .inputs import read_inputs

    s = Settings.from_env()
    pipe = Pipeline(window=s.window, max_bytes=s.max_bytes, duplicate_window=s.duplicate_window)
    router = Router(routes, window=s.window)
    memory: dict = {}
    reach: dict[str, int] = {d.name: 0 for d in routes.desks}
    for item in read_inputs(a.paths):
        if item.error is not None:
            events = [rejected_event(dispatch_id_for(None, item.raw, item.position), item.error)]
        else:
            events = pipe.process(item.message, item.position)
        for ev in events:
            desks, why = router.route_explained(ev, memory, explain=a.explain)
            for d in desks:
                reach[d] += 1
            if a.json:
                print(orjson.dumps({"position": item.position, "event_id": ev.get("event_id"), "kind": ev.get("kind"),
                                    "story_id": ev.get("story_id"), "headline": ev.get("headline"),
                                    "desks": desks}).decode())
                continue
            what = ev.get("headline") or (", ".join(ev.get("related") or []) if ev.get("kind") == "link" else "")
            if ev.get("kind") == "rejected":
                what = f"{(ev.get('error') or {}).get('code')}"
            print(f"{item.position}: [{ev.get('kind')} v{ev.get('version', '-')}] {ev.get('story_id') or ''} "
                  f"{what}".rstrip())
            print(f"    -> {', '.join(desks) if desks else '(no desk)'}")
            if a.explain:
                for name, reasons in why.items():
                    mark = "+" if name in desks else "-"
                    print(f"       {mark} {name}: {'; '.join(reasons) if reasons else 'matches'}")
    if not a.json:
        print("per desk: " + ", ".join(f"{k}={v}" for k, v in reach.items()), file=sys.stderr)
    return 0


def _add_worker(sub) -> None:
    p = sub.add_parser("worker", help="run the long-running Faust worker",
                       description="Start a Faust worker: consumes the raw topic, publishes enriched, duplicates and "
                       "dead-letter events. Start more workers with the same WIREFEED_APP_ID to scale out: Kafka "
                       "spreads the partitions between them. Each worker parses and tags in "
                       "WIREFEED_PREPARE_PROCESSES child processes (default 1; 0 keeps it in the worker: one "
                       "process, less memory). `wirefeed config` lists every setting.")
    p.add_argument("--loglevel", default=None, help="override WIREFEED_LOG_LEVEL")


def cmd_worker(a) -> int:
    from ..config import Settings

    if a.loglevel:
        os.environ["WIREFEED_LOG_LEVEL"] = a.loglevel
    s = Settings.from_env()
    import asyncio

    from ..worker.app import create_app
    from .kafka_tools import wait_for_topics

    # Faust creates its internal topics itself but only subscribes to source topics that exist.
    asyncio.run(wait_for_topics(s, [s.topic_raw, s.topic_tagged, s.topic_enriched, s.topic_duplicates,
                                    s.topic_dead_letter]))
    app = create_app(s)
    sys.argv = ["wirefeed", "worker", *s.faust_worker_args()]  # Faust's spelling of the log level
    app.main()
    return 0


def _add_send(sub) -> None:
    p = sub.add_parser("send", help="produce dispatches to the raw topic",
                       description="Produce .txt files (one message each) and .jsonl lines (one message per line, "
                       "sent as is, keyed by the envelope's source so that one feed keeps its order) to the raw topic. "
                       "Shows a progress bar for large inputs.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--topic", default=None, help="default: WIREFEED_TOPIC_RAW")
    p.add_argument("--quiet", action="store_true")


def cmd_send(a) -> int:
    import asyncio

    from ..config import Settings
    from .kafka_tools import send_paths

    s = Settings.from_env()
    n = asyncio.run(send_paths(s, a.paths, topic=a.topic, progress=not a.quiet))
    if not a.quiet:
        print(f"sent {n} message(s) to {a.topic or s.topic_raw} on {s.bootstrap_servers}", file=sys.stderr)
    return 0


def _add_tail(sub) -> None:
    p = sub.add_parser("tail", help="print enriched events as a subscriber would",
                       description="Subscribe to the enriched topic (or another) and print events, optionally "
                       "filtered by region and topic code.")
    p.add_argument("--region", action="append", default=[], help="ISO 3166-1 alpha-2 code (repeatable; any matches)")
    p.add_argument("--topic", action="append", default=[], dest="topics",
                   help="IPTC Media Topic code, e.g. medtop:20000639 (repeatable; matches broader topics too)")
    p.add_argument("--from", dest="source", choices=["enriched", "duplicates", "dead-letter"], default="enriched")
    p.add_argument("--from-beginning", action="store_true", help="read the topic from its start")
    p.add_argument("--max", type=int, default=0, help="stop after N printed events")
    p.add_argument("--timeout", type=float, default=0, help="stop after N seconds without a new event")
    p.add_argument("--json", action="store_true", help="print the events as JSON lines")
    p.add_argument("--desk", default=None, metavar="NAME",
                   help="read the desk topic wire.desk.NAME (see `wirefeed routes`) instead of --from")
    p.add_argument("--format", choices=["text", "json", "ninjs"], default=None,
                   help="text (default), json (= --json) or ninjs: NINJS 2.2 documents, one per line")


def cmd_tail(a) -> int:
    import asyncio

    from ..config import Settings
    from .kafka_tools import tail

    s = Settings.from_env()
    if a.desk:
        from ..routing import desk_topic
        from ..routing.routes import NAME_RE

        if not NAME_RE.match(a.desk):
            raise SystemExit(f"error: {a.desk!r} is not a desk name")
        a.topic_name = desk_topic(a.desk)
    if a.format == "json":
        a.json = True
    elif a.format == "ninjs":
        from ..ninjs import event_to_ninjs

        a.render = event_to_ninjs
    asyncio.run(tail(s, a))
    return 0


def _add_eval(sub) -> None:
    p = sub.add_parser("eval", help="measure accuracy against a labelled corpus",
                       description="Evaluate a stage against Reuters-21578 (give its folder; it is never copied), "
                       "or, with `eval wire --gold PATH`, the whole pipeline against real wire copy with hand-made "
                       "gold (wire-dev format): a table per language with the targets; exit 1 when one is missed.")
    p.add_argument("stage", choices=["parse", "regions", "topics", "threading", "wire"])
    p.add_argument("--corpus", type=Path, help="folder with reut2-*.sgm, e.g. ../shared/data/reuters21578")
    p.add_argument("--limit", type=int, default=None, help="only the first N documents")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--gold", type=Path, help="wire: the gold JSONL, e.g. ../shared/data/wire-dev/dev.jsonl")
    p.add_argument("--details", action="store_true", help="wire: list every miss")
    p.add_argument("--events", type=Path, metavar="OUT", help="wire: also write the events (JSONL) to OUT")


def cmd_eval(a) -> int:
    import importlib

    import orjson

    if a.stage == "wire":
        from ..evaluation import wire_eval

        if a.gold is None:
            raise SystemExit("error: eval wire needs --gold PATH")
        return wire_eval.main(a.gold, details=a.details, events_out=a.events, as_json=a.json)
    if a.corpus is None:
        raise SystemExit(f"error: eval {a.stage} needs --corpus FOLDER")
    mod = importlib.import_module(f"streams.evaluation.{ {'parse': 'parse_eval', 'regions': 'regions_eval', 'topics': 'topics_eval', 'threading': 'threading_eval'}[a.stage]}")
    if not a.corpus.is_dir():
        raise SystemExit(f"error: {a.corpus}: not a folder")
    result = mod.evaluate(a.corpus, limit=a.limit, progress=sys.stderr.isatty())
    if a.json:
        print(orjson.dumps(result, option=orjson.OPT_INDENT_2, default=str).decode())
    else:
        print(mod.report(result))
    return 0


def _add_broker(sub) -> None:
    p = sub.add_parser("broker", help="a real local Apache Kafka (KRaft), no Docker",
                       description="Fetch Apache Kafka from Maven Central (once, into the cache) and run a single-node "
                       "KRaft broker+controller on 127.0.0.1. Needs Java 17+ and Maven.")
    p.add_argument("action", choices=["fetch", "start", "stop", "run"])
    p.add_argument("--port", type=int, default=int(os.environ.get("WIREFEED_KAFKA_PORT", "9092")))
    p.add_argument("--data-dir", default=None, help="default: $WIREFEED_CACHE_DIR/broker")


def cmd_broker(a) -> int:
    from ..broker.__main__ import main as broker_main

    argv = [a.action, "--port", str(a.port)]
    if a.data_dir:
        argv += ["--data-dir", a.data_dir]
    return broker_main(argv)


def _add_demo(sub) -> None:
    sub.add_parser("demo", help="the whole thing locally: Kafka, a worker, the bundled samples, their events",
                   description="Start a local Kafka (unless KAFKA_BOOTSTRAP_SERVERS is set), start a worker, send the "
                   "bundled sample dispatches and show what comes out on enriched, duplicates and dead-letter. "
                   "Stops everything at the end.")


def cmd_demo(a) -> int:
    from .demo import run_demo

    return run_demo()


def _add_config(sub) -> None:
    p = sub.add_parser("config", help="show the effective configuration and the variables that set it",
                       description="Print every setting: its variable, its effective value (from the environment "
                       "or the default) and what it does. A bad value stops every command with one line.")
    p.add_argument("--markdown", action="store_true",
                   help="print the README's configuration table (generated from the declarations in streams/config.py)")


def cmd_config(a) -> int:
    from ..config import Settings, markdown_table

    if a.markdown:
        sys.stdout.write(markdown_table())
        return 0
    for var, value, doc in Settings.from_env().describe():
        print(f"{var:28} {value or '(default)':28} {doc}")
    return 0


COMMANDS = {
    "process": (_add_process, cmd_process),
    "routes": (_add_routes, cmd_routes),
    "worker": (_add_worker, cmd_worker),
    "send": (_add_send, cmd_send),
    "tail": (_add_tail, cmd_tail),
    "eval": (_add_eval, cmd_eval),
    "broker": (_add_broker, cmd_broker),
    "demo": (_add_demo, cmd_demo),
    "config": (_add_config, cmd_config),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wirefeed",
        description="Streaming processor for news-agency wire feeds: parses dispatches, tags them by region "
        "(ISO 3166-1) and topic (IPTC Media Topics) and threads them into stories.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add, _ in COMMANDS.values():
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ..config import Settings

    Settings.from_env()  # every variable checked at start: a bad value exits with one line naming it
    parser = build_parser()
    a = parser.parse_args(argv)
    if not a.command:
        parser.print_help()
        return 2
    if a.command != "worker":
        from ..config import logging_level

        logging.basicConfig(level=logging_level(default="warning").upper(), format="%(levelname)s %(name)s: %(message)s")
    try:
        return COMMANDS[a.command][1](a) or 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
