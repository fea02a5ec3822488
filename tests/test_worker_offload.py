"""The stateless stage in prepare processes (streams/worker/offload.py): same bytes as the loop, results
in order, a dead child costs no message, and no child outlives its worker."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timezone

import orjson
import pytest

from streams import pipeline
from streams.worker.offload import BrokenProcessPool, PrepareRunner, prepare_encoded

WHEN = datetime(2026, 11, 30, 9, 15, tzinfo=timezone.utc)

# short invented dispatches in several house styles, and input that is rejected
MESSAGES = [
    orjson.dumps({"id": "t-1", "text": "Flood waters rise in river town\n\nLONDON, Nov 30 (Reuters) - Flood waters "
                  "rose on Monday in a river town west of London, the Environment Agency said, as rain kept "
                  "falling across southern England.\n"}),
    orjson.dumps({"id": "t-2", "language": "fr", "text": "Le Parlement adopte la réforme des retraites\n\nPARIS, "
                  "30 nov 2026 (AFP) - Le Parlement a adopté lundi la réforme des retraites, a annoncé le "
                  "gouvernement, après des semaines de débats à l'Assemblée nationale.\n"}),
    "Hamburg (dpa) - Der Hafen hat im Oktober mehr Container umgeschlagen als ein Jahr zuvor, teilte die "
    "Hafengesellschaft am Montag mit.".encode(),
    b"",  # empty: rejected
    b"\x00\x01\x02\x03 binary \xff\xfe",  # rejected
]


def test_the_loop_path_builds_the_internal_message_prepare_builds():
    for i, m in enumerate(MESSAGES):
        kind, a, b, body = prepare_encoded(m, f"raw:0:{i}", 1 << 20, WHEN)
        ref = pipeline.prepare(m, f"raw:0:{i}", received_at=WHEN)
        if isinstance(ref, dict):
            assert kind == "rejected" and a == ref
        else:
            assert (kind, a, b, body) == ("prepared", ref.dispatch_id, ref.language, ref.to_bytes())


@pytest.fixture(scope="module")
def runner():
    r = PrepareRunner(1, 1 << 20)
    r.start(timeout=180)
    yield r
    r.close()


async def _all(r: PrepareRunner, messages: list) -> list:
    futs = [r.submit(m, f"raw:0:{i}", WHEN) for i, m in enumerate(messages)]
    return await asyncio.gather(*futs)


async def test_a_child_gives_the_bytes_of_the_loop_in_input_order_with_its_stage_times(runner):
    results = await _all(runner, MESSAGES * 3)
    for i, (outcome, stages) in enumerate(results):
        assert outcome == prepare_encoded(MESSAGES[i % len(MESSAGES)], f"raw:0:{i}", 1 << 20, WHEN)
    parsed = [stages for (kind, *_), stages in results if kind == "prepared"]
    assert parsed and all({"parse", "regions", "topics", "features"} <= {s for s, _ in st} for st in parsed)
    assert all(sec >= 0 for st in parsed for _, sec in st)


async def test_a_dead_child_fails_what_it_owed_and_the_pool_starts_again_once(runner):
    gen = runner.generation
    [pid] = runner.pids()
    os.kill(pid, signal.SIGKILL)
    fut = runner.submit(MESSAGES[0], "raw:0:1", WHEN)
    with pytest.raises(BrokenProcessPool):
        await asyncio.wait_for(fut, 60)
    runner.restart(gen)
    runner.restart(gen)  # a second failed result of the same pool: no second restart
    assert runner.generation == gen + 1 and runner.restarts == 1
    (outcome, _), = await asyncio.wait_for(_all(runner, MESSAGES[:1]), 180)
    assert outcome == prepare_encoded(MESSAGES[0], "raw:0:0", 1 << 20, WHEN)
    assert runner.pids() and runner.pids() != [pid]


def test_no_child_outlives_its_worker(tmp_path):
    """A worker killed with SIGKILL (no clean-up at all): its prepare process leaves within seconds."""
    pid_file = tmp_path / "child.pid"
    script = textwrap.dedent(f"""
        import os, sys
        from streams.worker.offload import PrepareRunner
        r = PrepareRunner(1, 1 << 20)
        r.start(timeout=180)
        open({str(pid_file)!r}, "w").write(str(r.pids()[0]))
        os.kill(os.getpid(), 9)
    """)
    subprocess.run([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=240, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(child, signal.SIGKILL)
    pytest.fail(f"prepare process {child} still running 15 s after its worker was killed")
