"""The numbers docs/exports.md states for the export renders (*Bounded*) are the code's: slots, waits, time limit,
Retry-After and the cache (dashboard/server/exports.py). Kept apart from test_exports.py, which tests the routes."""

from __future__ import annotations

import ast
import inspect
import re

import pytest

from dashboard.server import exports
from tests.support import REPO


@pytest.fixture(scope="module")
def bounded() -> str:
    """The *Bounded* section of docs/exports.md, whitespace made single spaces."""
    page = (REPO / "docs" / "exports.md").read_text(encoding="utf-8")
    found = re.search(r"^## Bounded\n(.*?)(?=^## )", page, re.S | re.M)
    assert found, "docs/exports.md has no Bounded section"
    return " ".join(found.group(1).split())


def stated(text: str, pattern: str) -> tuple[str, ...]:
    found = re.search(pattern, text)
    assert found, f"docs/exports.md's Bounded section no longer states /{pattern}/: say the number there again"
    return found.groups()


def test_the_time_limit_the_wait_and_retry_after_are_the_docs(bounded):
    (limit,) = stated(bounded, r"A render runs in a thread with a (\d+(?:\.\d+)?) s limit")
    (wait,) = stated(bounded, r"one more request may wait (\d+(?:\.\d+)?) s for a free slot")
    (retry_after,) = stated(bounded, r"`503` with `Retry-After: (\d+)`")
    assert (float(limit), float(wait), int(retry_after)) == (exports.RENDER_TIME_LIMIT, exports.RENDER_WAIT,
                                                             exports.RETRY_AFTER)
    assert exports.busy_response().headers["Retry-After"] == str(exports.RETRY_AFTER)


def test_the_cache_is_the_docs(bounded):
    entries, megabytes = stated(bounded, r"Each worker keeps up to (\d+) renders \((\d+) MB\)")
    assert int(entries) == exports.CACHE_ENTRIES
    assert int(megabytes) * 1024 * 1024 == exports.CACHE_BYTES


def renders_at_once(cores: int | None) -> int:
    """RENDERS_AT_ONCE as exports.py computes it, on a machine with `cores` cores (its expression evaluated again
    with another os.cpu_count, so the module is not reloaded)."""
    tree = ast.parse(inspect.getsource(exports))
    (expression,) = [node.value for node in tree.body if isinstance(node, ast.Assign)
                     and [getattr(target, "id", None) for target in node.targets] == ["RENDERS_AT_ONCE"]]

    class FakeOs:
        @staticmethod
        def cpu_count():
            return cores

    return eval(compile(ast.Expression(expression), "exports.py", "eval"), {"os": FakeOs, "max": max, "min": min})


def test_the_slots_are_the_docs_one_per_core_but_one_and_at_least_one(bounded):
    assert "at most one export per core but one, and at least one, at once (`RENDERS_AT_ONCE`" in bounded
    for cores in (1, 2, 3, 4, 8, 64):
        assert renders_at_once(cores) == max(1, cores - 1), cores
    assert renders_at_once(None) >= 1  # a machine that does not say how many cores it has still renders
    assert exports.RenderGate.__init__.__defaults__[0] == exports.RENDERS_AT_ONCE
    assert exports.RenderGate.__init__.__defaults__[1:] == (exports.RENDER_WAIT, exports.RENDER_TIME_LIMIT, None)
