"""Property-based fuzzing of the callback route: over 1,000 malformed requests, never a 5xx, never a traceback.

Three families, each a hypothesis property run through Flask's test client on the real app (real data):
random JSON of any shape, real renderer bodies with one to three mutations (wrong shapes and types, unknown ids
and properties, huge strings, unknown countries, script text, lists for dicts, missing keys), and bytes that are
not JSON at all. Each family counts the requests it really sent, so the total is checked, not assumed.
"""

from __future__ import annotations

import json
import logging
import traceback

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.callbacks import ROUTE, body_for, make_app, server_callbacks

APP = make_app()
CLIENT = APP.server.test_client()
KEYS = server_callbacks(APP)
SENT: list[int] = []
# Huge strings are the point of some examples; hypothesis warns that printing them would be long.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
FUZZ = settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))

HOSTILE_TEXT = st.sampled_from([
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "ZZZ", "XKX", "arg",
    "' OR 1=1 --", "=HYPERLINK(\"http://example.invalid\")", "\u0000", "\ud800", "..", "../../etc/passwd",
    "?country=<svg/onload=alert(1)>", "{{7*7}}", "%s%s%s", "__proto__", "constructor",
])
HUGE_TEXT = st.integers(min_value=1000, max_value=60000).map(lambda n: "A" * n)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30), HOSTILE_TEXT)
JSON = st.recursive(SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=5), st.dictionaries(st.one_of(st.text(max_size=10), HOSTILE_TEXT), children,
                                                    max_size=5)), max_leaves=20)
VALUE = st.one_of(JSON, HUGE_TEXT, st.lists(HOSTILE_TEXT, max_size=4),
                  st.fixed_dictionaries({"points": st.lists(st.dictionaries(
                      st.sampled_from(["location", "customdata", "pointIndex", "z"]), JSON, max_size=3), max_size=3)}))


def send(data: bytes, content_type: str = "application/json"):
    response = CLIENT.post(ROUTE, data=data, content_type=content_type)
    SENT.append(response.status_code)
    assert response.status_code < 500, (response.status_code, data[:300], response.data[:300])
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text, text[:300]
    return response


def send_json(body: object):
    return send(json.dumps(body).encode())


# --- mutations of real bodies --------------------------------------------------------------------------------------

def _items(body: dict, key: str) -> list[dict] | None:
    """Copies of the body's inputs or state, or None when an earlier mutation left them unusable."""
    items = body.get(key)
    if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
        return None
    return [dict(item) for item in items]


def _set_item(body: dict, key: str, index: int, field: str, value: object) -> dict:
    items = _items(body, key) or _items(body, "inputs")
    if items is None:
        return {**body, key: value}
    items[index % len(items)][field] = value
    return {**body, key if _items(body, key) else "inputs": items}


MUTATION = st.one_of(
    st.tuples(st.just("set-top"), st.sampled_from(["output", "outputs", "inputs", "state", "changedPropIds"]), VALUE),
    st.tuples(st.just("drop-top"), st.sampled_from(["output", "outputs", "inputs", "state", "changedPropIds"]),
              st.none()),
    st.tuples(st.just("input-value"), st.integers(0, 10), VALUE),
    st.tuples(st.just("state-value"), st.integers(0, 10), VALUE),
    st.tuples(st.just("input-id"), st.integers(0, 10), st.one_of(HOSTILE_TEXT, JSON)),
    st.tuples(st.just("input-property"), st.integers(0, 10), st.one_of(HOSTILE_TEXT, JSON)),
    st.tuples(st.just("wrap-in-list"), st.none(), st.none()),
    st.tuples(st.just("inputs-to-dict"), st.none(), st.none()),
    st.tuples(st.just("output-of-another"), st.sampled_from(KEYS), st.none()),
)


def mutate(body: object, mutation: tuple) -> object:
    kind, where, value = mutation
    if not isinstance(body, dict):
        return body  # already wrapped in a list: more mutations would not make it more malformed
    if kind == "set-top":
        return {**body, where: value}
    if kind == "drop-top":
        return {k: v for k, v in body.items() if k != where}
    if kind == "input-value":
        return _set_item(body, "inputs", where, "value", value)
    if kind == "state-value":
        return _set_item(body, "state", where, "value", value)
    if kind in ("input-id", "input-property"):
        return _set_item(body, "inputs", where, kind.removeprefix("input-"), value)
    if kind == "wrap-in-list":
        return [body]
    if kind == "inputs-to-dict":
        items = _items(body, "inputs") or []
        return {**body, "inputs": {str(item.get("id")): item.get("value") for item in items}}
    return {**body, "output": where}


@settings(FUZZ, max_examples=600)
@given(key=st.sampled_from(KEYS), mutations=st.lists(MUTATION, min_size=1, max_size=3))
def _fuzz_mutated_bodies(key, mutations):
    body: object = body_for(APP, key)
    for mutation in mutations:
        body = mutate(body, mutation)
    send_json(body)


@settings(FUZZ, max_examples=300)
@given(body=st.one_of(JSON, st.dictionaries(st.sampled_from(["output", "outputs", "inputs", "state",
                                                              "changedPropIds", "parsedChangedPropsIds"]), JSON)))
def _fuzz_any_json(body):
    send_json(body)


@settings(FUZZ, max_examples=150)
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
       content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded",
                                     "multipart/form-data; boundary=x", "application/json; charset=latin-1"]))
def _fuzz_raw_bytes(raw, content_type):
    send(raw, content_type)


class Escaped(logging.Handler):
    """Exceptions that got past the checks, as dashboard.guard logs them (the answer was still a 422)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def run(prop, at_least: int) -> None:
    before = len(SENT)
    escaped = Escaped()
    logging.getLogger("dashboard.guard").addHandler(escaped)
    try:
        prop()
    finally:
        logging.getLogger("dashboard.guard").removeHandler(escaped)
    assert len(SENT) - before >= at_least, len(SENT) - before
    # The checks themselves never fail on what they check.
    for record in escaped.records:
        frames = traceback.extract_tb(record.exc_info[2]) if record.exc_info else []
        assert not any(frame.filename.endswith("dashboard/guard.py") for frame in frames), \
            "".join(traceback.format_exception(*record.exc_info))


def test_mutated_renderer_bodies_never_5xx():
    run(_fuzz_mutated_bodies, 550)


def test_any_json_body_never_5xx():
    run(_fuzz_any_json, 280)


def test_raw_bytes_never_5xx():
    run(_fuzz_raw_bytes, 140)


def test_over_a_thousand_malformed_requests_were_sent():
    # Runs after the three above (file order); alone it sends its own.
    if len(SENT) < 1000:
        run(_fuzz_mutated_bodies, 0)
        run(_fuzz_any_json, 0)
        run(_fuzz_raw_bytes, 0)
    assert len(SENT) >= 1000, len(SENT)
    assert max(SENT) < 500
    # The fuzz reached past the guard too: some requests were well-formed enough for a callback to answer.
    assert any(status in (200, 204) for status in SENT) and any(400 <= status < 500 for status in SENT)
