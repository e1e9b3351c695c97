"""Worker memory after many distinct exports: RSS and PSS of each gunicorn worker, before and after.

    python bench/memory.py             (1,000 distinct exports or 180 s, whichever comes first; 3 workers)
    python bench/memory.py --count 300 --seconds 60 --workers 2 --kinds map.png,map.pdf

Starts `gunicorn dashboard.app:server` with the repository's gunicorn.conf.py on a free loopback port (the shipped
data), then asks for distinct exports of the cheap kinds (SVG, offline snapshot, slide; every one a view not asked
for before, so every one is rendered and kept in its worker's cache), two at a time (the render slots let one render
per spare core and one request wait; a 503 is asked again a moment later and counted). Prints each worker's RSS and
PSS (shared pages split between the processes that share them) after start, every 100 exports, and at the end;
and says whether the count or the time limit ended the run. Nothing passes or fails; raw numbers and the table go
to bench/out/memory.json (`python bench/report.py` writes it into docs/performance.md).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import itertools
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.report import meta_markdown, table_markdown  # noqa: E402
from tests.support.server import start_server, stop_server, worker_pids  # noqa: E402

OUT = REPO / "bench" / "out"
KINDS = ("map.svg", "snapshot.html", "slide.pptx")  # the quick renders (docs/performance.md: warm times)


def memory(pids: list[int]) -> list[dict]:
    """RSS and PSS of each process, in MB, from /proc."""
    result = []
    for pid in pids:
        fields = {}
        for name in (f"/proc/{pid}/status", f"/proc/{pid}/smaps_rollup"):
            try:
                for line in Path(name).read_text().splitlines():
                    key, _, value = line.partition(":")
                    if key in ("VmRSS", "Pss"):
                        fields[key] = int(value.split()[0]) / 1024
            except OSError:
                pass
        result.append({"pid": pid, "rss_mb": fields.get("VmRSS", 0.0), "pss_mb": fields.get("Pss", 0.0)})
    return result


def distinct_views() -> list[str]:
    """Queries of views that differ from each other (the same normalised query never twice)."""
    from dashboard.core import load
    from dashboard.core.state import parse_query, to_query, vocabulary

    dataset = load.load(REPO / "data")
    words = vocabulary(dataset)
    first, last = dataset.year_bounds
    spans = [None, *((start, end) for start in range(first, last + 1) for end in (start, last) if end >= start)]
    seen, views = set(), []
    for span, country, lang in itertools.product(spans, [None, *sorted(words.countries)], ("en", "fr")):
        query = f"?lang={lang}" + (f"&years={span[0]}-{span[1]}" if span else "") + (
            f"&country={country}" if country else "")
        normal = to_query(parse_query(words, query))
        if normal not in seen:
            seen.add(normal)
            views.append(normal[1:])
    return views


def line(label: str, sample: list[dict]) -> str:
    return f"{label}: " + ", ".join(f"{w['rss_mb']:.0f} MB RSS ({w['pss_mb']:.0f} PSS)" for w in sample) + (
        f"; sum of PSS {sum(w['pss_mb'] for w in sample):.0f} MB")


def span(values: list[float]) -> str:
    low, high = f"{min(values):.0f}", f"{max(values):.0f}"
    return f"{low} MB" if low == high else f"{low} to {high} MB"


def report_table(samples: list[dict], summary: str, workers: int) -> dict:
    """The run's table, as bench/report.py writes it into docs/performance.md."""
    def label(sample: dict) -> str:
        if "seconds" not in sample:
            return sample["label"]
        when = "end, " if sample["label"] == "end" else "after "
        return f"{when}{sample['exports']:,} exports, {sample['seconds']:.0f} s"

    rows = [[label(sample),
             f"{span([w['rss_mb'] for w in sample['workers']])} ({span([w['pss_mb'] for w in sample['workers']])})",
             f"{sum(w['pss_mb'] for w in sample['workers']):.0f} MB"] for sample in samples]
    return {"title": "Worker memory after many distinct exports", "note": summary,
            "columns": ["", f"each of the {workers} workers, RSS (PSS)", f"PSS of the {workers}"], "rows": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="distinct exports to make (default 1000)")
    parser.add_argument("--seconds", type=float, default=180, help="stop after this long (default 180)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3, as the attack trial)")
    parser.add_argument("--kinds", default=",".join(KINDS),
                        help=f"exports asked for in turn, comma-separated (default {','.join(KINDS)})")
    args = parser.parse_args()
    kinds = tuple(args.kinds.split(","))
    views = distinct_views()
    jobs = [(kind, view) for view, kind in zip(views, itertools.cycle(kinds))][:args.count]
    if len(jobs) < args.count:
        print(f"only {len(jobs)} distinct views in the data: {len(jobs)} exports at most")
    load_before = os.getloadavg()[0]
    process, url = start_server(workers=args.workers, gunicorn_direct=True, wait_for_workers=True)
    samples: list[dict] = []
    done, refused, failed = [], [0], []
    lock = threading.Lock()
    try:
        pids = worker_pids(process)
        samples.append({"label": "started", "exports": 0, "workers": memory(pids)})
        print(line("started", samples[-1]["workers"]), flush=True)
        started = time.monotonic()
        deadline = started + args.seconds
        queue = iter(jobs)

        def export(kind: str, view: str) -> None:
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(urllib.request.Request(
                            f"{url}/export/{kind}?{view}", headers={"Accept-Encoding": "br", "Connection": "close"}),
                            timeout=120) as response:
                        response.read()
                    with lock:
                        done.append((kind, view))
                        count = len(done)
                    if count % 100 == 0:
                        sample = memory(pids)
                        samples.append({"label": f"after {count}", "exports": count, "workers": sample,
                                        "seconds": time.monotonic() - started})
                        print(line(f"after {count} exports, {time.monotonic() - started:.0f} s", sample), flush=True)
                    return
                except urllib.error.HTTPError as err:
                    if err.code != 503:
                        failed.append((kind, view, err.code))
                        return
                    with lock:
                        refused[0] += 1
                    time.sleep(0.1)  # every render slot taken: ask again in a moment
                except OSError as err:
                    failed.append((kind, view, str(err)))
                    return

        def client() -> None:
            while time.monotonic() < deadline:
                with lock:
                    job = next(queue, None)
                if job is None:
                    return
                export(*job)

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            for future in [pool.submit(client) for _ in range(2)]:
                future.result()
        elapsed = time.monotonic() - started
        time.sleep(2)  # let the last renders' buffers go
        final = memory(pids)
        samples.append({"label": "end", "exports": len(done), "workers": final, "seconds": elapsed})
        restarted = sorted(set(worker_pids(process)) ^ set(pids))
    finally:
        stop_server(process)
    ended_by = "the count" if len(done) >= len(jobs) else f"the time limit ({args.seconds:g} s)"
    print(line(f"end: {len(done)} distinct exports in {elapsed:.0f} s", final))
    print(f"\n{len(done)} distinct exports ({', '.join(f'{sum(k == kind for k, _ in done)} {kind}' for kind in kinds)})"
          f" on {args.workers} workers, ended by {ended_by}; {refused[0]} answers 503 asked again, "
          f"{len(failed)} failures{f' {failed[:3]}' if failed else ''}; workers restarted: {restarted or 'none'}")
    top = max(w["rss_mb"] for w in final)
    print(f"Per worker at the end: RSS {min(w['rss_mb'] for w in final):.0f} to {top:.0f} MB, PSS "
          f"{min(w['pss_mb'] for w in final):.0f} to {max(w['pss_mb'] for w in final):.0f} MB; sum of RSS "
          f"{sum(w['rss_mb'] for w in final):.0f} MB (counts shared pages once per worker), sum of PSS "
          f"{sum(w['pss_mb'] for w in final):.0f} MB")
    print(f"Load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; {os.cpu_count()} cores.")
    summary = (f"`gunicorn dashboard.app:server` with {args.workers} workers on the shipped data: {len(done)} distinct "
               f"exports ({', '.join(f'{sum(k == kind for k, _ in done)} {kind}' for kind in kinds)}), two at a "
               f"time, in {elapsed:.0f} s, ended by {ended_by}; {refused[0]} answers 503 asked again, {len(failed)} "
               f"failures; workers restarted: {', '.join(map(str, restarted)) or 'none'}.")
    table = report_table(samples, summary, args.workers)
    command = "python bench/memory.py" + "".join(
        f" --{name} {value}" for name, value, default in (
            ("count", args.count, 1000), ("seconds", f"{args.seconds:g}", "180"), ("workers", args.workers, 3),
            ("kinds", args.kinds, ",".join(KINDS))) if value != default)
    meta = {"command": command, "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "seconds": elapsed, "load_before": f"{load_before:.1f}", "load_after": f"{os.getloadavg()[0]:.1f}",
            "machine": f"{os.cpu_count()} cores"}
    print("\n" + table_markdown(table) + "\n" + meta_markdown(meta))
    OUT.mkdir(exist_ok=True)
    (OUT / "memory.json").write_text(json.dumps({"samples": samples, "exports": len(done), "ended_by": ended_by,
                                                 "refused_503": refused[0], "failures": failed,
                                                 "workers": args.workers, "kinds": kinds, "tables": [table],
                                                 "meta": meta}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
