"""Run ``wirefeed worker`` as a child process: start, wait until Faust says Ready, stop.

Used by ``wirefeed demo``, the real-broker tests and the worker benchmark.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

READY = "[^Worker]: Ready"


class WorkerProcess:
    """A ``wirefeed worker`` subprocess with the given environment, logging to ``log_path``."""

    def __init__(self, env: dict[str, str], log_path: Path, name: str = "worker", cwd: Path | None = None):
        self.env = env
        self.log_path = log_path
        self.name = name
        self.cwd = cwd
        self.proc: subprocess.Popen | None = None
        self._offset = 0

    def start(self, timeout: float = 90.0) -> "WorkerProcess":
        """Start the worker and wait until it is ready; raise with the log's tail if it is not."""
        self._log = open(self.log_path, "ab")
        self._offset = self.log_path.stat().st_size
        self.proc = subprocess.Popen([sys.executable, "-m", "streams.cli.main", "worker"], cwd=self.cwd,
                                     env={**self.env, "PYTHONUNBUFFERED": "1"}, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.wait_for(READY, timeout)
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, text: str, timeout: float, since: int | None = None) -> None:
        """Wait until ``text`` appears in the log after ``since`` (default: this start)."""
        deadline = time.monotonic() + timeout
        start = self._offset if since is None else since
        while time.monotonic() < deadline:
            if text in self.log()[start:]:
                return
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited ({self.proc.returncode}):\n{self.log()[-4000:]}")
            time.sleep(0.2)
        raise TimeoutError(f"worker {self.name}: no {text!r} within {timeout}s:\n{self.log()[-4000:]}")

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (Faust shuts down cleanly), SIGKILL after ``timeout``."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._log.close()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self._log.close()
