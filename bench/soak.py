"""Load and soak: many users' worth of requests for a few minutes on loopback; 0 errors, workers' memory flat.

    python bench/soak.py [--minutes 4] [--workers 2] [--connections 16]

Needs wrk (a Debian package: `apt-get install wrk`). Starts `gunicorn dashboard.app:server` with the
repository's gunicorn.conf.py on a free 127.0.0.1 port (never another address), on the real data/, then drives it
with wrk from a generated Lua script that cycles through a few thousand distinct requests, as browsers send them:
the page with varied links, the layout and dependencies, the shapes, /healthz, and every server callback with
varied bodies (page renders from varied URLs, filter changes, map clicks on every country, searches, the text
table, the banner's poll). A warm-up comes first; then the workers' resident memory (RSS) is read, the soak runs, and
RSS is read again (and every 15 s in between). It reports requests, errors (any status >= 400, socket errors and
timeouts), latency, RSS per worker at start and end, and whether a worker was restarted. Exit status 1 when there
was an error, a restart or memory growth of 10 % or more. Bounded in time; stops the server by its own pid.
Raw numbers go to bench/out/soak.json. Not run by CI.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support.server import start_server, stop_server, worker_pids  # noqa: E402

OUT = REPO / "bench" / "out"
GROWTH_LIMIT = 0.10


# --- the requests: built from the app's own callbacks and data --------------------------------------------------

def callback_bodies(app, dataset, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(label, JSON body) pairs for every server callback, each input given a value a person's browser could send.

    Generic over the callbacks the app declares (found in app.callback_map), so it follows their changes: values
    come by component id and property; one input, at random, is the one that changed."""
    from dashboard.core.state import ViewState, to_query

    keys = {key: cb for key, cb in app.callback_map.items() if callable(cb.get("callback"))}
    countries = sorted(dataset.countries.index)
    programs = sorted(dataset.programs.index)
    regions = sorted(set(dataset.countries["region"]))
    first, last = dataset.year_bounds
    categories = ("mpdp", "grsi", "forum")

    def random_state() -> ViewState:
        start = rng.randint(first, last)
        return ViewState(
            lang=rng.choice(("en", "fr")),
            categories=tuple(c for c in categories if rng.random() < 0.7) or categories,
            programs=tuple(sorted(rng.sample(programs, rng.choice((0, 0, 1, 2))))),
            regions=tuple(sorted(rng.sample(regions, rng.choice((0, 0, 1))))),
            years=rng.choice((None, None, (start, rng.randint(start, last)))),
            confirmed_only=rng.random() < 0.3,
            country=rng.choice((None, *countries)),
        )

    def store(state: ViewState) -> dict:
        changed = rng.choice(([], ["filters"], ["country"], ["filters", "country"]))
        return {**state.to_store(), "query": to_query(state), "origin": rng.choice(("user", "url")),
                "changed": changed}

    values = {
        ("url-search", "data"): lambda: to_query(random_state()),
        ("view-state", "data"): lambda: store(random_state()),
        ("filter-category", "value"): lambda: list(random_state().categories),
        ("filter-program", "value"): lambda: list(random_state().programs),
        ("filter-region", "value"): lambda: list(random_state().regions),
        ("filter-years", "value"): lambda: list(random_state().years or (first, last)),
        ("filter-confirmed", "value"): lambda: rng.choice(([], ["yes"])),
        ("map-click", "data"): lambda: rng.choice((None, {"points": [{"location": rng.choice(countries),
                                                                      "curveNumber": 0}]})),
        ("search-pick", "data"): lambda: rng.choice((None, {"iso3": rng.choice(countries)})),
        ("data-banner-poll", "n_intervals"): lambda: rng.randint(0, 100),
        ("table-sort", "data"): lambda: rng.choice((None, ["country", True], ["program", False])),
        ("table-details", "hidden"): lambda: rng.choice((True, False)),
        ("table-row-pick", "data"): lambda: rng.choice((None, {"iso3": rng.choice(countries), "at": 1})),
        ("table-sort-pick", "data"): lambda: rng.choice((None, {"column": "country", "at": 1})),
    }

    def value(item: dict):
        make = values.get((item["id"], item["property"]))
        if make is not None:
            return make()
        return rng.choice((None, 0, 1, 2, 3)) if item["property"] == "n_clicks" else None

    def is_pattern(item: dict) -> bool:
        return str(item["id"]).startswith("{")

    def outputs(key: str):
        parts = key[2:-2].split("...") if key.startswith("..") else [key]
        items = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in parts]
        return items if key.startswith("..") else items[0]

    def body(key: str) -> tuple[str, str]:
        cb = keys[key]
        # A pattern-matching input (ALL) carries the matching components' items: none in these bodies.
        entry = lambda item: [] if is_pattern(item) else {**item, "value": value(item)}  # noqa: E731
        plain = [item for item in cb["inputs"] if not is_pattern(item)]
        trigger = rng.choice(plain)
        result = {"output": key, "outputs": outputs(key), "inputs": [entry(i) for i in cb["inputs"]],
                  "changedPropIds": [f"{trigger['id']}.{trigger['property']}"]}
        if cb.get("state"):
            result["state"] = [entry(i) for i in cb["state"]]
        return f"{trigger['id']}.{trigger['property']}", json.dumps(result)

    # Filter changes and page renders are what users do most; the rest now and then.
    weight = {key: 4 if any(i["id"] == "filter-category" for i in cb["inputs"])
              else 3 if any(i["id"] == "url" for i in cb["inputs"])
              else 1 for key, cb in keys.items()}
    chosen = rng.choices(sorted(keys), weights=[weight[k] for k in sorted(keys)], k=count)
    return [body(key) for key in chosen]


def request_mix(rng: random.Random, count: int) -> list[dict]:
    from dashboard.core import load
    from dashboard.core.state import ViewState, to_query
    from dashboard.server.app import create_app
    from dashboard.settings import Settings

    app = create_app(Settings(reload_interval=0))
    dataset = load.load(REPO / "data")
    requests: list[dict] = []
    for label, body in callback_bodies(app, dataset, rng, count):
        requests.append({"label": label, "method": "POST", "path": "/_dash-update-component", "body": body})
    countries = sorted(dataset.countries.index)
    for _ in range(count // 8):
        state = ViewState(lang=rng.choice(("en", "fr")), country=rng.choice((None, *countries)))
        requests.append({"label": "page", "method": "GET", "path": "/" + to_query(state)})
    for path, label, share in (("/_dash-layout", "layout", 40), ("/_dash-dependencies", "dependencies", 40),
                               ("/healthz", "healthz", 40),
                               (f"/data/countries.geojson?v={dataset.version}", "geojson", 80)):
        requests.extend({"label": label, "method": "GET", "path": path} for _ in range(count // share))
    rng.shuffle(requests)
    return requests


def lua_script(requests: list[dict]) -> str:
    """wrk cycles through the requests (each thread from its own offset) and counts statuses per thread."""
    entries = []
    for r in requests:
        body = r.get("body")
        assert body is None or "]==]" not in body
        headers = '{["Content-Type"]="application/json"}' if body else "{}"
        entries.append(f'{{"{r["method"]}", [==[{r["path"]}]==], {headers}, '
                       + (f"[==[{body}]==]" if body else "nil") + "}")
    return """
local requests = {
%s
}
local threads = {}
local counter = 1
function setup(thread)
  thread:set("offset", #threads * 997)
  table.insert(threads, thread)
end
function init(args)
  counter = offset + 1
  ok, bad, server_errors = 0, 0, 0
end
function request()
  local r = requests[(counter %% #requests) + 1]
  counter = counter + 1
  return wrk.format(r[1], r[2], r[3], r[4])
end
function response(status, headers, body)
  if status < 400 then ok = ok + 1 else bad = bad + 1 end
  if status >= 500 then server_errors = server_errors + 1 end
end
function done(summary, latency, requests)
  local ok_total, bad_total, server_total = 0, 0, 0
  for _, thread in ipairs(threads) do
    ok_total = ok_total + thread:get("ok")
    bad_total = bad_total + thread:get("bad")
    server_total = server_total + thread:get("server_errors")
  end
  io.write(string.format('SOAK {"requests": %%d, "ok": %%d, "status_4xx_5xx": %%d, "status_5xx": %%d, ' ..
    '"connect_errors": %%d, "read_errors": %%d, "write_errors": %%d, "timeouts": %%d, "duration_s": %%.1f, ' ..
    '"p50_ms": %%.1f, "p90_ms": %%.1f, "p99_ms": %%.1f, "max_ms": %%.1f}\\n',
    summary.requests, ok_total, bad_total, server_total, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(90) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
""" % ",\n".join(entries)


# --- the server's workers ----------------------------------------------------------------------------------------

def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def run_wrk(url: str, script: Path, seconds: int, connections: int, threads: int) -> dict:
    command = ["wrk", f"--threads={threads}", f"--connections={connections}", f"--duration={seconds}s",
               "--timeout=10s", "--latency", f"--script={script}", url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    line = next((l for l in result.stdout.splitlines() if l.startswith("SOAK ")), None)
    if line is None:
        raise SystemExit(f"wrk failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(line[5:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=4.0, help="length of the soak after the warm-up (max 10)")
    parser.add_argument("--warmup", type=int, default=30, help="seconds of load before memory is first read")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (the machine has 2 cores)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (users at once)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--requests", type=int, default=3000, help="distinct callback bodies to cycle through")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("bench/soak.py needs wrk, a Debian package: apt-get install wrk", file=sys.stderr)
        return 2
    minutes = min(args.minutes, 10.0)  # bounded: a soak never runs away

    print("building the request mix ...", flush=True)
    requests = request_mix(random.Random(20260305), args.requests)
    labels = sorted({r["label"] for r in requests})
    OUT.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="soak-"))
    script = workdir / "soak.lua"
    script.write_text(lua_script(requests), encoding="utf-8")
    log_path = OUT / "soak-server.log"
    try:
        process, url = start_server(REPO / "data", args.workers, gunicorn_direct=True, log_path=log_path,
                                    wait_for_workers=True)
    except RuntimeError as error:
        shutil.rmtree(workdir, ignore_errors=True)
        raise SystemExit(f"the server did not start (log: {log_path}): {str(error)[-2000:]}") from None
    samples: list[tuple[float, dict[int, int]]] = []
    try:
        workers = worker_pids(process)
        print(f"server {url}, workers {workers}; {len(requests)} distinct requests ({', '.join(labels)})", flush=True)
        print(f"warm-up {args.warmup} s ...", flush=True)
        warm = run_wrk(url, script, args.warmup, args.connections, args.threads)
        start_rss = {pid: rss_kb(pid) for pid in workers}
        started = time.time()
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(15):
                samples.append((round(time.time() - started), {pid: rss_kb(pid) for pid in worker_pids(process)}))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        print(f"soak {minutes:g} min with {args.connections} connections ...", flush=True)
        soak = run_wrk(url, script, int(minutes * 60), args.connections, args.threads)
        stop.set()
        sampler.join()
        end_workers = worker_pids(process)
        end_rss = {pid: rss_kb(pid) for pid in end_workers}
    finally:
        log = stop_server(process, timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    access = [json.loads(line) for line in log.splitlines() if line.startswith('{"time"') and '"request"' in line]
    server_5xx = sum(1 for entry in access if isinstance(entry.get("status"), int) and entry["status"] >= 500)
    restarted = end_workers != workers
    growth = {pid: (end_rss.get(pid, 0) - start_rss[pid]) / start_rss[pid] for pid in workers}
    total_growth = (sum(end_rss.get(pid, 0) for pid in workers) - sum(start_rss.values())) / sum(start_rss.values())
    errors = (soak["status_4xx_5xx"] + soak["connect_errors"] + soak["read_errors"] + soak["write_errors"]
              + soak["timeouts"] + warm["status_4xx_5xx"] + warm["timeouts"])
    report = {"warmup": warm, "soak": soak, "workers": workers, "restarted": restarted,
              "rss_kb_start": start_rss, "rss_kb_end": end_rss, "rss_samples": samples,
              "growth": growth, "total_growth": total_growth, "errors": errors, "server_5xx_logged": server_5xx,
              "tracebacks_logged": log.count("Traceback"), "connections": args.connections,
              "distinct_requests": len(requests)}
    (OUT / "soak.json").write_text(json.dumps(report, indent=2), encoding="utf-8")

    rate = soak["requests"] / soak["duration_s"]
    print()
    print(f"soak: {soak['requests']:,} requests in {soak['duration_s']:.0f} s ({rate:.0f}/s) over "
          f"{args.connections} connections, after a warm-up of {warm['requests']:,}")
    print(f"errors: {errors} (status >= 400: {soak['status_4xx_5xx']}, 5xx: {soak['status_5xx']}, socket errors: "
          f"{soak['connect_errors'] + soak['read_errors'] + soak['write_errors']}, timeouts: {soak['timeouts']}); "
          f"5xx in the access log: {server_5xx}; tracebacks in the log: {report['tracebacks_logged']}")
    print(f"latency: p50 {soak['p50_ms']:.0f} ms, p90 {soak['p90_ms']:.0f} ms, p99 {soak['p99_ms']:.0f} ms, "
          f"max {soak['max_ms']:.0f} ms")
    for pid in workers:
        print(f"worker {pid}: RSS {start_rss[pid] / 1024:.1f} MB -> {end_rss.get(pid, 0) / 1024:.1f} MB "
              f"({growth[pid]:+.1%})")
    print(f"all workers: {total_growth:+.1%}; restarted: {'yes' if restarted else 'no'}")
    failed = errors or server_5xx or restarted or total_growth >= GROWTH_LIMIT or any(
        g >= GROWTH_LIMIT for g in growth.values())
    print("FAIL" if failed else "OK: 0 errors, memory growth under 10 %")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
