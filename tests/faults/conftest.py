"""The fault-injection runs print one summary table at the end of the session (``make faults``)."""
from __future__ import annotations

COLUMNS = [("scenario", "scenario", 34), ("inputs", "inputs", 6), ("enriched", "enriched", 8),
           ("duplicates", "dupl.", 5), ("dead-letter", "dead", 5), ("missing", "missing", 7),
           ("contradictory", "contra.", 7), ("two_topics", "2 topics", 8), ("resend_not_dup", "resend!dup", 10),
           ("recovery_s", "recovery s", 10)]


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
