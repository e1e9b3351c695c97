"""Tests for dashboard.reload (live reload that never loses the last good data) and production serving:
`gunicorn dashboard.app:server` with the repository's gunicorn.conf.py, JSON logs, /healthz."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.core import load
from dashboard.core.live import LiveData, ReloadFailure
from dashboard.server import reload
from dashboard.server.app import create_app
from dashboard.settings import Settings
from dashboard.ui.banner import banner_children
from tests.support import DATA
from tests.support.callbacks import body_for, callback_key, make_app
from tests.support.rows import set_cell
from tests.support.server import free_port, sign_in, start_server, stop_server

REPO = Path(__file__).resolve().parents[2]
ENG = "engagements.csv"
NEW_TEXT = "Reloaded while running: Programa Siria, second edition."


# --- helpers: a copy of the real data, edited in place as a person would ------------------------------------------

def line_of(data_dir: Path, row_id: str) -> int:
    text = (data_dir / ENG).read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(row_id + ","))


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float = 1.5) -> None:
        self.now += seconds


def settle(reloader, clock) -> None:
    """Two looks a full interval apart: files that changed are loaded once the second look sees them unchanged."""
    for _ in range(2):
        clock.advance()
        reloader.on_request()


@pytest.fixture
def watched(data_dir):
    """Live data on the copy, its reloader on a clock the test moves."""
    live = LiveData(load.load(data_dir))
    clock = Clock()
    reloader = reload.Reloader(live, data_dir, interval=1, clock=clock)
    reloader.on_request()  # the files are those of the data served: nothing to load
    return live, reloader, clock


# --- the reloader -------------------------------------------------------------------------------------------------

def test_unchanged_files_are_not_reloaded(watched):
    live, reloader, clock = watched
    before = live.dataset
    for _ in range(3):
        clock.advance()
        reloader.on_request()
    assert live.dataset is before and live.reload_error is None


def test_a_valid_change_is_served_once_it_has_stayed_unchanged_for_an_interval(watched, data_dir):
    live, reloader, clock = watched
    before = live.dataset
    set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT)
    clock.advance(0.5)
    reloader.on_request()
    assert live.dataset is before  # throttled: at most one look per interval
    clock.advance(0.6)
    reloader.on_request()
    assert live.dataset is before  # seen changed once: it may still be being written
    clock.advance(0.6)
    reloader.on_request()
    assert live.dataset is before  # throttled again
    clock.advance(0.6)
    reloader.on_request()
    assert live.dataset is not before and live.dataset.version != before.version
    assert NEW_TEXT in set(live.dataset.engagements["description_en"])
    assert live.reload_error is None


def test_new_data_is_staged_by_a_check_and_served_from_the_next_request(watched, data_dir):
    live, reloader, clock = watched
    before = live.dataset
    set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT)
    clock.advance()
    reloader.check()
    clock.advance()
    reloader.check()  # as the watcher thread does, in the middle of some request
    assert live.dataset is before  # that request goes on with one version
    reloader.apply()  # the next request, before it starts
    assert NEW_TEXT in set(live.dataset.engagements["description_en"])


def test_an_idle_worker_keeps_up_and_keeps_the_same_last_good_data(data_dir):
    """Valid files, then broken ones, while a worker gets no request: its watcher loaded the valid ones, so it
    serves the same last good data as a busy worker would, not the older data it had before."""
    live = LiveData(load.load(data_dir))
    reloader = reload.Reloader(live, data_dir, interval=0.2, watch=True)
    reloader.on_request()  # the worker's first request starts its watcher
    set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT)

    def staged(what: int) -> None:  # the watcher, not a request, staged it (waited for: the machine may be busy)
        deadline = time.time() + 15
        while (reloader._staged is None or reloader._staged[what] is None) and time.time() < deadline:
            time.sleep(0.05)

    staged(0)
    set_cell(data_dir, "grsi-arg", "category", "grs")
    staged(1)
    reloader.on_request()
    assert NEW_TEXT in set(live.dataset.engagements["description_en"])
    assert "category 'grs'" in str(live.reload_error.errors[0])
    reloader.interval = 3600  # quiets the watcher for the rest of the session (the folder goes away)


def test_invalid_data_keeps_the_last_good_data_and_says_why(watched, data_dir):
    live, reloader, clock = watched
    good = live.dataset
    set_cell(data_dir, "grsi-arg", "category", "grs")
    set_cell(data_dir, "grsi-nzl", "iso3", "nzl")
    settle(reloader, clock)
    assert live.dataset is good
    failure = live.reload_error
    assert [str(p) for p in failure.errors] == [
        f"{ENG}:{line_of(data_dir, 'grsi-arg')}:3: category 'grs': Input should be 'mpdp', 'grsi' or 'forum' "
        "(expected one of mpdp, grsi, forum)",
        f"{ENG}:{line_of(data_dir, 'grsi-nzl')}:2: iso3 'nzl': String should match pattern '^[A-Z]{{3}}$' "
        "(expected three capital letters, ISO 3166-1 alpha-3, e.g. ARG)",
    ]
    assert failure.to_json()["errors"] == 2 and failure.to_json()["problems"][0].startswith(f"{ENG}:")
    settle(reloader, clock)  # the same broken files are not loaded again at every check
    assert live.reload_error is failure


def test_fixing_the_files_serves_them_and_clears_the_error(watched, data_dir):
    live, reloader, clock = watched
    set_cell(data_dir, "grsi-arg", "category", "grs")
    settle(reloader, clock)
    assert live.reload_error is not None
    set_cell(data_dir, "grsi-arg", "category", "grsi")
    set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT)
    settle(reloader, clock)
    assert live.reload_error is None and NEW_TEXT in set(live.dataset.engagements["description_en"])


def test_putting_the_old_files_back_clears_the_error_without_a_reload(watched, data_dir):
    live, reloader, clock = watched
    good = live.dataset
    original = (data_dir / ENG).read_bytes()
    set_cell(data_dir, "grsi-arg", "category", "grs")
    settle(reloader, clock)
    (data_dir / ENG).write_bytes(original)
    settle(reloader, clock)
    assert live.dataset is good and live.reload_error is None


def test_a_touched_file_is_not_reloaded(watched, data_dir):
    live, reloader, clock = watched
    good = live.dataset
    os.utime(data_dir / ENG, ns=(time.time_ns() + 5 * 10**9,) * 2)
    settle(reloader, clock)
    assert live.dataset is good and live.dataset.loaded_at == good.loaded_at


def test_a_missing_file_is_refused(watched, data_dir):
    live, reloader, clock = watched
    good = live.dataset
    (data_dir / "programs.csv").unlink()
    settle(reloader, clock)
    assert live.dataset is good
    problem = live.reload_error.errors[0]
    assert problem.file == "programs.csv" and problem.message.startswith("file is missing")


def test_a_file_changed_while_it_is_copied_is_copied_again(watched, data_dir, monkeypatch):
    live, reloader, clock = watched
    real_snapshot = reload.SharedState.snapshot
    calls = []

    def snapshot_during_a_save(state, path):
        calls.append(path)
        copy = real_snapshot(state, path)
        if len(calls) == 1:  # the person saves again while the first version is being copied
            set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT + " (final)")
        return copy

    monkeypatch.setattr(reload.SharedState, "snapshot", snapshot_during_a_save)
    good = live.dataset
    set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT)
    settle(reloader, clock)
    assert live.dataset is good  # what was copied may be half of a save: not loaded
    settle(reloader, clock)
    assert len(calls) == 2
    assert NEW_TEXT + " (final)" in set(live.dataset.engagements["description_en"])


def test_an_unexpected_error_while_loading_keeps_the_good_data(watched, data_dir, monkeypatch):
    live, reloader, clock = watched
    good = live.dataset

    def broken_load(_path):
        raise OSError("disk went away")

    monkeypatch.setattr(load, "load", broken_load)
    set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT)
    settle(reloader, clock)
    assert live.dataset is good
    assert "could not be read: OSError" in str(live.reload_error.errors[0])


def test_interval_zero_turns_live_reload_off(data_dir):
    live = LiveData(load.load(data_dir))
    clock = Clock()
    reloader = reload.Reloader(live, data_dir, interval=0, clock=clock)
    set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT)
    clock.advance(100)
    reloader.on_request()
    assert NEW_TEXT not in set(live.dataset.engagements["description_en"])


# --- the banner ---------------------------------------------------------------------------------------------------

def failure_with(count: int) -> ReloadFailure:
    import datetime as dt

    from dashboard.core.problems import Problem

    problems = tuple(Problem(ENG, line, 2, f"problem {line} (expected something)") for line in range(2, 2 + count))
    return ReloadFailure(problems, dt.datetime(2026, 3, 4, 15, 6, tzinfo=dt.timezone.utc))


def text_of(component) -> str:
    if isinstance(component, (list, tuple)):
        return " ".join(text_of(c) for c in component)
    if isinstance(component, str):
        return component
    return text_of(getattr(component, "children", None) or "")


def test_no_banner_when_all_is_well():
    import datetime as dt

    assert banner_children(None, dt.datetime.now(dt.timezone.utc), "en") == []


def test_banner_names_the_first_problems_and_the_time_of_the_good_data():
    import datetime as dt

    good = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone.utc)
    english = text_of(banner_children(failure_with(5), good, "en"))
    assert "still shows the last good data, loaded March 1, 2026, at 9:30 a.m. (UTC)." in english  # as Canada.ca
    assert f"{ENG}:2:2: problem 2 (expected something)" in english
    assert f"{ENG}:4:2: problem 4" in english and f"{ENG}:5:2" not in english
    assert "… and 2 more (python -m dashboard check lists them all)." in english
    french = text_of(banner_children(failure_with(4), good, "fr"))
    assert "dernières données valides, chargées le 1er mars 2026 à 9 h 30 (UTC)." in french
    assert "… et 1 autre (python" in french


def test_banner_text_is_text():
    """A problem quotes the bad cell; the banner builds components from strings, never HTML."""
    import datetime as dt

    from dashboard.core.problems import Problem

    failure = ReloadFailure((Problem(ENG, 2, 10, "description_en '<script>alert(1)</script>'"),),
                                   dt.datetime.now(dt.timezone.utc))
    children = banner_children(failure, dt.datetime.now(dt.timezone.utc), "en")
    item = children[1].children[0]
    assert item.children.children == f"{ENG}:2:10: description_en '<script>alert(1)</script>'"
    assert "dangerously_allow_html" not in str(children)


def test_banner_callback_follows_the_live_data(data_dir):
    app = create_app(Settings(data_dir=str(data_dir), reload_interval=1))
    client = app.server.test_client()
    key = callback_key(app, "data-banner-poll", "n_intervals")

    def banner(lang="en"):
        response = client.post("/_dash-update-component", json=body_for(app, key, [1], [{"lang": lang}]))
        assert response.status_code == 200
        return response.json["response"]["data-banner"]

    assert banner() == {"children": [], "hidden": True}
    set_cell(data_dir, "grsi-arg", "category", "grs")
    deadline = time.time() + 10
    while (shown := banner("fr"))["hidden"] and time.time() < deadline:
        time.sleep(0.2)  # within a second or so: the next look at the files, then the next request
    assert shown["hidden"] is False
    assert "Premiers problèmes" in json.dumps(shown, ensure_ascii=False)
    assert f"{ENG}:{line_of(data_dir, 'grsi-arg')}:3: category 'grs'" in json.dumps(shown)
    health = client.get("/healthz").json  # sign-in is off: no one is signed in, the problems stay in the banner and log
    assert health == {"status": "ok", "data_version": load.load(DATA).version, "reload_refused": True}


def test_the_banner_is_in_the_first_layout():
    app = make_app()
    layout = app.layout_for("?country=ARG").decode()
    assert '"data-banner"' in layout and '"data-banner-poll"' in layout


# --- the real server: gunicorn dashboard.app:server, two workers, files changed under it ---------------------------

def start_gunicorn(data_dir: Path, workers: int = 2, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    return start_server(data_dir, workers, gunicorn_direct=True, env=env)


def stop(process: subprocess.Popen) -> str:
    return stop_server(process)


def get_json(url: str, headers: dict | None = None) -> dict:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
        return json.load(response)


def post_json(url: str, body: dict, headers: dict | None = None) -> dict:
    request = urllib.request.Request(url + "/_dash-update-component", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_gunicorn_serves_the_app_and_follows_the_data_files(data_dir, tmp_path):
    app = make_app()  # the same code as the server's: the same callback keys
    render = callback_key(app, "url-search", "data")
    banner = callback_key(app, "data-banner-poll", "n_intervals")
    env, signed_in = sign_in(tmp_path)  # /healthz names the worker and the problems to a signed-in user only

    def argentina(url: str) -> str:
        return json.dumps(post_json(url, body_for(app, render, ["?country=ARG"]), signed_in))

    def banner_text(url: str) -> dict:
        return post_json(url, body_for(app, banner), signed_in)["response"]["data-banner"]

    def every_answer(url: str, agreed) -> list[dict]:
        """Answers from both workers once they agree: each worker looks at the files every second, busy or idle."""
        deadline = time.time() + 20
        while True:
            time.sleep(0.5)
            answers = [get_json(url + "/healthz", signed_in) for _ in range(12)]
            both = len({a["worker"] for a in answers}) == 2
            if (both and agreed(answers)) or time.time() > deadline:
                return answers

    process, url = start_gunicorn(data_dir, env=env)
    try:
        first = get_json(url + "/healthz", signed_in)
        assert first["status"] == "ok" and first["reload_error"] is None and first["engagements"] == 49  # the fixture's
        assert NEW_TEXT not in argentina(url)

        set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT)
        answers = every_answer(url, lambda a: {x["data_version"] for x in a} - {first["data_version"]} and
                               len({x["data_version"] for x in a}) == 1)
        second = answers[0]["data_version"]
        assert second != first["data_version"]
        assert {a["data_version"] for a in answers} == {second} and all(a["reload_error"] is None for a in answers)
        assert NEW_TEXT in argentina(url)

        set_cell(data_dir, "grsi-arg", "category", "grs")
        answers = every_answer(url, lambda a: all(x["reload_error"] for x in a))
        assert {a["data_version"] for a in answers} == {second}  # the last good data, in every worker
        assert all(a["reload_error"]["problems"][0].startswith(f"{ENG}:{line_of(data_dir, 'grsi-arg')}:3: ")
                   for a in answers)
        anonymous = get_json(url + "/healthz")  # a load balancer's view: the refusal, never its problems
        assert anonymous == {"status": "ok", "data_version": second, "reload_refused": True}
        assert NEW_TEXT in argentina(url)
        # /healthz answers may all have come from one worker: give the other its next look (about a second).
        deadline = time.time() + 10
        while (shown := banner_text(url))["hidden"] is True and time.time() < deadline:
            time.sleep(0.5)
        assert shown["hidden"] is False and "category 'grs'" in json.dumps(shown)

        set_cell(data_dir, "grsi-arg", "category", "grsi")
        set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT + " Fixed.")
        answers = every_answer(url, lambda a: not any(x["reload_error"] for x in a) and
                               {x["data_version"] for x in a} - {second})
        assert len({a["data_version"] for a in answers}) == 1 and answers[0]["data_version"] != second
        assert all(a["reload_error"] is None for a in answers)
        assert NEW_TEXT + " Fixed." in argentina(url)
        # Two saves in a row: a worker may catch the file half-written, refuse it, and recover at its next look a
        # second later (the last good data is served throughout); the banner goes once every worker has recovered.
        deadline = time.time() + 10
        while (shown := banner_text(url))["hidden"] is False and time.time() < deadline:
            time.sleep(0.5)
        assert shown == {"children": [], "hidden": True}

        # A hostile request line cannot forge a field of the JSON access log.
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=5) as sock:
            sock.sendall(b'GET /?a="b","status":999 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n'
                         b"Authorization: " + signed_in["Authorization"].encode() + b"\r\n\r\n")
            sock.recv(100)
    finally:
        log = stop(process)
    assert "Traceback" not in log, log
    lines = [line for line in log.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # structured: every line one JSON object
    access = [e for e in entries if "request" in e]
    assert any(e["request"] == "GET /healthz HTTP/1.1" and e["status"] == 200 for e in access)
    assert any(e["request"] == 'GET /?a="b","status":999 HTTP/1.1' and e["status"] == 200 for e in access)
    assert not any(e.get("status") == 999 for e in access)
    messages = [e for e in entries if "message" in e]
    assert any(e["logger"] == "dashboard.reload" and e["level"] == "warning" and "refused" in e["message"]
               for e in messages)
    assert any(e["logger"] == "dashboard.reload" and "reloaded" in e["message"] for e in messages)


def test_gunicorn_on_invalid_data_stops_with_the_problems(data_dir):
    set_cell(data_dir, "grsi-arg", "category", "grs")
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_BIND": f"127.0.0.1:{free_port()}",
           "DASHBOARD_WORKERS": "1"}
    result = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "dashboard.app:server"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{ENG}:{line_of(data_dir, 'grsi-arg')}:3: category 'grs'" in output
    assert "Traceback" not in output


# --- workers that agree: the shared state folder -------------------------------------------------------

def two_workers(data_dir, tmp_path):
    """Two reloaders on one state folder, as two workers of one start; each on its own clock."""
    state = reload.SharedState(tmp_path / "state")
    start = load.load(data_dir)
    workers = []
    for _ in range(2):
        live = LiveData(start)
        clock = Clock()
        workers.append((live, reload.Reloader(live, data_dir, interval=1, clock=clock, state=state), clock))
    return state, start, workers


def test_a_forked_worker_adopts_the_last_good_data_and_the_refusal(data_dir, tmp_path):
    state, start, [(live, reloader, clock), _] = two_workers(data_dir, tmp_path)
    set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT)
    settle(reloader, clock)
    good = live.dataset
    set_cell(data_dir, "grsi-arg", "category", "grs")
    settle(reloader, clock)
    assert live.dataset is good and live.reload_error is not None

    # A worker forked from the master now: it starts with the start-up data, as gunicorn's fork gives it.
    newcomer = LiveData(start)
    forked = reload.Reloader(newcomer, data_dir, interval=1, clock=Clock(), state=state)
    forked._pid = -1  # as if this process were a fork of the one that made it
    forked.after_fork()
    assert newcomer.dataset.version == good.version and newcomer.dataset.loaded_at == good.loaded_at
    assert NEW_TEXT in set(newcomer.dataset.engagements["description_en"])
    assert newcomer.reload_error == live.reload_error  # the same problems, the same time


def test_a_worker_that_missed_a_good_version_adopts_it_when_it_refuses_the_next(data_dir, tmp_path):
    state, start, [(live1, one, clock1), (live2, two, clock2)] = two_workers(data_dir, tmp_path)
    set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT)
    settle(one, clock1)  # worker two was busy, or its look fell between the saves
    set_cell(data_dir, "grsi-arg", "category", "grs")
    settle(one, clock1)
    settle(two, clock2)
    assert live2.dataset.version == live1.dataset.version != start.version
    assert live2.dataset.loaded_at == live1.dataset.loaded_at
    assert live2.reload_error == live1.reload_error


def test_workers_that_load_the_same_files_give_the_same_load_time(data_dir, tmp_path):
    _, _, [(live1, one, clock1), (live2, two, clock2)] = two_workers(data_dir, tmp_path)
    set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT)
    settle(one, clock1)
    time.sleep(0.01)
    settle(two, clock2)
    assert live1.dataset is not live2.dataset and live1.dataset.version == live2.dataset.version
    assert live1.dataset.loaded_at == live2.dataset.loaded_at  # the banner says the same time in every worker


def test_a_refused_missing_file_names_no_server_path(watched, data_dir):
    live, reloader, clock = watched
    (data_dir / "countries.geojson").unlink()
    (data_dir / "programs.csv").unlink()
    settle(reloader, clock)
    shown = json.dumps(live.reload_error.to_json()) + text_of(
        banner_children(live.reload_error, live.dataset.loaded_at, "en"))
    assert "programs.csv:1:1: file is missing (expected programs.csv in the data folder)" in shown
    assert "countries.geojson:1:1: file is missing" in shown
    assert str(data_dir) not in shown and "/tmp" not in shown and "incoming-" not in shown


def test_a_file_still_being_written_is_not_loaded(watched, data_dir):
    """Every look sees the file changed again (a slow writer): nothing is loaded, no banner, until it settles."""
    live, reloader, clock = watched
    good = live.dataset
    final = (data_dir / ENG).read_bytes()
    with open(data_dir / ENG, "wb") as handle:
        for start in range(0, len(final), 4096):
            handle.write(final[start:start + 4096])
            handle.flush()
            os.utime(data_dir / ENG, ns=(time.time_ns() + start,) * 2)  # a new mtime at every chunk
            clock.advance()
            reloader.on_request()
            assert live.dataset is good and live.reload_error is None
    set_cell(data_dir, "grsi-arg", "description_en", NEW_TEXT)
    settle(reloader, clock)
    assert NEW_TEXT in set(live.dataset.engagements["description_en"]) and live.reload_error is None
