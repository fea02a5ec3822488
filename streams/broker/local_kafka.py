"""Fetch, format, start and stop a single-node KRaft Apache Kafka on 127.0.0.1.

Uses only the standard library so that it can run before anything else is
installed.  ``python -m streams.broker start`` prints the bootstrap address.
"""
from __future__ import annotations

import base64
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

KAFKA_VERSION = os.environ.get("WIREFEED_KAFKA_VERSION", "4.4.0")
LOG4J_VERSION = "2.24.3"

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>wirefeed</groupId><artifactId>kafka-server</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId>
      <version>{kafka}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId>
      <version>{log4j}</version></dependency>
  </dependencies>
</project>
"""

_LOG4J2 = """<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders>
    <File name="file" fileName="{log}">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </File>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="file"/></Root>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="org.apache.kafka.controller" level="WARN"/>
  </Loggers>
</Configuration>
"""


def _kafka_max_bytes() -> int:
    from ..config import Settings

    return Settings.from_env().kafka_max_bytes


def default_cache_dir() -> Path:
    base = os.environ.get("WIREFEED_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "wirefeed"
    )
    return Path(base)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def new_cluster_id() -> str:
    """A random KRaft cluster id: a UUID in URL-safe base64, never starting with "-".

    Kafka's own ``Uuid.randomUuid`` redraws ids that start with "-" because a
    command line would read them as an option; so do we.
    """
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cid.startswith("-"):
            return cid


class BrokerError(RuntimeError):
    """The local broker could not be fetched, formatted or started."""


@dataclass
class LocalKafka:
    """A single-node combined broker+controller in KRaft mode.

    ``data_dir`` holds the properties, the KRaft log directory and the server
    log; ``port`` 0 picks a free port.
    """

    data_dir: Path
    port: int = 9092
    controller_port: int = 0
    version: str = KAFKA_VERSION
    cache_dir: Path = field(default_factory=default_cache_dir)
    java: str = field(default_factory=lambda: os.environ.get("JAVA", "java"))
    process: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def lib_dir(self) -> Path:
        return self.cache_dir / f"kafka-{self.version}" / "lib"

    # -- fetching -----------------------------------------------------------
    def fetch(self) -> Path:
        """Download the server jars and their runtime dependencies (once)."""
        lib = self.lib_dir
        marker = lib / ".complete"
        if marker.exists():
            return lib
        mvn = shutil.which("mvn")
        if not mvn:
            raise BrokerError("Maven (mvn) is needed to fetch Apache Kafka from Maven Central; install it (apt-get install maven)")
        work = lib.parent
        work.mkdir(parents=True, exist_ok=True)
        (work / "pom.xml").write_text(_POM.format(kafka=self.version, log4j=LOG4J_VERSION))
        print(f"fetching Apache Kafka {self.version} server jars from Maven Central into {lib} ...", file=sys.stderr)
        proc = subprocess.run(
            [mvn, "-q", "-B", "-f", str(work / "pom.xml"), "dependency:copy-dependencies",
             f"-DoutputDirectory={lib}", "-DincludeScope=runtime"],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            raise BrokerError(f"mvn could not fetch kafka_2.13:{self.version}:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
        # Kafka 4 ships log4j2 itself; keep exactly one SLF4J binding.
        marker.write_text(self.version)
        return lib

    # -- configuration --------------------------------------------------------
    def _write_config(self) -> Path:
        if self.port == 0:
            self.port = _free_port()
        if self.controller_port == 0:
            self.controller_port = _free_port()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        props = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@127.0.0.1:{self.controller_port}",
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            "log.dirs": str(self.data_dir / "kraft-logs"),
            "num.partitions": "1",
            "auto.create.topics.enable": "true",
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "4",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
            "log.retention.hours": "168",
            # the one size limit: WIREFEED_MAX_BYTES plus record framing (streams.config.Settings.kafka_max_bytes)
            "message.max.bytes": str(_kafka_max_bytes()),
            "replica.fetch.max.bytes": str(_kafka_max_bytes()),
            # a killed worker is detected after its session timeout (WIREFEED_SESSION_TIMEOUT_S); allow short ones
            "group.min.session.timeout.ms": "3000",
        }
        path = self.data_dir / "server.properties"
        path.write_text("".join(f"{k}={v}\n" for k, v in props.items()))
        (self.data_dir / "log4j2.xml").write_text(_LOG4J2.format(log=self.data_dir / "server.log"))
        return path

    def _java(self, main: str, *args: str, **kw) -> list[str]:
        cp = os.pathsep.join(str(p) for p in sorted(self.lib_dir.glob("*.jar")))
        return [
            self.java, "-Xms256m", "-Xmx768m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.xml'}",
            f"-Dkafka.logs.dir={self.data_dir}",
            "-cp", cp, main, *args,
        ]

    def format(self, config: Path) -> None:
        if (self.data_dir / "kraft-logs" / "meta.properties").exists():
            return
        proc = subprocess.run(
            self._java("kafka.tools.StorageTool", "format", f"--cluster-id={new_cluster_id()}", "-c", str(config)),
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            raise BrokerError(f"kafka StorageTool format failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")

    # -- lifecycle ------------------------------------------------------------
    def start(self, timeout: float = 90.0) -> str:
        """Fetch, format and start the broker; return its bootstrap address."""
        if shutil.which(self.java) is None and not os.path.exists(self.java):
            raise BrokerError("Java 17+ is needed to run Apache Kafka (apt-get install openjdk-17-jre-headless)")
        self.fetch()
        if self.port and _port_open("127.0.0.1", self.port):
            raise BrokerError(f"port {self.port} on 127.0.0.1 is already in use (a broker already running? set KAFKA_BOOTSTRAP_SERVERS to use it)")
        config = self._write_config()
        self.format(config)
        out = open(self.data_dir / "stdout.log", "ab")
        self.process = subprocess.Popen(
            self._java("kafka.Kafka", str(config)), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        (self.data_dir / "broker.pid").write_text(str(self.process.pid))
        self.wait_ready(timeout)
        return self.bootstrap

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise BrokerError(f"Kafka exited with code {self.process.returncode}; see {self.data_dir / 'server.log'}\n" + self._log_tail())
            if _port_open("127.0.0.1", self.port) and self._log_says_started():
                return
            time.sleep(0.25)
        self.stop()
        raise BrokerError(f"Kafka did not accept connections on {self.bootstrap} within {timeout:.0f}s\n" + self._log_tail())

    def _log_says_started(self) -> bool:
        log = self.data_dir / "server.log"
        try:
            return "Kafka Server started" in log.read_text(errors="replace") or "started (kafka.server.KafkaRaftServer)" in log.read_text(errors="replace")
        except OSError:
            return False

    def _log_tail(self, n: int = 40) -> str:
        parts = []
        for name in ("stdout.log", "server.log"):
            p = self.data_dir / name
            if p.exists():
                parts.append("\n".join(p.read_text(errors="replace").splitlines()[-n:]))
        return "\n".join(parts)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the broker cleanly (SIGTERM, then SIGKILL after ``timeout``)."""
        proc = self.process
        if proc is None:
            pidfile = self.data_dir / "broker.pid"
            if not pidfile.exists():
                return
            pid = int(pidfile.read_text())
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pidfile.unlink(missing_ok=True)
                return
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.2)
            else:
                os.kill(pid, signal.SIGKILL)
            pidfile.unlink(missing_ok=True)
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        (self.data_dir / "broker.pid").unlink(missing_ok=True)
        self.process = None

    def __enter__(self) -> "LocalKafka":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
