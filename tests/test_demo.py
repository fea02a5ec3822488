"""`make run` = `wirefeed demo`: its own real Kafka, a worker, the bundled samples, every one accounted for."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.kafka, pytest.mark.timeout(300)]


def test_demo_runs_the_main_job_end_to_end(kafka_bootstrap):
    # kafka_bootstrap only makes sure Java and the Kafka jars are there; the demo starts its own broker.
    import tempfile

    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    env["TMPDIR"] = str(Path(tempfile.mkdtemp(prefix="demo-tmp-")))
    out = subprocess.run([sys.executable, "-m", "streams.cli.main", "demo"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=280)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "all 10 dispatches accounted for: 9 enriched, 1 duplicates, 1 dead-letter" in out.stderr
    shown = out.stdout
    assert "[update v2]" in shown and "[duplicate v1 of demo-en-1]" in shown
    assert "[rejected]" in shown and "missing_text" in shown
    assert "[link]" in shown
    assert "stopping Kafka" in out.stderr
    assert list(Path(env["TMPDIR"]).iterdir()) == [], "the demo removes its temporary folder"
