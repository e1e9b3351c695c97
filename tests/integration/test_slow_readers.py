"""50 slow readers of the largest answers (the offline file uncompressed, the 3840 x 2160 PNG, the page's plotly.js),
each on a small receive buffer and reading a few hundred bytes a second, while the page and a callback are probed:
on the production setup (gunicorn behind nginx, which buffers the answers) and on `make run` (gunicorn alone, its
gevent workers holding a connection without a thread), every probe is answered and their p95 stays under a second.

Times are printed (run with -s): the p95 bound is the promise; a server whose writes held its threads answered
no probe at all within PROBE_TIMEOUT (tests/support/slow_clients.py)."""

from __future__ import annotations

import pytest

from tests.support import slow_clients
from tests.support.server import start_production, start_server, stop_server

READERS = 50
PROBE_SECONDS = 5
P95_SECONDS = 1.0


@pytest.mark.parametrize("setup", ["production", "make-run"])
def test_slow_readers_do_not_hold_the_page_or_a_callback(data_dir, setup):
    if setup == "production":
        process, url = start_production(data_dir, 2, wait_for_workers=True)
    else:
        process, url = start_server(data_dir, 2, wait_for_workers=True)
    try:
        readers, probes, reading = slow_clients.measure(url, READERS, PROBE_SECONDS)
    finally:
        log = stop_server(process)
    print(f"\n{setup}: {reading} of {READERS} slow readers reading when probing began, "
          f"{readers.reading_at_end} at its end; {probes.summary()}")
    # The readers held their answers the whole time: all had the head of a 200 and none had its whole answer.
    assert reading == READERS and readers.reading_at_end == READERS, [
        (r.path, r.status, r.received, r.finished, r.error) for r in readers.readers if r.status != 200][:5]
    assert not probes.failures, probes.failures[:5]
    assert probes.p95 < P95_SECONDS, probes.summary()
    assert "Traceback" not in log
