"""Time and bytes of each export, cold and cached; and what a burst of exports does to other requests.

    python bench/exports.py            (about 2 minutes; add --quick for 3 views instead of 8)

For each export a fresh Python process builds the app (the shipped data, in-process, Flask's test client) and asks:
- cold: the first export of the process: imports Typst / python-pptx, loads the fonts, renders;
- warm: a view not asked for yet, in the same process (median over several views): the render alone;
- cached: the same view again (median of 20): answered from the per-worker cache.
Bytes are as sent to a browser that takes brotli (SVG and the snapshot are compressed; PNG, PDF and PPTX are
compressed formats already) and, in brackets, the file as saved. Memory is the process's RSS before the first
export and after all of its renders. Then, under gunicorn with its default workers (a core each, plus one), 8
distinct PNG exports at once while another client asks for /healthz in a loop: how long that client waits, and how
many exports were answered 503 (the render slots) instead. Nothing passes or fails on a time; raw
numbers and the tables go to bench/out/exports.json (`python bench/report.py` writes them into docs/performance.md).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.report import meta_markdown, table_markdown  # noqa: E402

OUT = REPO / "bench" / "out"
EXPORTS = [  # (label, path and options)
    ("PNG 1920 × 1080", "map.png?"),
    ("PNG 3840 × 2160 (scale=2)", "map.png?scale=2&"),
    ("SVG", "map.svg?"),
    ("PDF Letter", "map.pdf?paper=letter&"),
    ("PDF A4", "map.pdf?paper=a4&"),
    ("PowerPoint slide", "slide.pptx?"),
    ("Offline snapshot (HTML)", "snapshot.html?"),
    ("Briefing book (PDF)", "book.pdf?"),
]
VIEWS = ["lang=en", "lang=fr&category=grsi&country=ARG", "lang=en&years=2017-2019&confirmed=1",
         "lang=fr&program=RCM&country=MEX", "lang=en&region=europe", "lang=fr&category=mpdp,forum",
         "lang=en&country=DEU", "lang=fr&years=2019-2020"]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_one(path: str, views: list[str]) -> dict:
    """In this (fresh) process: cold, warm and cached times and bytes of one export."""
    import brotli
    import gzip

    from dashboard.server.app import create_app
    from dashboard.settings import Settings

    app = create_app(Settings(data_dir=str(REPO / "data"), reload_interval=0))
    client = app.server.test_client()
    before = rss_mb()
    headers = {"Accept-Encoding": "br"}

    def get(query: str):
        started = time.perf_counter()
        response = client.get(f"/export/{path}{query}", headers=headers)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        data = response.data
        encoding = response.headers.get("Content-Encoding")
        saved = brotli.decompress(data) if encoding == "br" else gzip.decompress(data) if encoding == "gzip" else data
        return elapsed, len(data), len(saved)

    cold, sent, saved = get(views[0])
    warm = [get(view)[0] for view in views[1:]]
    cached = [get(views[0])[0] for _ in range(20)]
    return {"cold_s": cold, "warm_ms": [w * 1000 for w in warm], "cached_ms": [c * 1000 for c in cached],
            "bytes_sent": sent, "bytes_saved": saved, "rss_before_mb": before, "rss_after_mb": rss_mb(),
            "renders": app.server.exports["renders"]}


BURST_WORKERS = (os.cpu_count() or 2) + 1  # gunicorn.conf.py's default


def burst(exports_at_once: int = 8) -> dict:
    """Under gunicorn (gunicorn.conf.py's workers): /healthz latency alone, then while `exports_at_once` new PNGs are
    asked for at once."""
    from tests.support.server import start_server, stop_server

    process, url = start_server(workers=BURST_WORKERS, wait_for_workers=True)
    try:
        def health() -> float:
            started = time.perf_counter()
            with urllib.request.urlopen(f"{url}/healthz", timeout=120) as response:
                response.read()
            return time.perf_counter() - started

        for n in range(4 * BURST_WORKERS):  # each worker loads Typst before the burst (one at a time: no 503)
            urllib.request.urlopen(f"{url}/export/map.png?lang=fr&years={2010 + n}-2020", timeout=120).read()
        alone = [health() for _ in range(20)]
        done = threading.Event()
        during: list[float] = []

        def probe() -> None:
            while not done.is_set():
                during.append(health())

        def export(n: int) -> tuple[int, float]:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(f"{url}/export/map.png?lang=en&years=2017-{2017 + n % 4}&n={n}"
                                            f"&region={['europe', 'asia', 'africa', 'oceania'][n % 4]}",
                                            timeout=120) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as err:
                status = err.code
            return status, time.perf_counter() - started

        prober = threading.Thread(target=probe)
        prober.start()
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(exports_at_once) as pool:
            results = list(pool.map(export, range(exports_at_once)))
        burst_s = time.perf_counter() - started
        done.set()
        prober.join()
    finally:
        stop_server(process)
    return {"healthz_alone_ms": [a * 1000 for a in alone], "healthz_during_ms": [d * 1000 for d in during],
            "exports": [{"status": s, "s": t} for s, t in results], "burst_s": burst_s}


def kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MB"


def report_tables(results: dict, pressure: dict, warm_views: int) -> list[dict]:
    """The run's tables, as bench/report.py writes them into docs/performance.md."""
    rows = []
    for label, row in results.items():
        sent = kb(row["bytes_sent"]) + ("" if row["bytes_sent"] == row["bytes_saved"] else
                                        f" ({kb(row['bytes_saved'])})")
        rows.append([label, f"{row['cold_s']:.2f} s", f"{statistics.median(row['warm_ms']):,.0f} ms",
                     f"{statistics.median(row['cached_ms']):.1f} ms", sent,
                     f"{row['rss_before_mb']:.0f} → {row['rss_after_mb']:.0f} MB"])
    renders = {"title": "Exports, one process per export",
               "note": f"The shipped data. Cold: the first export of a process; warm: a new view, median of "
                       f"{warm_views}; cached: the same view again, median of 20. Bytes as sent to a browser that "
                       f"takes brotli, the file as saved in brackets; the process's RSS before its first export and "
                       f"after its renders.",
               "columns": ["export", "cold", "warm", "cached", "bytes sent (file)", "process RSS"], "rows": rows}
    statuses = sorted(e["status"] for e in pressure["exports"])
    answers = ", ".join(f"{statuses.count(code)} × {code}" for code in sorted(set(statuses)))
    during = pressure["healthz_during_ms"]
    burst_table = {"title": "A burst of exports beside other requests",
                   "note": f"{len(pressure['exports'])} distinct PNG exports asked for at once under gunicorn with "
                           f"{BURST_WORKERS} workers, while another client asks for GET /healthz in a loop.",
                   "columns": ["burst done in", "export answers", "GET /healthz alone, p50",
                               "during the burst, p50 / max (requests)"],
                   "rows": [[f"{pressure['burst_s']:.1f} s", answers,
                             f"{statistics.median(pressure['healthz_alone_ms']):.1f} ms",
                             f"{statistics.median(during):.0f} ms / {max(during):.0f} ms ({len(during)})"
                             if during else "none answered"]]}
    return [renders, burst_table]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 views per export instead of 8")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one export in this process
    args = parser.parse_args()
    views = VIEWS[:3] if args.quick else VIEWS
    if args.one:
        print(json.dumps(measure_one(args.one, views)))
        return 0
    load_before = os.getloadavg()[0]
    started = time.time()
    results = {}
    for label, path in EXPORTS:
        command = [sys.executable, __file__, "--one", path] + (["--quick"] if args.quick else [])
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=True)
        results[label] = json.loads(done.stdout.strip().splitlines()[-1])
    pressure = burst()
    tables = report_tables(results, pressure, len(views) - 1)
    meta = {"command": "python bench/exports.py" + (" --quick" if args.quick else ""),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "seconds": time.time() - started, "load_before": f"{load_before:.1f}",
            "load_after": f"{os.getloadavg()[0]:.1f}", "machine": f"{os.cpu_count()} cores"}
    OUT.mkdir(exist_ok=True)
    (OUT / "exports.json").write_text(json.dumps({"exports": results, "burst": pressure, "tables": tables,
                                                  "meta": meta}, indent=1))
    print("\n".join(table_markdown(table) for table in tables))
    print(meta_markdown(meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
