"""Slow readers of the largest answers, and probes of the page and a callback timed while they read: what
tests/integration/test_slow_readers.py asserts on and bench/servers.py prints.

A slow reader asks for one of the largest answers (the offline file uncompressed, the 3840 x 2160 PNG, the plotly.js
the page loads) on a socket with a small receive buffer and a real network's segment size (TCP_MAXSEG: on the
loopback's 64 KB segments the kernel's send buffer would take a few megabytes at once, which no real link does),
then reads a few hundred bytes a second for as long as it is told. A server that writes from an application thread
has that thread held until the answer is taken or its write bound passes."""

from __future__ import annotations

import json
import re
import socket
import statistics
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from tests.support.callbacks import ROUTE, body_for, callback_key, make_app

RECEIVE_BUFFER = 4096   # bytes: SO_RCVBUF of a reader (the kernel doubles it)
SEGMENT = 1460          # bytes: TCP_MAXSEG of a reader, Ethernet's
READ_BYTES = 300        # a reader takes this much each READ_EVERY seconds
READ_EVERY = 1.0
PROBE_TIMEOUT = 5.0     # seconds: a probe without an answer by then has failed
VIEWS = ("?lang=fr", "?country=ARG", "?country=MEX&lang=fr", "?region=americas", "?country=DEU", "")


def largest_paths(url: str) -> list[str]:
    """The offline file, the 4K PNG and the plotly.js script the page names."""
    page = urllib.request.urlopen(url + "/", timeout=30).read().decode()
    script = next(src for src in re.findall(r'src="([^"]+)"', page) if "plotly" in src)
    return ["/export/snapshot.html?lang=en", "/export/map.png?scale=2&lang=en", script]


@dataclass
class Reader:
    """One slow client: status of its answer (once the head has come), bytes taken, whether it is still reading."""

    port: int
    path: str
    status: int | None = None
    received: int = 0
    retries: int = 0
    finished: bool = False
    error: str = ""

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                if self._read_one(stop):
                    return
            except OSError as error:
                self.error = repr(error)
                return
            self.retries += 1  # refused for now (a render busy): ask again shortly, as a browser's user would
            stop.wait(0.5)

    def _read_one(self, stop: threading.Event) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, SEGMENT)
            sock.settimeout(30)
            sock.connect(("127.0.0.1", self.port))
            sock.sendall(f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n"
                         "Connection: close\r\n\r\n".encode())
            sock.settimeout(READ_EVERY)  # a server that has not answered yet: look at `stop` now and then
            head = b""
            while b"\r\n" not in head:
                try:
                    chunk = sock.recv(READ_BYTES)
                except TimeoutError:
                    if stop.is_set():
                        return True
                    continue
                if not chunk:
                    return False
                head += chunk
            status = int(head.split(b" ", 2)[1])
            if status == 503:
                return False
            self.status, self.received = status, len(head)
            while not stop.wait(READ_EVERY):
                try:
                    chunk = sock.recv(READ_BYTES)
                except TimeoutError:
                    continue
                if not chunk:
                    self.finished = True
                    return True
                self.received += len(chunk)
            return True


@dataclass
class Probes:
    """Times of the page and callback probes (seconds), and what failed (no answer in time, or not 200)."""

    times: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def p95(self) -> float:
        if len(self.times) < 2:
            return max(self.times, default=float("inf"))
        return statistics.quantiles(self.times, n=20, method="inclusive")[-1]

    def summary(self) -> str:
        if not self.times:
            return f"no probe answered, {len(self.failures)} failed"
        return (f"{len(self.times)} probes answered: median {statistics.median(self.times) * 1000:.0f} ms, "
                f"p95 {self.p95 * 1000:.0f} ms, max {max(self.times) * 1000:.0f} ms; {len(self.failures)} failed")


def callback_bodies() -> list[bytes]:
    """The page's render callback for a few views, as Dash's renderer posts it."""
    app = make_app()
    key = callback_key(app, "url-search", "data")
    return [json.dumps(body_for(app, key, [view])).encode() for view in VIEWS]


def probe(url: str, seconds: float, bodies: list[bytes], limit: int = 120) -> Probes:
    """GET / and a callback POST in turn, each on a new connection, for `seconds` (at most `limit` probes)."""
    result = Probes()
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end and n < limit:
        if n % 2 == 0:
            request = urllib.request.Request(url + "/", headers={"Connection": "close"})
            what = "GET /"
        else:
            request = urllib.request.Request(url + ROUTE, data=bodies[(n // 2) % len(bodies)], headers={
                "Content-Type": "application/json", "Connection": "close"})
            what = "POST " + ROUTE
        n += 1
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError as error:
            result.failures.append(f"{what}: {error!r}")
            continue
        if status != 200:
            result.failures.append(f"{what}: {status}")
            continue
        result.times.append(time.monotonic() - started)
        time.sleep(0.05)
    return result


@dataclass
class SlowReaders:
    """`count` readers spread over `paths`, started at once; `stop()` ends them."""

    url: str
    paths: list[str]
    count: int
    readers: list[Reader] = field(default_factory=list)
    stop_event: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)
    reading_at_end: int = 0

    def start(self) -> SlowReaders:
        port = int(self.url.rsplit(":", 1)[1])
        self.readers = [Reader(port, self.paths[i % len(self.paths)]) for i in range(self.count)]
        self.threads = [threading.Thread(target=r.run, args=(self.stop_event,), daemon=True) for r in self.readers]
        for thread in self.threads:
            thread.start()
        return self

    def reading(self) -> int:
        """How many have their answer's head and are still reading it."""
        return sum(r.status == 200 and not r.finished for r in self.readers)

    def wait_reading(self, seconds: float) -> int:
        end = time.monotonic() + seconds
        while self.reading() < self.count and time.monotonic() < end:
            time.sleep(0.2)
        return self.reading()

    def stop(self) -> None:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=READ_EVERY + 35)


def measure(url: str, readers: int, seconds: float, settle: float = 15.0) -> tuple[SlowReaders, Probes, int]:
    """Start `readers` slow readers, wait up to `settle` seconds for all to be reading, then probe for `seconds`
    while they read. Returns the readers (stopped), the probes, and how many were reading when probing began."""
    bodies = callback_bodies()
    group = SlowReaders(url, largest_paths(url), readers).start()
    try:
        reading = group.wait_reading(settle)
        probes = probe(url, seconds, bodies)
        group.reading_at_end = group.reading()
    finally:
        group.stop()
    return group, probes, reading
