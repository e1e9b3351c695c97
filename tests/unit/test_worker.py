"""Tests for dashboard.server.wsgi's worker: the gunicorn it was written against, when a request counts as arrived,
gunicorn's error pages, and the configuration that names it (the worker itself runs in tests/integration)."""

from __future__ import annotations

import inspect
import runpy
import socket
import time
from pathlib import Path

import gunicorn
import pytest
from gunicorn.workers import base, gthread

from dashboard.server import wsgi

REPO = Path(__file__).resolve().parents[2]


def test_written_against_gunicorn_27_0_1_and_its_gthread_worker():
    """BoundedThreadWorker overrides gthread's methods by name and relies on its attributes: after an upgrade,
    read the new gthread.py before changing this pin (requirements.txt)."""
    assert gunicorn.__version__ == "27.0.1"
    for name in ("accept", "on_pending_socket_readable", "on_client_socket_readable", "murder_pending", "handle",
                 "enqueue_req", "finish_request"):
        assert callable(getattr(gthread.ThreadWorker, name)), name
    init = inspect.getsource(gthread.ThreadWorker.__init__)
    assert "self.pending_conns = deque()" in init and "self.keepalived_conns = deque()" in init
    handle = inspect.getsource(gthread.ThreadWorker.handle)
    # A RequestTimeout is a NoMoreData, which gthread catches before OSError (whose handler logs a traceback).
    assert handle.index("except http.errors.NoMoreData") < handle.index("except OSError")
    assert "util.write_error(client, status_int, reason, mesg)" in inspect.getsource(base.Worker.handle_error)
    assert issubclass(wsgi.RequestTimeout, gthread.http.errors.NoMoreData)
    assert issubclass(wsgi.RequestTimeout, TimeoutError)  # what gunicorn's body drain gives up on
    # A WriteTimeout is an EPIPE, which gthread's OSError handler drops with a debug line instead of a traceback.
    assert "if e.errno not in (errno.EPIPE, errno.ECONNRESET, errno.ENOTCONN):" in handle
    assert "util.reraise(*sys.exc_info())" in inspect.getsource(gthread.ThreadWorker.handle_request)


def test_the_configuration_names_the_bounded_worker_and_preloads():
    config = runpy.run_path(str(REPO / "gunicorn.conf.py"))
    assert config["worker_class"] == "dashboard.server.wsgi.BoundedThreadWorker"
    assert config["preload_app"] is True and config["keepalive"] == 5 and config["threads"] >= 2
    assert callable(config["post_fork"])


@pytest.mark.parametrize("data, whole", [
    (b"GET / HTTP/1.1\r\nHost: x\r\n", False),
    (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", True),
    (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabc", False),
    (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde", True),
    (b"POST / HTTP/1.1\r\ncontent-length:  5 \r\n\r\nabcde", True),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", False),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", True),
    (b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", True),  # it waits for us
    (b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", True),  # the parser refuses it
])
def test_a_request_counts_as_arrived_when_its_head_and_body_are_in(data, whole):
    assert wsgi.request_buffered(data) is whole


def test_gunicorns_error_page_carries_the_security_headers_and_echoes_nothing():
    page = wsgi.error_page("414 URI Too Long")
    head, _, body = page.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == "HTTP/1.1 414 URI Too Long"
    headers = dict(line.split(": ", 1) for line in lines[1:])
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert headers["Connection"] == "close" and int(headers["Content-Length"]) == len(body)
    assert body == b"414 URI Too Long\n"


def test_reads_share_one_deadline():
    left, right = socket.socketpair()
    with left, right:
        sock = wsgi.DeadlineSocket(left)
        right.sendall(b"abc")
        sock.deadline = time.monotonic() + 0.3
        assert sock.recv(10) == b"abc"
        started = time.monotonic()
        with pytest.raises(wsgi.RequestTimeout):
            sock.recv(10)  # nothing more comes: fails at the deadline, not later
        assert time.monotonic() - started < 1
        right.sendall(b"late")
        with pytest.raises(wsgi.RequestTimeout):
            sock.recv(10)  # past the deadline, even with data waiting
        sock.deadline = None
        assert sock.recv(10) == b"late"


@pytest.mark.parametrize("write", ["sendall", "send", "sendfile"])
def test_a_write_the_client_does_not_take_in_time_is_one_line_and_an_epipe(monkeypatch, caplog, tmp_path, write):
    import errno
    import logging

    monkeypatch.setattr(wsgi, "WRITE_SECONDS", 0.2)
    server_end, client_end = socket.socketpair()
    payload = tmp_path / "payload"
    payload.write_bytes(b"x" * (16 << 20))  # more than both sockets' buffers: the client end never reads
    sock = wsgi.DeadlineSocket(server_end)
    try:
        with caplog.at_level(logging.INFO, logger="dashboard.server"):
            started = time.monotonic()
            with pytest.raises(wsgi.WriteTimeout) as timed_out:
                if write == "sendfile":
                    with payload.open("rb") as handle:
                        sock.sendfile(handle)
                else:
                    for _ in range(1000):  # send writes what fits, then waits for room
                        getattr(sock, write)(payload.read_bytes()[:1 << 20])
            assert time.monotonic() - started < 5
    finally:
        server_end.close()
        client_end.close()
    assert timed_out.value.errno == errno.EPIPE and isinstance(timed_out.value, OSError)
    lines = [r for r in caplog.records if r.name == "dashboard.server"]
    assert len(lines) == 1 and lines[0].levelno == logging.INFO and lines[0].exc_info is None
    assert "0.2 s" in lines[0].getMessage()
