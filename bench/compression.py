"""Start-up time, first-load bytes and first-request times of the page's scripts and styles.

    python bench/compression.py [--runs 3]

Each measure runs in a fresh Python process that builds the app on the shipped data (Flask's test client, no
server), the compressed shapes already in their cache folder so that only the scripts and styles differ:
- start-up: create_app, with the map's own plotly.js built (as `make run` has it after npm) and without it (Dash's
  own plotly.js, several MB, is then one of the page's scripts);
- first load: the bytes a browser that takes brotli is sent for the page, each script and style it lists, the async
  chunks it preloads, and Dash's plotly.js when the page uses it; and the same for a browser that takes gzip only;
- first requests: how long the process takes to answer each of those files the first time, and the slowest one.
Nothing passes or fails on a time; it prints the numbers, and the machine's load next to them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHROMIUM = "gzip, deflate, br, zstd"


def measure(full_plotly: bool) -> dict:
    """In this (fresh) process: create_app's time, then each file of the first load fetched once per encoding."""
    import time
    from pathlib import Path as P

    if full_plotly:
        from dashboard.server import vendor
        vendor.BUNDLE_PATH = P("/nonexistent")
    started = time.perf_counter()
    from dashboard.server.app import create_app
    from dashboard.settings import Settings

    app = create_app(Settings(data_dir=str(REPO / "data"), reload_interval=0))
    startup = time.perf_counter() - started
    client = app.server.test_client()
    index = client.get("/?lang=en", headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    urls = re.findall(r'<script src="([^"]+)"', index)
    urls += re.findall(r'<link rel="stylesheet" href="([^"]+)"', index)
    urls += re.findall(r'<link rel="preload" href="([^"]+)" as="script"', index)
    urls = list(dict.fromkeys(urls))
    result = {"startup_s": startup, "files": len(urls)}
    for label, header in (("br", CHROMIUM), ("gzip", "gzip")):
        sent, times = 0, []
        for url in urls:
            began = time.perf_counter()
            response = client.get(url, headers={"Accept-Encoding": header})
            times.append(time.perf_counter() - began)
            assert response.status_code == 200, (url, response.status_code)
            sent += len(response.data)
        result[f"{label}_bytes"] = sent
        result[f"{label}_first_s"] = sum(times)
        result[f"{label}_slowest_s"] = max(times)
    raw = sum(len(client.get(url, headers={"Accept-Encoding": "identity"}).data) for url in urls)
    result["identity_bytes"] = raw
    return result


def run(full_plotly: bool, env: dict) -> dict:
    code = (f"import json, sys; sys.path.insert(0, {str(REPO)!r}); from bench.compression import measure; "
            f"print(json.dumps(measure({full_plotly})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        run(False, env)  # the shapes into the cache folder, once
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        for full_plotly in (False, True):
            results = [run(full_plotly, env) for _ in range(args.runs)]
            name = "Dash's own plotly.js" if full_plotly else "the map's own plotly.js"
            med = {key: statistics.median(r[key] for r in results) for key in results[0]}
            print(f"\n{name} ({args.runs} runs, medians)")
            print(f"  start-up (create_app)           {med['startup_s']:8.2f} s")
            print(f"  files of the first load         {med['files']:8.0f}")
            print(f"  as sent, brotli / gzip / none   {med['br_bytes'] / 1024:8.0f} / {med['gzip_bytes'] / 1024:.0f} "
                  f"/ {med['identity_bytes'] / 1024:.0f} KiB")
            print(f"  first requests, brotli          {med['br_first_s'] * 1000:8.0f} ms in all, slowest "
                  f"{med['br_slowest_s'] * 1000:.0f} ms")
            print(f"  first requests, gzip            {med['gzip_first_s'] * 1000:8.0f} ms in all, slowest "
                  f"{med['gzip_slowest_s'] * 1000:.0f} ms")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
