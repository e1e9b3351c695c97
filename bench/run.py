"""This dashboard and the plain Dash way (bench/reference_app.py), side by side on the same data, on the loopback
and over an emulated VPN.

    make bench            (or: python bench/run.py [--quick] [--vpn-only])

Loopback: runs each app under gunicorn with 2 workers on a free loopback port, one after the other, and measures:
bytes and time of a first load in headless Chromium (median of 5 fresh contexts) and what a second navigation fetches
again; filter change to repainted map (median and p75 of 20) against the browser's bare redraw of the same figures;
click to details (bench/browser.py: the pointer rests CLICK_DWELL_MS on the country before the press); callback
throughput and p99 latency with wrk; RSS per worker; then, in this process, the filter callback's server time and
the data load time with 10,000 and 100,000 synthetic engagements.

VPN (bench/browser.py VPN: DevTools network emulation, 80 ms latency, 20 Mbit/s down, 5 Mbit/s up, on every page
before it loads): both apps up at once, their first maps taking turns, then filter changes and clicks as above,
with the requests each click started before its details were on screen, and a minute of ordinary use of each
(bench/browser.py MINUTE): every request and byte of it, by path.

It prints the tables, loopback and VPN side by side first, from this one run: bytes, latencies and ratios, and the
targets beside them; nothing passes or fails on a time. `--quick`: fewer runs and no 100,000-row scale test;
`--vpn-only`: the VPN alone (no loopback, wrk or scale test), a few minutes. Raw numbers and the tables go to
bench/out/results.json, which `python bench/report.py` writes into docs/performance.md.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import browser as bb  # noqa: E402
from bench.report import meta_markdown, table_markdown  # noqa: E402
from bench.synthetic import write_data_dir  # noqa: E402
from tests.support.server import HOST, start_server, stop_server, worker_pids  # noqa: E402

OUT = REPO / "bench" / "out"
WORKERS = 2
WRK_SECONDS = 12
WRK_CONNECTIONS = 4
# Ours as `make run` starts it, but with the geo bundle pointed at nothing: Dash's own full plotly.js.
FULL_PLOTLY = ("import sys; from pathlib import Path; import dashboard.server.vendor as b; "
               "b.BUNDLE_PATH = Path('/nonexistent'); from dashboard.__main__ import main; sys.exit(main(sys.argv[1:]))")


# --- servers ----------------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Server:
    """A server started by tests/support/server.py, with the name its log and wrk body go by."""

    name: str
    process: subprocess.Popen
    url: str

    def workers(self) -> list[int]:
        return worker_pids(self.process)

    def stop(self) -> str:
        return stop_server(self.process)


def start(name: str, log_dir: Path, **options) -> Server:
    process, url = start_server(workers=WORKERS, log_path=log_dir / f"{name}.log", wait_for_workers=True,
                                timeout=90, **options)
    return Server(name, process, url)


def ours(log_dir: Path, full_plotly: bool = False, data_dir: Path | None = None, cache: bool = True) -> Server:
    """This app as `make run` starts it (`python -m dashboard`), or with Dash's full plotly.js (FULL_PLOTLY)."""
    env = {} if cache else {"DASHBOARD_RESPONSE_CACHE": "0"}
    name = "ours-full-plotly" if full_plotly else "ours" if cache else "ours-no-cache"
    folder = data_dir or REPO / "data"

    def full_plotly_command(port: int) -> list[str]:
        return [sys.executable, "-c", FULL_PLOTLY, "--port", str(port), "--data-dir", str(folder),
                "--workers", str(WORKERS)]

    return start(name, log_dir, data_dir=folder, env=env, command=full_plotly_command if full_plotly else None)


def reference(log_dir: Path) -> Server:
    def command(port: int) -> list[str]:
        return [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"{HOST}:{port}",
                "bench.reference_app:server"]

    return start("reference", log_dir, command=command, ready_path="/")


def memory(server: Server) -> dict:
    """RSS and PSS (shared pages split between processes) of each worker, in bytes, from /proc."""
    result = []
    for pid in server.workers():
        fields = {}
        for name in (f"/proc/{pid}/status", f"/proc/{pid}/smaps_rollup"):
            for line in Path(name).read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("VmRSS", "Pss"):
                    fields[key] = int(value.split()[0]) * 1024
        result.append({"pid": pid, "rss": fields.get("VmRSS", 0), "pss": fields.get("Pss", 0)})
    return {"workers": result, "rss_max": max((w["rss"] for w in result), default=0),
            "pss_max": max((w["pss"] for w in result), default=0)}


def load_test(server: Server, body: str, work: Path) -> dict | None:
    """wrk POSTing the captured filter callback body at the server for WRK_SECONDS; None without wrk."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    body_path = work / f"{server.name}-body.json"
    body_path.write_text(body)
    command = [wrk, "-t1", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", "--timeout", "10s",
               "-s", str(REPO / "bench" / "post.lua"), server.url + bb.CALLBACK]
    done = subprocess.run(command, capture_output=True, text=True, timeout=WRK_SECONDS + 60,
                          env={**os.environ, "BENCH_BODY": str(body_path)})
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    return summary


# --- in-process scale test ---------------------------------------------------------------------------------------

def timed(function, runs: int) -> float:
    function()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process_requests(bodies: dict[str, str], runs: int = 40) -> dict:
    """The whole filter callback request (routing, checks, callback, JSON, compression) through each app's Flask
    test client on the real data, ours without its response cache: server time without the network, gunicorn or a
    busy machine's other work."""
    from bench import reference_app
    from dashboard.server.app import create_app
    from dashboard.settings import from_env

    headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip, deflate, br, zstd"}
    result = {}
    # The response cache off: every request computed, as for a view nobody asked for yet.
    for name, app in (("ours", create_app(from_env(response_cache=0))),
                      ("reference", reference_app.create_app(REPO / "data"))):
        client = app.server.test_client()

        def call():
            response = client.post(bb.CALLBACK, data=bodies[name], headers=headers)
            assert response.status_code == 200, (name, response.status_code, response.get_data(as_text=True)[:300])

        result[name] = timed(call, runs if name == "ours" else 10)
    return result


def scale(sizes: tuple[int | None, ...], work: Path) -> dict:
    """Server time of the filter callback's work (ours: filter_engagements + map_patch + JSON; the reference:
    build_figure + JSON) and dashboard.core.load.load time, on the real data (None) and on synthetic engagements."""
    from plotly.io.json import to_json_plotly

    from bench import reference_app

    from dashboard.core import load
    from dashboard.core.state import ViewState
    from dashboard.ui.updates import view_update

    state = ViewState(categories=("mpdp", "forum"))  # the change the browser measures: GRSI unchecked
    results = {}
    for size in sizes:
        folder = REPO / "data" if size is None else write_data_dir(size, work / f"data-{size}")
        big = size is not None and size >= 100_000
        load_s = timed(lambda: load.load(folder), 1 if big else 3)
        dataset = load.load(folder)
        geojson = json.loads(dataset.geometry_bytes)

        def our_call():
            # The filter callback's own work (dashboard/ui/updates.py): map Patch, counts, summary line.
            update = view_update(dataset, state, {"filters"})
            return to_json_plotly([part.to_plotly_json() if hasattr(part, "to_plotly_json") else part
                                   for part in update.values()])

        def reference_call():
            return to_json_plotly(reference_app.build_figure(dataset, geojson, list(state.categories)))

        results[str(size or "real")] = {
            "rows": len(dataset.engagements), "load_s": load_s,
            "ours_s": timed(our_call, 15 if big else 40), "reference_s": timed(reference_call, 5 if big else 10),
            "ours_bytes": len(our_call()), "reference_bytes": len(reference_call()),
        }
    return results


# --- one app, end to end -----------------------------------------------------------------------------------------

def measure_app(server: Server, target: bb.Target, playwright, work: Path, quick: bool) -> dict:
    browser = bb.launch(playwright)
    try:
        first = bb.first_loads(browser, target, runs=2 if quick else 5)
        acts = bb.interactions(browser, target, filter_runs=6 if quick else 20, redraw_runs=6 if quick else 20,
                               click_runs=6 if quick else 20)
        traffic = bb.interaction_traffic(browser, target) if target.name == "ours" else None
    finally:
        browser.close()
    wrk = load_test(server, acts["filter_post"], work)
    return {"first": first, "interactions": acts, "traffic": traffic, "wrk": wrk, "memory": memory(server)}


def targets(ours_url: str, reference_url: str, engaged: int) -> tuple[bb.Target, bb.Target]:
    return (bb.Target("ours", ours_url + "/", "#map-graph .js-plotly-plot", "map-graph.figure", "#details-panel",
                      "#details-panel .country-name", 200, search="#search-country", clear="#details-clear"),
            bb.Target("reference", reference_url + "/", "#map .js-plotly-plot", "map.figure", "#details",
                      "#details h3", engaged))


def warn_traceback(name: str, log: str) -> None:
    """Print the first traceback of a server's log, if it has one."""
    if "Traceback" in log:
        print(f"warning: {name}'s log has a traceback:\n{log[log.index('Traceback'):][:4000]}", file=sys.stderr)


def progress(started: float, text: str) -> None:
    print(f"[{time.time() - started:5.0f} s] {text}", file=sys.stderr, flush=True)


def loopback(results: dict, playwright, work: Path, engaged: int, quick: bool, started: float) -> None:
    """Every loopback measure into `results`: each app alone (browser, wrk, memory), ours without its response
    cache (wrk), the first maps taking turns, the in-process requests and the scale test."""
    from dashboard.server import vendor

    for name in ("ours", "reference"):
        progress(started, f"{name}: browser, wrk, memory")
        server = ours(work) if name == "ours" else reference(work)
        try:
            target = targets(server.url, server.url, engaged)[0 if name == "ours" else 1]
            results[name] = measure_app(server, target, playwright, work, quick)
        finally:
            warn_traceback(name, server.stop())
    progress(started, "ours with the response cache off: wrk")
    server = ours(work, cache=False)
    try:
        results["wrk_no_cache"] = load_test(server, results["ours"]["interactions"]["filter_post"], work)
    finally:
        server.stop()
    progress(started, "first maps, taking turns: ours, ours with Dash's own plotly.js, the reference")
    servers = {"ours": ours(work), "reference": reference(work)}
    try:
        if vendor.BUNDLE_PATH.is_file():
            servers["ours_full_plotly"] = ours(work, full_plotly=True)
        paired = {name: targets(server.url, server.url, engaged)[name == "reference"]
                  for name, server in servers.items()}
        browser = bb.launch(playwright)
        results["paired_first"] = bb.first_maps_in_turn(browser, paired, runs=3 if quick else 7)
        results["ours_full_plotly"] = results["paired_first"].get("ours_full_plotly")
        browser.close()
    finally:
        for server in servers.values():
            server.stop()
    progress(started, "scale")
    results["in_process"] = in_process_requests({name: results[name]["interactions"]["filter_post"]
                                                 for name in ("ours", "reference")})
    results["scale"] = scale((None, 10_000) if quick else (None, 10_000, 100_000), work)


def emulated(playwright, work: Path, engaged: int, quick: bool, network: dict) -> dict:
    """Both apps under `network` (DevTools emulation), both servers up at once: the first maps taking turns, filter
    changes and clicks, then a minute of use each."""
    servers = {"ours": ours(work), "reference": reference(work)}
    try:
        pages = {name: targets(server.url, server.url, engaged)[name == "reference"]
                 for name, server in servers.items()}
        browser = bb.launch(playwright)
        try:
            section = {"network": network,
                       "paired_first": bb.first_maps_in_turn(browser, pages, runs=3 if quick else 7, network=network)}
            for name, target in pages.items():
                section[name] = {"interactions": bb.interactions(
                    browser, target, filter_runs=6 if quick else 20, redraw_runs=0, click_runs=6 if quick else 20,
                    network=network)}
            section["minute"] = {name: bb.minute_of_use(browser, target, network) for name, target in pages.items()}
        finally:
            browser.close()
    finally:
        for name, server in servers.items():
            warn_traceback(name, server.stop())
    return section


# --- the tables --------------------------------------------------------------------------------------------------

def kb(value: float) -> str:
    return f"{value / 1000:,.1f} KB" if value < 1e6 else f"{value / 1e6:,.2f} MB"


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 10 else f"{value:,.1f} ms"


def p75(values: list[float]) -> float:
    return statistics.quantiles(values, n=4, method="inclusive")[2]


def ratio(reference_value: float, our_value: float) -> str:
    if not our_value:
        return ""
    value = reference_value / our_value
    return f"{value:,.0f}×" if value >= 20 else f"{value:,.1f}×"


def network_label(network: dict) -> str:
    """Emulated conditions in a few words: 'VPN (80 ms, 20 / 5 Mbit/s)'."""
    return (f"VPN ({network['latency']:g} ms, {network['downloadThroughput'] * 8 / 1e6:g} / "
            f"{network['uploadThroughput'] * 8 / 1e6:g} Mbit/s)")


def app_numbers(section: dict, app: str) -> dict:
    """One app's numbers of the side-by-side table, from one network's first maps and interactions."""
    first, acts = section["paired_first"][app], section[app]["interactions"]
    return {"bytes": first["bytes"], "transfers": statistics.median(load["transfers"] for load in first["loads"]),
            "shown": first["shown_ms"], "drawn": first["drawn_ms"],
            "filter": (statistics.median(acts["filter_ms"]), p75(acts["filter_ms"])),
            "click": (statistics.median(acts["details_ms"]), p75(acts["details_ms"])),
            "requests": (statistics.median(acts["details_requests"]), max(acts["details_requests"]))}


def seconds(value_ms: float) -> str:
    return f"{value_ms / 1000:.2f} s"


# The side-by-side rows: (measure, the cell from app_numbers, the number its ratio compares or None).
SIDE_BY_SIDE = (
    ("First load: bytes received (compressed, headers included; median)", lambda n: kb(n["bytes"]),
     lambda n: n["bytes"]),
    ("First load: transfers", lambda n: f"{n['transfers']:g}", None),
    ("First map on screen: its still picture, or plotly's countries if sooner (median)",
     lambda n: seconds(n["shown"]), lambda n: n["shown"]),
    ("First map's countries drawn by plotly, interactive (median)", lambda n: seconds(n["drawn"]),
     lambda n: n["drawn"]),
    ("Filter change → map repainted, median / p75", lambda n: f"{ms(n['filter'][0])} / {ms(n['filter'][1])}",
     lambda n: n["filter"][1]),
    (f"Click on a country → its details on screen, from the press (the pointer resting {bb.CLICK_DWELL_MS} ms on "
     "it first), median / p75", lambda n: f"{ms(n['click'][0])} / {ms(n['click'][1])}", lambda n: n["click"][1]),
    ("Requests started between the press and the details on screen, median (most)",
     lambda n: f"{n['requests'][0]:g} ({n['requests'][1]})", None),
)


def side_by_side(sections: dict[str, dict]) -> dict:
    """Both apps on each network (a label and its section: first maps, interactions), the networks side by side."""
    numbers = {label: {app: app_numbers(section, app) for app in ("ours", "reference")}
               for label, section in sections.items()}
    rows = []
    for measure, cell, compared in SIDE_BY_SIDE:
        row = [measure]
        for apps in numbers.values():
            ours_, reference_ = apps["ours"], apps["reference"]
            row += [cell(ours_), cell(reference_), ratio(compared(reference_), compared(ours_)) if compared else ""]
        rows.append(row)
    runs = "; ".join(f"{label}: {len(section['paired_first']['ours']['drawn'])} first maps of each app taking turns "
                     f"in fresh profiles, {len(section['ours']['interactions']['filter_ms'])} filter changes and "
                     f"{len(section['ours']['interactions']['details_ms'])} clicks"
                     for label, section in sections.items())
    columns = ["measure"]
    for label in sections:
        columns += [f"{label}: this app", f"{label}: plain Dash", f"{label}: ratio"]
    return {"title": "Loopback and VPN, side by side" if len(sections) > 1 else next(iter(sections)),
            "note": f"The same measures on each network, this app against the plain Dash reference. Ratio: reference "
                    f"÷ this app (above 1, this app is better). Runs: {runs}.",
            "columns": columns, "rows": rows}


def minute_table(minutes: dict[str, dict], label: str) -> dict:
    """A minute of ordinary use (bench/browser.py MINUTE) of each app: requests and bytes, then by request kind."""
    ours_, reference_ = minutes["ours"], minutes["reference"]

    def both(cell) -> list[str]:
        return [cell(ours_), cell(reference_)]

    rows = [["Requests", *both(lambda m: f"{m['requests']}")],
            ["Bytes received (on the wire, headers included)", *both(lambda m: kb(m["bytes"]))],
            ["Bytes sent (request bodies)", *both(lambda m: kb(m["sent"]))],
            ["Of the requests, answered from the browser's cache", *both(lambda m: f"{m['from_cache']}")],
            ["The minute as run (its steps start at fixed seconds, later if one before took longer)",
             *both(lambda m: f"{m['seconds']:.1f} s")]]
    kinds = sorted({*ours_["by_kind"], *reference_["by_kind"]},
                   key=lambda kind: (-ours_["by_kind"].get(kind, {}).get("requests", 0),
                                     -reference_["by_kind"].get(kind, {}).get("requests", 0), kind))
    for kind in kinds:
        rows.append([f"`{kind}`: requests; bytes received", *both(
            lambda m: f"{m['by_kind'][kind]['requests']}; {kb(m['by_kind'][kind]['bytes'])}"
            if kind in m["by_kind"] else "0")])
    skipped = sorted(set(reference_["skipped"]))
    return {"title": f"A minute of ordinary use, {label}",
            "note": f"One scripted minute after the first load has gone quiet (bench/browser.py MINUTE, the same for "
                    f"both apps): the pointer crosses several countries with short rests, six countries shown (five "
                    f"clicks, one search), four filter changes and one clear. Every request to the app during the "
                    f"minute is counted, the data banner's own timer included, by path (a callback by what set it "
                    f"off)." + (f" The reference has no {' and no '.join(skipped)}: those steps are rests for it."
                                 if skipped else ""),
            "columns": ["", "this app", "plain Dash"], "rows": rows}


def loopback_table(results: dict) -> dict:
    """The whole loopback table: every measure of both apps, with its target."""
    o, r = results["ours"], results["reference"]
    of, rf = o["first"], r["first"]
    oi, ri = o["interactions"], r["interactions"]
    rows = []

    def row(measure, target, our, ref, rat=""):
        rows.append([measure, target, our, ref, rat])

    runs = len(of["loads"])
    row(f"First load: bytes received (compressed, as received; median of {runs})", "≤ 700 KB",
        kb(of["bytes"]), kb(rf["bytes"]), ratio(rf["bytes"], of["bytes"]))
    row("First load: bytes after decoding", "", kb(of["decoded"]), kb(rf["decoded"]),
        ratio(rf["decoded"], of["decoded"]))
    row("First load: transfers", "", str(of["loads"][0]["transfers"]), str(rf["loads"][0]["transfers"]), "")
    paired = results.get("paired_first") or {"ours": of, "reference": rf}
    po, pr = paired["ours"], paired["reference"]
    turns = len(po["loads"])
    row(f"First map on screen: its still picture, or plotly's countries if sooner (headless Chromium, fresh "
        f"profile; the apps taking turns, median of {turns})", "≤ 0.8 s; ≥ 2× the reference",
        f"{po['shown_ms'] / 1000:.2f} s", f"{pr['shown_ms'] / 1000:.2f} s", ratio(pr["shown_ms"], po["shown_ms"]))
    row(f"First map's countries drawn by plotly, interactive (same turns, median of {turns})", "",
        f"{po['drawn_ms'] / 1000:.2f} s", f"{pr['drawn_ms'] / 1000:.2f} s", ratio(pr["drawn_ms"], po["drawn_ms"]))
    full = paired.get("ours_full_plotly")
    if full:
        row(f"First map on screen with Dash's own plotly.js (no npm at set-up; same turns, median of {turns}); "
            "÷ with the geo bundle", "≤ 1.5×", f"{full['shown_ms'] / 1000:.2f} s; "
            f"{full['shown_ms'] / po['shown_ms']:.2f}×", "", "")
        row(f"First map drawn by plotly with Dash's own plotly.js (same turns, median of {turns}); "
            "÷ with the geo bundle", "", f"{full['drawn_ms'] / 1000:.2f} s; "
            f"{full['drawn_ms'] / po['drawn_ms']:.2f}×", "", "")
    row("Second navigation: transfers, bytes (what a reload fetches again)", "only what changed",
        f"{of['second']['transfers']}, {kb(of['second']['bytes'])}",
        f"{rf['second']['transfers']}, {kb(rf['second']['bytes'])}", ratio(rf["second"]["bytes"], of["second"]["bytes"]))
    def other(first: dict) -> int:
        second = first.get("second", {}).get("other_hosts", [])
        return len({host for page_load in first["loads"] for host in page_load["other_hosts"]} | set(second))

    row("Requests to other hosts; console errors (all runs)", "0; 0",
        f"{other(of)}; {len(of['console_errors']) + len(oi['console_errors'])}",
        f"{other(rf)}; {len(rf['console_errors']) + len(ri['console_errors'])}", "")
    n = len(oi["filter_ms"])
    row(f"Filter change → map repainted, median / p75 (of {n})", "p75 ≤ 100 ms",
        f"{ms(statistics.median(oi['filter_ms']))} / {ms(p75(oi['filter_ms']))}",
        f"{ms(statistics.median(ri['filter_ms']))} / {ms(p75(ri['filter_ms']))}",
        ratio(p75(ri["filter_ms"]), p75(oi["filter_ms"])))
    row(f"Browser's bare redraw of the same figures (Plotly.react), median / p75 (of {len(oi['redraw_ms'])})", "",
        f"{ms(statistics.median(oi['redraw_ms']))} / {ms(p75(oi['redraw_ms']))}",
        f"{ms(statistics.median(ri['redraw_ms']))} / {ms(p75(ri['redraw_ms']))}",
        ratio(statistics.median(ri["redraw_ms"]), statistics.median(oi["redraw_ms"])))
    row("Filter repaint p75 ÷ bare redraw median", "≤ 1.5×",
        f"{p75(oi['filter_ms']) / statistics.median(oi['redraw_ms']):.1f}×",
        f"{p75(ri['filter_ms']) / statistics.median(ri['redraw_ms']):.1f}×", "")

    def call_bytes(calls, key):
        return statistics.median(c[key] for c in calls)

    row("Filter change: map callback response (compressed, with headers; body)", "≤ 3 KB",
        f"{kb(call_bytes(oi['filter_calls'], 'figure_bytes'))}; {kb(call_bytes(oi['filter_calls'], 'figure_body'))}",
        f"{kb(call_bytes(ri['filter_calls'], 'figure_bytes'))}; {kb(call_bytes(ri['filter_calls'], 'figure_body'))}",
        ratio(call_bytes(ri["filter_calls"], "figure_bytes"), call_bytes(oi["filter_calls"], "figure_bytes")))
    row("Filter change: all callback traffic (requests, bytes)", "",
        f"{oi['filter_calls'][0]['requests']}, {kb(call_bytes(oi['filter_calls'], 'bytes'))}",
        f"{ri['filter_calls'][0]['requests']}, {kb(call_bytes(ri['filter_calls'], 'bytes'))}",
        ratio(call_bytes(ri["filter_calls"], "bytes"), call_bytes(oi["filter_calls"], "bytes")))
    row(f"Click on a country → its details on screen, from the press, the pointer resting {bb.CLICK_DWELL_MS} ms "
        f"on it first, median / p75 (of {len(oi['details_ms'])})",
        "p75 ≤ the reference's, ≤ 80 ms",
        f"{ms(statistics.median(oi['details_ms']))} / {ms(p75(oi['details_ms']))}",
        f"{ms(statistics.median(ri['details_ms']))} / {ms(p75(ri['details_ms']))}",
        ratio(p75(ri["details_ms"]), p75(oi["details_ms"])))
    traffic = o.get("traffic") or {}
    reference_kinds = {"filter": ri["filter_calls"], "click": ri["details_calls"]}
    for kind, calls in traffic.items():
        ref = reference_kinds.get(kind)
        ref_text = (f"{ref[0]['requests']}; {kb(call_bytes(ref, 'bytes'))} ({kb(call_bytes(ref, 'sent'))} sent)"
                    if ref else "")
        row(f"Callback requests per interaction, {kind}: requests; bytes received (sent)",
            "0" if kind == "load" else "1; ≤ 3 KB",
            f"{calls['requests']}; {kb(calls['bytes'])} ({kb(calls['sent'])} sent)", ref_text, "")
    if o["wrk"] and r["wrk"]:
        ow, rw = o["wrk"], r["wrk"]

        def bad(w: dict) -> str:
            if not (w["socket_errors"] or w["bad_status"]):
                return ""
            return f" ({w['bad_status']} bad status, {w['socket_errors']} socket errors)"

        row(f"Filter callback throughput ({WORKERS} gunicorn workers, wrk {WRK_SECONDS} s, "
            f"{WRK_CONNECTIONS} connections)", "≥ 1,500 req/s",
            f"{ow['rps']:,.0f} req/s{bad(ow)}", f"{rw['rps']:,.1f} req/s{bad(rw)}", ratio(ow["rps"], rw["rps"]))
        row("Filter callback latency under that load, p50 / p99", "",
            f"{ms(ow['p50_us'] / 1000)} / {ms(ow['p99_us'] / 1000)}",
            f"{ms(rw['p50_us'] / 1000)} / {ms(rw['p99_us'] / 1000)}", ratio(rw["p99_us"], ow["p99_us"]))
        nw = results.get("wrk_no_cache")
        if nw:
            row("The same with the response cache off (every request computed), throughput; p50 / p99", "",
                f"{nw['rps']:,.0f} req/s{bad(nw)}; {ms(nw['p50_us'] / 1000)} / {ms(nw['p99_us'] / 1000)}",
                f"{rw['rps']:,.1f} req/s", ratio(nw["rps"], rw["rps"]))
    else:
        row("Filter callback throughput and p99", "≥ 1,500 req/s", "wrk not installed", "wrk not installed", "")
    om, rm = o["memory"], r["memory"]
    row("Memory per worker after the load, RSS (PSS)", "≤ 200 MB",
        f"{om['rss_max'] / 1e6:,.0f} MB ({om['pss_max'] / 1e6:,.0f} MB)",
        f"{rm['rss_max'] / 1e6:,.0f} MB ({rm['pss_max'] / 1e6:,.0f} MB)", ratio(rm["rss_max"], om["rss_max"]))
    inproc = results.get("in_process")
    if inproc:
        row("Filter callback, whole request in-process, response cache off (Flask test client, real data; median)", "",
            ms(inproc["ours"] * 1000), ms(inproc["reference"] * 1000), ratio(inproc["reference"], inproc["ours"]))
    for size, s in results["scale"].items():
        label = "real data" if size == "real" else f"{int(size):,} synthetic"
        row(f"Server time per filter call, {label} engagements ({s['rows']:,} rows; median)",
            "≤ 20 ms at 100,000" if size == "100000" else "",
            f"{ms(s['ours_s'] * 1000)} ({kb(s['ours_bytes'])})", f"{ms(s['reference_s'] * 1000)} ({kb(s['reference_bytes'])})",
            ratio(s["reference_s"], s["ours_s"]))
        if size != "real":
            row(f"Data load and validation (dashboard.core.load.load), {label}", "", f"{s['load_s']:.2f} s",
                "same loader", "")
    notes = ["Ratio: how many times better this app is (reference ÷ this app; for throughput, this app ÷ reference).",
             f"plotly.js: {results['bundle']}."]
    if full:
        notes.append(f"This app with Dash's full plotly.js instead (median of {len(full['loads'])}): "
                     f"{kb(full['bytes'])} first load, map on screen at {full['shown_ms'] / 1000:.2f} s and drawn "
                     f"by plotly at {full['drawn_ms'] / 1000:.2f} s "
                     f"(other hosts: {other(full)}, console errors: {len(full['console_errors'])}).")
    return {"title": "Every measure, on the loopback", "note": " ".join(notes),
            "columns": ["measure", "target", "this app", "reference (plain Dash)", "ratio"], "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 100,000-row scale test (a smoke run)")
    parser.add_argument("--vpn-only", action="store_true",
                        help="only the emulated VPN (first maps, filters, clicks, a minute of use): no loopback, "
                             "wrk or scale test")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from dashboard.core import load
    from dashboard.server import vendor

    started = time.time()
    load_before = os.getloadavg()[0]
    OUT.mkdir(parents=True, exist_ok=True)
    engaged = load.load(REPO / "data").engagements["iso3"].nunique()
    results: dict = {"bundle": (f"built from plotly.js's sources with only what the map draws ({vendor.BUNDLE_PATH.relative_to(REPO)})"
                                if vendor.BUNDLE_PATH.is_file() else "Dash's full bundle (geo bundle not installed)")}
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as tmp, sync_playwright() as playwright:
        work = Path(tmp)
        if not args.vpn_only:
            loopback(results, playwright, work, engaged, args.quick, started)
        progress(started, f"{network_label(bb.VPN)}: first maps taking turns, filters, clicks, a minute of use each")
        results["vpn"] = emulated(playwright, work, engaged, args.quick, bb.VPN)
    results["seconds"] = time.time() - started
    results["load_before"], results["load_after"] = load_before, os.getloadavg()[0]
    sections = {} if args.vpn_only else {"loopback": results}
    sections[network_label(bb.VPN)] = results["vpn"]
    results["tables"] = [side_by_side(sections), minute_table(results["vpn"]["minute"], network_label(bb.VPN))]
    if not args.vpn_only:
        results["tables"].append(loopback_table(results))
    results["meta"] = {
        "command": "python bench/run.py" + "".join(f" --{name}" for name, on in (("quick", args.quick),
                                                                                 ("vpn-only", args.vpn_only)) if on),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": results["seconds"], "load_before": f"{load_before:.1f}",
        "load_after": f"{results['load_after']:.1f}", "machine": f"{os.cpu_count()} cores"}
    (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str))
    print("\n".join(table_markdown(table) for table in results["tables"]))
    print(meta_markdown(results["meta"]))
    print(f"(raw numbers in {OUT.relative_to(REPO)}/results.json; `python bench/report.py` writes the tables into "
          "docs/performance.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
