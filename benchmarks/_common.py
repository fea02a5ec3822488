"""Helpers shared by the benchmark scripts (run as ``python benchmarks/bench_*.py``)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pad_paragraphs(paragraphs: list[str], size: int = 3000) -> list[str]:
    """Repeat paragraphs until the body has at least ``size`` characters (a ~3 KB dispatch)."""
    out = list(paragraphs)
    i = 0
    while sum(len(p) for p in out) < size and paragraphs:
        out.append(paragraphs[i % len(paragraphs)])
        i += 1
    return out


def run_fresh(code: str) -> dict:
    """Run ``code`` in a fresh interpreter at the repo root; return the JSON it prints last."""
    code = f"import sys;sys.path.insert(0,{str(ROOT)!r});" + code
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])
