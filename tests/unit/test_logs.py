"""dashboard.server.logs: JSON lines, and repeated lines aggregated (RepeatFilter) on a clock the test drives."""

from __future__ import annotations

import json
import logging
import runpy
from pathlib import Path

import pytest

from dashboard.server import logs

REPO = Path(__file__).resolve().parents[2]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Captured(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def logged(request):
    """(logger, the lines its handler writes, the clock, the timers scheduled): a filter of 2 lines a minute."""
    clock, timers = Clock(), []
    handler = Captured()
    handler.addFilter(logs.RepeatFilter(interval=60, burst=2, clock=clock,
                                        schedule=lambda delay, function: timers.append((clock.now + delay, function))))
    logger = logging.getLogger(f"dashboard.test.{request.node.name}")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    yield logger, handler.lines, clock, timers
    logger.removeHandler(handler)


def run_due(clock: Clock, timers: list) -> None:
    for due, function in [t for t in timers if t[0] <= clock.now]:
        timers.remove((due, function))
        function()


def test_a_burst_of_one_line_is_written_twice_then_once_with_its_count(logged):
    logger, lines, clock, timers = logged
    for number in range(23450):  # the attack trial's refused exports, in 30 s
        clock.now = 1000.0 + number * 30 / 23450
        logger.warning("export %s refused: %s", "map.png", f"every render slot is taken ({number})")
    assert lines == ["export map.png refused: every render slot is taken (0)",
                     "export map.png refused: every render slot is taken (1)"]
    assert [due for due, _ in timers] == [1060.0]  # one timer for the interval, not one per line
    clock.now = 1059.9
    run_due(clock, timers)
    assert len(lines) == 2
    clock.now = 1060.0
    run_due(clock, timers)
    assert lines[2] == ("23448 more like this in 60 s, not written one by one; the last: export map.png refused: "
                        "every render slot is taken (23449)")
    clock.now = 1061.0
    logger.warning("export %s refused: %s", "map.svg", "again")
    assert lines[3:] == ["export map.svg refused: again"] and len(lines) == 4  # a new interval: written at once


def test_lines_of_other_messages_and_levels_are_counted_apart(logged):
    logger, lines, clock, timers = logged
    for _ in range(5):
        logger.warning("export %s refused: %s", "map.png", "busy")
        logger.info("closing a connection whose request was not received within %g s", 10)
        logger.error("export %s refused: %s", "map.png", "busy")
    assert len(lines) == 6 and len(timers) == 3
    clock.now += 60
    run_due(clock, timers)
    assert sorted(line.split(" more like")[0] for line in lines[6:]) == ["3", "3", "3"]


def test_an_interval_whose_timer_never_ran_is_counted_before_the_next_line(logged):
    logger, lines, clock, timers = logged
    for _ in range(4):
        logger.warning("slow client %s", "closed")
    timers.clear()  # the timer lost (a worker forked meanwhile, say)
    clock.now += 300
    logger.warning("slow client %s", "closed")
    assert lines == ["slow client closed", "slow client closed",
                     "2 more like this in 60 s, not written one by one; the last: slow client closed",
                     "slow client closed"]


def test_a_late_timer_never_counts_twice(logged):
    logger, lines, clock, timers = logged
    for _ in range(3):
        logger.warning("refused")
    clock.now += 61
    logger.warning("refused")  # a new interval starts before the old one's timer ran: its count is said now
    run_due(clock, timers)     # ... and the timer, late, says nothing more
    assert lines == ["refused", "refused", "1 more like this in 60 s, not written one by one; the last: refused",
                     "refused"]


def test_the_keys_remembered_are_bounded(logged):
    logger, lines, clock, timers = logged
    repeat = logs.RepeatFilter(max_keys=3, burst=1, clock=clock, schedule=lambda *_: None)
    for number in range(10):
        record = logging.LogRecord("x", logging.INFO, __file__, 1, f"message {number}", None, None)
        assert repeat.filter(record) is True
    assert len(repeat._windows) == 3


def test_gunicorns_configuration_puts_the_filter_on_the_servers_and_apps_messages():
    config = runpy.run_path(str(REPO / "gunicorn.conf.py"))["logconfig_dict"]
    options = dict(config["filters"]["repeats"])
    assert options.pop("()") == "dashboard.server.logs.RepeatFilter"
    made = logs.RepeatFilter(**options)
    assert (made.interval, made.burst) == (60.0, 10)
    assert config["handlers"]["error"]["filters"] == ["repeats"]  # gunicorn.error, dashboard and root write there
    assert "filters" not in config["handlers"]["access"]  # every request keeps its access-log line


def test_a_summary_line_is_one_json_object():
    record = logging.LogRecord("dashboard.exports", logging.WARNING, __file__, 1, logs.RepeatFilter.SUMMARY,
                               (3, 60.0, 'export "map.png" refused'), None)
    entry = json.loads(logs.JsonLogFormatter().format(record))
    assert entry["message"] == '3 more like this in 60 s, not written one by one; the last: export "map.png" refused'
