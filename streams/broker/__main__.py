"""``python -m streams.broker {fetch,start,stop,run}``: manage the local Kafka broker."""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from .local_kafka import BrokerError, LocalKafka, default_cache_dir


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m streams.broker",
        description="Run a real single-node Apache Kafka (KRaft) on 127.0.0.1 without Docker. "
        "Jars are fetched once from Maven Central into $WIREFEED_CACHE_DIR (default ~/.cache/wirefeed).",
    )
    p.add_argument("action", choices=["fetch", "start", "stop", "run"],
                   help="fetch: download jars; start: start in the background; stop: stop a started broker; run: start in the foreground until Ctrl-C")
    p.add_argument("--data-dir", type=Path, default=default_cache_dir() / "broker",
                   help="KRaft storage, config and logs (default: %(default)s)")
    p.add_argument("--port", type=int, default=int(os.environ.get("WIREFEED_KAFKA_PORT", "9092")))
    a = p.parse_args(argv)
    k = LocalKafka(data_dir=a.data_dir, port=a.port)
    try:
        if a.action == "fetch":
            print(k.fetch())
        elif a.action == "start":
            print(k.start())
            k.process = None  # leave it running; `stop` finds it by its pid file
        elif a.action == "stop":
            k.stop()
        else:
            print(k.start(), flush=True)
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            try:
                k.process.wait()
            except (KeyboardInterrupt, SystemExit):
                pass
            finally:
                k.stop()
    except BrokerError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
