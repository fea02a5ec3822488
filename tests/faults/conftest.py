"""The fault-injection runs print one summary table at the end of the session (``make faults``)."""
from __future__ import annotations

import json
import os
import statistics
from pathlib import Path

COLUMNS = [("scenario", "scenario", 34), ("inputs", "inputs", 6), ("enriched", "enriched", 8),
           ("duplicates", "dupl.", 5), ("dead-letter", "dead", 5), ("missing", "missing", 7),
           ("contradictory", "contra.", 7), ("two_topics", "2 topics", 8), ("resend_not_dup", "resend!dup", 10),
           ("recovery_s", "recovery s", 10), ("offline_diff", "!=offline", 9)]


def format_table(rows) -> str:
    head = " | ".join(f"{label:<{w}}" for _, label, w in COLUMNS)
    lines = [head, "-" * len(head)]
    for r in rows:
        cells = []
        for key, _, w in COLUMNS:
            v = r.get(key)
            cells.append(f"{'-' if v is None else v!s:<{w}}")
        lines.append(" | ".join(cells) + (f"   {r['note']}" if r.get("note") else ""))
    return "\n".join(lines)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    from .scenario import RESULTS

    if not RESULTS:
        return
    terminalreporter.section("fault injection: accounting over enriched, duplicates and dead-letter")
    terminalreporter.write_line(format_table(RESULTS))
    terminalreporter.write_line("outputs per topic count every message (redeliveries included); missing, contra. "
                                "(ids with two event_ids), 2 topics and resend!dup must be 0")
    fo = [r for r in RESULTS if r["scenario"].startswith("kill -9 one of two workers")]
    if fo:
        rec = sorted(r["recovery_s"] for r in fo if r.get("recovery_s") is not None)
        med = statistics.median(rec) if rec else None
        terminalreporter.write_line(
            f"failover runs: {len(fo)}; missing {sum(r['missing'] for r in fo)}, contradictory "
            f"{sum(r['contradictory'] for r in fo)}, on two topics {sum(r['two_topics'] for r in fo)}; recovery "
            f"median {med} s, max {rec[-1] if rec else None} s, over 15 s: {sum(1 for x in rec if x > 15)}")
    out = os.environ.get("WIREFEED_FAULTS_JSON")
    if out:  # every row, for a report
        Path(out).write_text(json.dumps(RESULTS, indent=1, default=str))
