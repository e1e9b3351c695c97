"""Production serving: gunicorn with the repository's gunicorn.conf.py, on an app already built and validated.

`BoundedThreadWorker` is the worker class gunicorn.conf.py names: gunicorn 27.0.1's `gthread` worker (pinned in
requirements.txt; its code was read for each point below) with three changes, so that no idle or slow client can
hold a worker:

- A connection waits on the worker's poller, not in a thread, until its whole request has arrived (the request
  line, the headers and, up to `BUFFER_BYTES`, the body): closed after `keepalive` seconds without a byte, or
  answered 408 and closed when the request is not whole `REQUEST_READ_SECONDS` after its first byte, however
  slowly it trickles. Only then does a thread take it. Stock gthread 27 hands every new connection to a thread at
  once, which waits up to 5 s for a first byte (`DEFAULT_WORKER_DATA_TIMEOUT`) and then reads with no timeout:
  a few idle sockets, or clients sending a byte a second, hold every thread. Kept-alive connections go the same way.
- What a thread still reads (a body over `BUFFER_BYTES`, or one gunicorn drains after the answer) shares the same
  deadline: every read of the request fails once it is past (the app then sees the client as gone: 400).
- gunicorn's own error pages (400, 414, 431, 500..., written before Flask sees the request) carry the same
  security headers as the app's answers, and a fixed text instead of gunicorn's echo of the request.

Writes are bounded too (`WRITE_SECONDS` per write of a response), so a client that never reads holds a thread
for that long at most; the connection is then closed with one INFO line (WriteTimeout), not a traceback. Behind a
reverse proxy on the Internet (README, Deployment) the proxy buffers slow clients.
"""

from __future__ import annotations

import errno
import logging
import runpy
import selectors
import socket
import time
from functools import partial

from gunicorn.app.base import BaseApplication
from gunicorn.http.errors import NoMoreData
from gunicorn.workers.gthread import TConn, ThreadWorker

from dashboard.settings import REPO_ROOT

logger = logging.getLogger("dashboard.server")

REQUEST_READ_SECONDS = 10.0  # the request line, headers and body, from the first byte of the request to the last
BUFFER_BYTES = 512 * 1024   # read on the poller up to this much of a request; a thread reads the rest, if any
WRITE_SECONDS = 30.0         # each write of a response (a 1.4 MB script to a slow link included)
# gunicorn's own error pages have no scripts, styles or frames of their own.
ERROR_PAGE_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


class RequestTimeout(NoMoreData, TimeoutError):
    """The request did not arrive in time. As NoMoreData, gthread closes the connection quietly (its handler of
    other OSErrors logs a traceback); as TimeoutError, gunicorn's drain of an unread body gives up on it."""

    def __str__(self) -> str:
        return f"request not received within {REQUEST_READ_SECONDS:g} s"


class WriteTimeout(BrokenPipeError):
    """A write of a response did not finish within WRITE_SECONDS (the client reads too slowly, or not at all). As
    EPIPE, gthread closes the connection with a debug line; its handler of other OSErrors logs an ERROR with a
    traceback. The one line said about it is ours (DeadlineSocket)."""

    def __init__(self):
        super().__init__(errno.EPIPE, f"response not taken within {WRITE_SECONDS:g} s")


class DeadlineSocket:
    """A client socket whose reads share one deadline per request (`deadline`, a time.monotonic() value, or None)
    and whose writes are bounded; everything else is the socket's own."""

    def __init__(self, sock: socket.socket):
        self._sock = sock
        self.deadline: float | None = None

    def __getattr__(self, name: str):
        return getattr(self._sock, name)

    def fileno(self) -> int:
        return self._sock.fileno()

    def recv(self, size: int, *flags) -> bytes:
        if self.deadline is None:
            return self._sock.recv(size, *flags)
        remaining = self.deadline - time.monotonic()
        if remaining > 0:
            self._sock.settimeout(remaining)
            try:
                return self._sock.recv(size, *flags)
            except TimeoutError:
                pass
        if self.deadline > 0:  # once per request: later reads of it fail at once
            self.deadline = 0.0
            logger.info("closing a connection whose request was not received within %g s", REQUEST_READ_SECONDS)
        raise RequestTimeout()

    def send(self, data, *flags) -> int:
        return self._bounded(self._sock.send, data, *flags)

    def sendall(self, data, *flags) -> None:
        return self._bounded(self._sock.sendall, data, *flags)

    def sendfile(self, file, offset: int = 0, count: int | None = None) -> int:
        return self._bounded(self._sock.sendfile, file, offset, count)

    def _bounded(self, write, *args):
        self._sock.settimeout(WRITE_SECONDS)
        try:
            return write(*args)
        except TimeoutError:
            logger.info("closing a connection whose client did not take the response within %g s", WRITE_SECONDS)
            raise WriteTimeout() from None


class _CapturedError:
    """Stands in for the client socket while gunicorn's handle_error writes its page, to learn the status."""

    def __init__(self):
        self.data = b""

    def gettimeout(self) -> float:
        return 0.0

    def setblocking(self, _flag) -> None:
        pass

    def sendall(self, data: bytes) -> None:
        self.data += data


def error_page(status_line: str) -> bytes:
    """gunicorn's error status with the app's security headers and a fixed text (never the request echoed)."""
    from dashboard.server.app import SECURITY_HEADERS

    text = f"{status_line}\n".encode("latin-1", "replace")
    headers = {"Connection": "close", "Content-Type": "text/plain; charset=utf-8", "Content-Length": str(len(text)),
               "Cache-Control": "no-store", **SECURITY_HEADERS, "Content-Security-Policy": ERROR_PAGE_CSP}
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return f"HTTP/1.1 {status_line}\r\n{head}\r\n".encode("latin-1") + text


def request_buffered(data: bytes) -> bool:
    """Whether `data` holds a whole request head and, as far as the head says, its body: a thread can take it
    without waiting on the client. A best guess (the parser in the thread decides what the request is): the body
    by Content-Length, a chunked body by its last chunk, none after `Expect` (the client waits for an answer)."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return False
    head = data[:end].lower()
    body = len(data) - end - 4
    if b"\nexpect:" in head:
        return True
    if b"\ntransfer-encoding:" in head:
        return data.endswith(b"0\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip() == b"content-length":
            try:
                return body >= int(value.strip())
            except ValueError:
                return True  # the parser refuses it
    return True


class BoundedThreadWorker(ThreadWorker):
    """gunicorn 27's gthread worker: connections wait on the poller until their request has arrived, within a
    deadline; error pages carry the security headers (see the module's docstring)."""

    def accept(self, listener) -> None:
        if self.cfg.is_ssl:  # TLS wraps the socket in the thread: gthread's own way (put a proxy in front instead)
            return super().accept(listener)
        try:
            client_sock, client_addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, DeadlineSocket(client_sock), client_addr, listener.getsockname())  # non-blocking
        self._wait_for_request(conn)

    def _wait_for_request(self, conn) -> None:
        """On the poller, no thread: closed after `keepalive` seconds without a byte (murder_pending)."""
        conn.received = bytearray()
        conn.first_byte_at = None
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self._next_expiry = min(getattr(self, "_next_expiry", conn.timeout), conn.timeout)
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))

    def on_client_socket_readable(self, conn, client) -> None:
        # A kept-alive connection's next request is read on the poller too, like a new connection's first.
        if self.cfg.is_ssl:
            return super().on_client_socket_readable(conn, client)
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._wait_for_request(conn)
        self.on_pending_socket_readable(conn, client)

    def on_pending_socket_readable(self, conn, client) -> None:
        received = getattr(conn, "received", None)
        if received is None or self.cfg.is_ssl:  # a connection gthread deferred itself, or TLS: gthread's own way
            return super().on_pending_socket_readable(conn, client)
        try:
            data = conn.sock._sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client went away
            self._drop_pending(conn)
            return
        if conn.first_byte_at is None:
            conn.first_byte_at = time.monotonic()
            conn.timeout = conn.first_byte_at + REQUEST_READ_SECONDS
        received += data
        if len(received) < BUFFER_BYTES and not request_buffered(bytes(received)):
            return  # more to come: the connection stays on the poller until its deadline
        self.poller.unregister(client)
        self.pending_conns.remove(conn)
        conn.data_ready = True
        self.enqueue_req(conn)

    def _drop_pending(self, conn, answer: bytes | None = None) -> None:
        try:
            self.poller.unregister(conn.sock)
        except (OSError, KeyError, ValueError):
            pass
        try:
            self.pending_conns.remove(conn)
        except ValueError:
            pass
        if answer is not None:
            try:
                conn.sock._sock.send(answer)  # non-blocking: best effort
            except OSError:
                pass
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        # Waiting connections have two deadlines (idle, or reading a request), so the queue is not in order of
        # expiry as gthread's own loop assumes: every entry is looked at, once the earliest deadline has come.
        now = time.monotonic()
        if now < getattr(self, "_next_expiry", 0.0):
            return  # run() calls this after every event: nothing can have expired before the earliest deadline
        self._next_expiry = min((c.timeout for c in self.pending_conns if c.timeout > now), default=now + 1.0)
        for conn in [c for c in self.pending_conns if c.timeout <= now]:
            if getattr(conn, "first_byte_at", None) is not None:
                logger.info("closing a connection whose request was not received within %g s", REQUEST_READ_SECONDS)
                self._drop_pending(conn, error_page("408 Request Timeout"))
            else:
                self._drop_pending(conn)

    def handle(self, conn):
        sock = conn.sock
        received = getattr(conn, "received", None)
        if received:
            conn.init()  # the parser (plain HTTP/1.x here), fed what the poller already read
            conn.parser.unreader.unread(bytes(received))
            conn.received = bytearray()
        first = getattr(conn, "first_byte_at", None) or time.monotonic()
        sock.deadline = first + REQUEST_READ_SECONDS  # what the poller did not read must come by then
        try:
            return super().handle(conn)
        finally:
            sock.deadline = None

    def handle_error(self, req, client, addr, exc) -> None:
        captured = _CapturedError()
        super().handle_error(req, captured, addr, exc)  # logs, and writes the access-log line, as gunicorn does
        status_line = captured.data.split(b"\r\n", 1)[0].decode("latin-1").partition(" ")[2] or \
            "500 Internal Server Error"
        try:
            client.settimeout(2.0)
            client.sendall(error_page(status_line))
        except (OSError, AttributeError):
            self.log.debug("Failed to send error message.")


class _Server(BaseApplication):
    def __init__(self, application, options: dict):
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        settings = runpy.run_path(str(REPO_ROOT / "gunicorn.conf.py"))
        for key, value in [*settings.items(), *self.options.items()]:
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self):
        return self.application


def run(application, host: str, port: int, workers: int | None) -> None:
    print(f"Dashboard at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    _Server(application, {"bind": f"{host}:{port}", "workers": workers}).run()
