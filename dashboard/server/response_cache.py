"""Callback answers kept per worker: the same request on the same data gets the same bytes without running Dash.

Every callback here is a pure function of its request body and the data being served (the view state travels in
each request; nothing is per user), so an answer can be reused for as long as the data and the reload status it
was computed from are the ones served. A change of either empties the cache. Requests still pass sign-in, the
request checks (dashboard.server.guard) and the data-file check before the cache is asked, and the answer still gets its
compression and security headers. Answers are kept compressed, as sent (brotli or gzip, by what the browser takes),
so a hit costs no compression either. Bounded by entries and bytes, least recently used out first.
"""

from __future__ import annotations

import collections
import threading

import flask

from dashboard.server import compression
from dashboard.server.dash_compat import CALLBACK_ROUTE

MAX_BYTES = 16 * 1024 * 1024  # of compressed answers: thousands of filter changes
_KEPT_HEADERS = ("Content-Type", "Content-Encoding")


class ResponseCache:
    def __init__(self, max_entries: int, max_bytes: int = MAX_BYTES):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: collections.OrderedDict[bytes, tuple[int, bytes, dict]] = collections.OrderedDict()
        self._size = 0
        self._generation: tuple = ()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _check_generation(self, generation: tuple) -> None:
        if len(generation) != len(self._generation) or any(a is not b for a, b in zip(generation, self._generation)):
            self._entries.clear()
            self._size = 0
            self._generation = generation

    def get(self, generation: tuple, key: bytes) -> tuple[int, bytes, dict] | None:
        with self._lock:
            self._check_generation(generation)
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    def put(self, generation: tuple, key: bytes, status: int, body: bytes, headers: dict) -> None:
        cost = len(key) + len(body)
        if cost > self.max_bytes:
            return
        with self._lock:
            self._check_generation(generation)
            if key in self._entries:
                return
            self._entries[key] = (status, body, headers)
            self._size += cost
            while len(self._entries) > self.max_entries or self._size > self.max_bytes:
                old_key, (_status, old_body, _headers) = self._entries.popitem(last=False)
                self._size -= len(old_key) + len(old_body)

    def __len__(self) -> int:
        return len(self._entries)


def install(app, live, max_entries: int) -> ResponseCache | None:
    """Answer repeated callback requests from the cache; after sign-in, the request checks and the data check,
    which are installed first. None when max_entries is 0 (off)."""
    if max_entries <= 0:
        return None
    cache = ResponseCache(max_entries)
    server = app.server
    route = app.config.routes_pathname_prefix + CALLBACK_ROUTE

    def generation() -> tuple:
        return (live.dataset, live.reload_error)

    def cacheable() -> bool:
        return flask.request.path == route and flask.request.method == "POST"


    @server.before_request
    def answer_from_cache():
        if not cacheable():
            return None
        chosen, computed_from = compression.negotiate() or "", generation()
        key = chosen.encode() + b";" + flask.request.get_data(cache=True)
        found = cache.get(computed_from, key)
        if found is None:
            # What keep_answer needs: the data this answer is computed from, its key and its encoding.
            flask.g.response_cache_miss = (computed_from, key, chosen)
            return None
        status, body, headers = found
        response = flask.Response(body, status=status, headers=headers)
        response.vary.add("Accept-Encoding")
        return response

    @server.after_request
    def keep_answer(response: flask.Response) -> flask.Response:
        # after_request functions run last-registered first: this sees Dash's answer before flask-compress does.
        miss = flask.g.get("response_cache_miss")
        if (miss is None or response.status_code not in (200, 204) or response.direct_passthrough
                or "Content-Encoding" in response.headers):
            return response
        computed_from, key, chosen = miss
        if chosen and response.status_code == 200:
            response.set_data(compression.compress(response.get_data(), chosen, "answer"))
            compression.encoded(response, chosen)
        headers = {name: response.headers[name] for name in _KEPT_HEADERS if name in response.headers}
        cache.put(computed_from, key, response.status_code, response.get_data(), headers)
        return response

    return cache
