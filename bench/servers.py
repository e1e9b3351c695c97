"""Servers for slow and idle clients, side by side on this app: one table (docs/server.md).

    python bench/servers.py [--only NAME ...] [--workers 2]

(waitress, uvicorn and a2wsgi are not requirements: `pip install waitress==3.0.2 uvicorn==0.54.0 a2wsgi==1.10.10`
to measure those candidates; the others run as installed by `make setup-test`.)

Each candidate serves a copy of data/ on a free loopback port, and is measured in turn: idle sockets, clients that
send their request head a byte every half second, clients that send a body that way, a body 100 bytes short of its
Content-Length, 50 slow readers of the largest answers (tests/support/slow_clients.py), and wrk on the filter
callback (throughput, p50 and p99). While the slow clients are held, the page (or /healthz) and a callback are probed
on new connections: "p95" is their 95th percentile, "failed" those without an answer within 5 s. "closed" is when
the server closed the slow clients' connections (the client gives up after 15 s). Times depend on the machine's
load (printed); nothing passes or fails here. Raw numbers go to bench/out/servers.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support import slow_clients  # noqa: E402
from tests.support.server import HOST, start_production, start_server, stop_server  # noqa: E402

OUT = REPO / "bench" / "out"
IDLE = 12
SLOW = 40
READERS = 50
HOLD = 15.0          # seconds a slow client keeps trying before it gives up
PROBE_SECONDS = 10.0
WRK_SECONDS = 10
WRK_CONNECTIONS = 4


@dataclasses.dataclass(frozen=True)
class Candidate:
    name: str
    start: object          # (data_dir, workers) -> (process, url)
    ours: tuple[str, ...]  # files of serving code and configuration this candidate needs beyond gunicorn.conf.py
    requires: tuple[str, ...] = ()  # modules only this comparison uses (pip install them to measure it)


def gunicorn(worker_class: str, proxied: bool = False):
    def start(data_dir, workers):
        threads = " --threads 4" if "gthread" in worker_class or "Thread" in worker_class else ""
        env = {"GUNICORN_CMD_ARGS": f"--worker-class {worker_class}{threads}"}
        if proxied:
            return start_production(data_dir, workers, env, wait_for_workers=True)
        return start_server(data_dir, workers, env, gunicorn_direct=True, wait_for_workers=True)
    return start


def command(argv_for_port, env: dict | None = None):
    def start(data_dir, workers):
        return start_server(command=lambda port: argv_for_port(port, workers),
                            env={"DASHBOARD_DATA_DIR": str(data_dir), **(env or {})})
    return start


PY = sys.executable
CANDIDATES = [
    Candidate("gunicorn gthread (stock)", gunicorn("gthread"), ()),
    Candidate("gunicorn gevent (make run)", gunicorn("gevent"), ()),
    Candidate("waitress (1 process, 4 threads)",
              command(lambda port, _w: [PY, "-m", "waitress", f"--listen={HOST}:{port}", "--threads=4",
                                        "--channel-timeout=10", "dashboard.app:server"]), (),
              ("waitress",)),
    Candidate("uvicorn + a2wsgi",
              command(lambda port, w: [PY, "-m", "uvicorn", "--host", HOST, "--port", str(port), "--workers", str(w),
                                       "--timeout-keep-alive", "5", "--no-access-log", "bench.asgi_app:app"]),
              ("bench/asgi_app.py",), ("uvicorn", "a2wsgi")),
    Candidate("nginx + gunicorn gthread (production)", gunicorn("gthread", proxied=True), ("deploy/nginx.conf",)),
    Candidate("nginx + gunicorn gevent", gunicorn("gevent", proxied=True), ("deploy/nginx.conf",)),
]


def lines_of_code(paths: tuple[str, ...]) -> int:
    """Lines that are neither blank nor comments (nor a Python docstring's), in the serving files named."""
    total = 0
    for path in paths:
        in_docstring = False
        for line in (REPO / path).read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if text.startswith('"""'):
                in_docstring = not (in_docstring or (text.count('"""') == 2 and len(text) > 3))
                continue
            if in_docstring:
                if text.endswith('"""'):
                    in_docstring = False
                continue
            if text and not text.startswith("#"):
                total += 1
    return total


# --- slow and idle clients ---------------------------------------------------------------------------------------

def closed(sock: socket.socket) -> bool:
    """Whether the server has closed this connection or answered on it (readable: an end, an error or bytes)."""
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)


def trickle(port: int, head: bytes, tail: bytes, started: float, stop: threading.Event, result: list) -> None:
    """Send `head` at once, then `tail` a byte every half second until the server closes or HOLD passes."""
    try:
        with socket.create_connection((HOST, port), timeout=5) as sock:
            sock.sendall(head)
            for byte in tail:
                if closed(sock):
                    break
                if stop.wait(0.5) or time.monotonic() - started > HOLD:
                    result.append(None)
                    return
                sock.send(bytes([byte]))
            while not closed(sock):
                if stop.wait(0.2) or time.monotonic() - started > HOLD:
                    result.append(None)
                    return
            result.append(time.monotonic() - started)
    except OSError:
        result.append(time.monotonic() - started)


def slow_senders(url: str, head: bytes, tail: bytes, bodies: list[bytes], probe_path_get: bool = True) -> dict:
    port = int(url.rsplit(":", 1)[1])
    stop = threading.Event()
    result: list = []
    started = time.monotonic()
    threads = [threading.Thread(target=trickle, args=(port, head, tail, started, stop, result), daemon=True)
               for _ in range(SLOW)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    probes = slow_clients.probe(url, PROBE_SECONDS, bodies)
    for thread in threads:  # each goes on until the server closes it, or gives up HOLD seconds after the start
        thread.join(timeout=HOLD + 10)
    stop.set()
    closed_at = [t for t in result if t is not None]
    return {**probe_numbers(probes), "closed": len(closed_at), "closed_max_s": max(closed_at, default=None)}


def idle_sockets(url: str, bodies: list[bytes]) -> dict:
    port = int(url.rsplit(":", 1)[1])
    started = time.monotonic()
    socks = [socket.create_connection((HOST, port), timeout=5) for _ in range(IDLE)]
    probes = slow_clients.probe(url, 5.0, bodies)
    closed_at: dict[int, float] = {}
    while len(closed_at) < IDLE and time.monotonic() - started < HOLD:
        for i, sock in enumerate(socks):
            if i not in closed_at and closed(sock):
                closed_at[i] = time.monotonic() - started
        time.sleep(0.2)
    for sock in socks:
        sock.close()
    return {**probe_numbers(probes), "closed": len(closed_at), "closed_max_s": max(closed_at.values(), default=None)}


def short_body(url: str) -> dict:
    """A callback POST whose body is 100 bytes short of its Content-Length: what comes back, and when."""
    port = int(url.rsplit(":", 1)[1])
    started = time.monotonic()
    with socket.create_connection((HOST, port), timeout=HOLD + 5) as sock:
        sock.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 110\r\n\r\n{\"output\": 1}")
        sock.settimeout(1.0)
        answer = b""
        while time.monotonic() - started < HOLD:
            try:
                chunk = sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                break
            answer += chunk
        else:
            return {"answer": "open", "seconds": None}
    status = answer.split(b"\r\n", 1)[0].decode("latin-1") if answer else "closed, nothing sent"
    return {"answer": status, "seconds": round(time.monotonic() - started, 1)}


def probe_numbers(probes: slow_clients.Probes) -> dict:
    return {"probes": len(probes.times) + len(probes.failures), "failed": len(probes.failures),
            "p95_ms": round(probes.p95 * 1000) if probes.times else None,
            "median_ms": round(statistics.median(probes.times) * 1000) if probes.times else None}


def slow_readers(url: str) -> dict:
    group, probes, reading = slow_clients.measure(url, READERS, PROBE_SECONDS, settle=30)
    return {**probe_numbers(probes), "reading": reading, "reading_at_end": group.reading_at_end}


def throughput(url: str, body: bytes, work: Path) -> dict | None:
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    body_path = work / "body.json"
    body_path.write_bytes(body)
    done = subprocess.run([wrk, "-t1", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", "--timeout", "10s",
                           "-s", str(REPO / "bench" / "post.lua"), url + "/_dash-update-component"],
                          capture_output=True, text=True, timeout=WRK_SECONDS + 60,
                          env={**os.environ, "BENCH_BODY": str(body_path)})
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    return {"rps": round(summary["requests"] / (summary["duration_us"] / 1e6)), "p50_ms": summary["p50_us"] / 1000,
            "p99_ms": summary["p99_us"] / 1000, "errors": summary["socket_errors"] + summary["bad_status"]}


def measure(candidate: Candidate, workers: int, work: Path) -> dict:
    data_dir = work / "data"
    if not data_dir.exists():
        shutil.copytree(REPO / "data", data_dir)
    bodies = slow_clients.callback_bodies()
    process, url = candidate.start(data_dir, workers)
    result: dict = {"name": candidate.name, "ours": lines_of_code(candidate.ours), "load": os.getloadavg()[0]}
    try:
        steps = [
            ("idle", lambda: idle_sockets(url, bodies)),
            ("slow_headers", lambda: slow_senders(url, b"GET / HTTP/1.1\r\nHost: x\r\n", b"X-Pad: " + b"a" * 200,
                                                  bodies)),
            ("slow_bodies", lambda: slow_senders(url, b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\n"
                                                      b"Content-Type: application/json\r\nContent-Length: 2000\r\n\r\n",
                                                 b" " * 2000, bodies)),
            ("short_body", lambda: short_body(url)),
            ("slow_readers", lambda: slow_readers(url)),
            ("throughput", lambda: throughput(url, bodies[0], work)),
        ]
        for name, step in steps:
            print(f"  {candidate.name}: {name}", file=sys.stderr, flush=True)
            try:
                result[name] = step()
            except Exception as error:  # a candidate that breaks under a step is a result, not the end of the bench
                result[name] = {"error": repr(error)}
            time.sleep(2)  # what a step left open is closed before the next
    finally:
        log = stop_server(process)
    result["tracebacks"] = log.count("Traceback")
    result["error_lines"] = sum('"level": "error"' in line or "[error]" in line or "[crit]" in line
                                for line in log.splitlines())
    return result


def table(results: list[dict]) -> str:
    head = ("| server | lines of ours | idle sockets: probes; closed | slow headers: probes; closed | "
            "slow bodies: probes; closed | body 100 bytes short | 50 slow readers: probes | "
            "throughput (wrk, 4 conn.) | latency p50 / p99 | tracebacks |")
    rows = [head, "|" + "---|" * 10]
    for r in results:
        def probes(step: dict, total: int | None = None) -> str:
            if not step or "error" in step:
                return f"broke: {step.get('error', '')[:50]}" if step else "n/a"
            p95 = "no answer" if step["p95_ms"] is None else f"p95 {step['p95_ms']} ms"
            text = f"{p95}, {step['failed']} of {step['probes']} failed"
            if total is not None:
                when = (f"{step['closed']} of {total} closed by {step['closed_max_s']:.0f} s"
                        if step["closed"] else f"none closed in {HOLD:.0f} s")
                text += f"; {when}"
            if "reading" in step:
                text += f" ({step['reading']} reading)"
            return text
        short = r.get("short_body") or {}
        short_text = (f"{short.get('answer')} after {short['seconds']} s" if short.get("seconds") is not None
                      else f"open after {HOLD:.0f} s") if "error" not in short else "broke"
        wrk = r.get("throughput")
        rps = f"{wrk['rps']} req/s" if wrk and "rps" in wrk else "n/a"
        lat = f"{wrk['p50_ms']:.0f} / {wrk['p99_ms']:.0f} ms" if wrk and "rps" in wrk else "n/a"
        rows.append(f"| {r['name']} | {r['ours']} | {probes(r.get('idle'), IDLE)} | "
                    f"{probes(r.get('slow_headers'), SLOW)} | {probes(r.get('slow_bodies'), SLOW)} | {short_text} | "
                    f"{probes(r.get('slow_readers'))} | {rps} | {lat} | {r['tracebacks']} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="candidates whose name contains one of these words")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    chosen = [c for c in CANDIDATES if not args.only or any(w.lower() in c.name.lower() for w in args.only)]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for candidate in chosen:
            missing = [name for name in candidate.requires if importlib.util.find_spec(name) is None]
            if missing:
                print(f"{candidate.name}: not measured, {', '.join(missing)} not installed", file=sys.stderr)
                continue
            print(f"[{time.strftime('%H:%M:%S')}] {candidate.name} (load {os.getloadavg()[0]:.1f})",
                  file=sys.stderr, flush=True)
            results.append(measure(candidate, args.workers, Path(folder)))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "servers.json").write_text(json.dumps(results, indent=1))
    print(f"{args.workers} workers (waitress: 1 process), {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at the end")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
