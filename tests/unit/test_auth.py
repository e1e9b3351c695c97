"""Tests for dashboard.auth: off by default; with a users file, 401 without credentials and 200 with them."""

from __future__ import annotations

import base64
import io
import subprocess
import sys
from pathlib import Path

import pytest
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.server import auth
from dashboard.server.app import create_app
from dashboard.settings import Settings, from_env
from tests.support import DATA
from tests.support.callbacks import body_for, callback_key, make_app

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


def basic(user: str, password: str) -> dict:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture(scope="module")
def users_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("auth") / "users.txt"
    # Cheaper scrypt parameters than werkzeug's default (every sign-in here computes one): alice's are the most
    # common, so an unknown name is hashed with them too; bob's are another set.
    path.write_text(f"# dashboard users\n\nalice:{generate_password_hash(PASSWORD, method='scrypt:4096:8:1')}\n"
                    f"bob:{generate_password_hash('another password', method='scrypt:2048:8:1')}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def app(users_file):
    return create_app(Settings(data_dir=str(DATA), reload_interval=0, auth_file=str(users_file)))


@pytest.fixture()
def client(app):
    app.server.auth.limiter = auth.FailureLimiter()  # each test starts with no failures counted
    app.server.auth._verified.clear()
    return app.server.test_client()


# --- off by default ---------------------------------------------------------------------------------------------

def test_off_by_default():
    assert Settings().auth_file == "" and from_env({}).auth_file == ""
    open_app = make_app()
    assert open_app.server.test_client().get("/").status_code == 200


def test_turned_on_by_the_environment(users_file):
    assert from_env({"DASHBOARD_AUTH_FILE": str(users_file)}).auth_file == str(users_file)


# --- with a users file ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/?lang=fr&country=ARG", "/_dash-layout", "/_dash-dependencies",
                                  "/assets/style.css", "/data/countries.geojson", "/data/countries.packed.json",
                                  "/_favicon.ico"])
def test_every_route_asks_for_credentials(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Basic realm="Dashboard / Tableau de bord", charset="UTF-8"'
    assert "Content-Security-Policy" in response.headers and response.headers["X-Frame-Options"] == "DENY"
    assert client.get(path, headers=basic("alice", PASSWORD)).status_code == 200


def test_callbacks_ask_for_credentials_before_anything_else(app, client):
    body = body_for(app, callback_key(app, "url-search", "data"), ["?country=ARG"])
    assert client.post("/_dash-update-component", json=body).status_code == 401
    assert client.post("/_dash-update-component", data=b"not json", content_type="application/json").status_code == 401
    response = client.post("/_dash-update-component", json=body, headers=basic("alice", PASSWORD))
    assert response.status_code == 200 and "Programa Siria" in response.get_data(as_text=True)


def test_healthz_stays_open_for_load_balancers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["status"] == "ok"


@pytest.mark.parametrize("headers", [
    basic("alice", "wrong password"),
    basic("mallory", PASSWORD),
    basic("alice", ""),
    basic("", PASSWORD),
    {"Authorization": "Bearer abc"},
    {"Authorization": "Basic !!!not-base64"},
    {"Authorization": "Basic " + base64.b64encode(b"no colon").decode()},
], ids=["wrong-password", "unknown-user", "empty-password", "empty-user", "bearer", "garbage", "no-colon"])
def test_wrong_credentials_are_401(client, headers):
    response = client.get("/", headers=headers)
    assert response.status_code == 401
    assert "Traceback" not in response.get_data(as_text=True)


def test_scrypt_hashes_of_other_parameters_work(client):
    assert client.get("/", headers=basic("bob", "another password")).status_code == 200


def test_a_verified_password_is_hashed_once_then_remembered(app, client, monkeypatch):
    calls = []
    real = auth.check_password_hash
    monkeypatch.setattr(auth, "check_password_hash", lambda *args: calls.append(1) or real(*args))
    monkeypatch.setattr(app.server.auth, "shared", auth.SharedDigests())  # no worker has verified it yet
    headers = basic("alice", PASSWORD + "!")  # a wrong one first: never remembered
    assert client.get("/", headers=headers).status_code == 401
    assert client.get("/", headers=headers).status_code == 401
    assert len(calls) == 2
    calls.clear()
    for _ in range(3):  # routes that ask for credentials (not /healthz, open to all)
        assert client.get("/_dash-layout", headers=basic("alice", PASSWORD)).status_code == 200
        assert client.get("/", headers=basic("alice", PASSWORD)).status_code == 200
    assert len(calls) == 1


# --- the users file ---------------------------------------------------------------------------------------------

def read_problems(tmp_path: Path, text: str | None) -> list[str]:
    path = tmp_path / "users.txt"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(auth.AuthFileError) as caught:
        auth.read_users(path)
    return [str(p) for p in caught.value.problems]


def test_users_file_problems_are_located_and_explained(tmp_path):
    good = generate_password_hash("x" * 10)
    text = f"alice:{good}\nbob:plaintext-password\njust a line\n\nalice:{good}\n:{good}\nc d:{good}\n"
    name = str(tmp_path / "users.txt")
    assert read_problems(tmp_path, text) == [
        f"{name}:2:5: the password of 'bob' is not a hash (expected scrypt:N:r:p$salt$hash, as python -m "
        "dashboard.server.auth writes)",
        f"{name}:3:1: not a user:password-hash line (expected a user name without spaces, a colon, then the hash)",
        f"{name}:5:1: user 'alice' is listed twice (expected each user once)",
        f"{name}:6:1: not a user:password-hash line (expected a user name without spaces, a colon, then the hash)",
        f"{name}:7:1: not a user:password-hash line (expected a user name without spaces, a colon, then the hash)",
    ]


def test_users_file_without_users_or_missing(tmp_path):
    name = str(tmp_path / "users.txt")
    assert read_problems(tmp_path, "# nobody yet\n") == [
        f"{name}:1:1: no users (expected at least one user:password-hash line)"]
    (tmp_path / "users.txt").unlink()
    assert read_problems(tmp_path, None) == [
        f"{name}:0:0: file is missing (expected user:password-hash lines; python -m dashboard.server.auth USER writes one)"]


def test_a_bad_users_file_stops_the_start_with_its_problems(tmp_path, capsys):
    (tmp_path / "users.txt").write_text("alice:secret\n", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        create_app(Settings(data_dir=str(DATA), reload_interval=0, auth_file=str(tmp_path / "users.txt")))
    assert caught.value.code == 3
    err = capsys.readouterr().err
    assert f"{tmp_path / 'users.txt'}:1:7: the password of 'alice' is not a hash (expected scrypt:N:r:p$salt$hash" in err
    assert "Traceback" not in err


def test_the_command_writes_a_users_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "dashboard.server.auth", "carol"], input=PASSWORD + "\n",
                            capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    user, _, password_hash = result.stdout.strip().partition(":")
    assert user == "carol" and check_password_hash(password_hash, PASSWORD)
    (tmp_path / "users.txt").write_text(result.stdout, encoding="utf-8")
    assert list(auth.read_users(tmp_path / "users.txt")) == ["carol"]


@pytest.mark.parametrize("args, password, says", [(["carol"], "short", "Password too short"),
                                                 (["a:b"], PASSWORD, "usage:"), ([], PASSWORD, "usage:")])
def test_the_command_refuses_bad_input(args, password, says, monkeypatch, capsys):
    """In this process (the command's own process is the test above): no line is printed, the reason is."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    assert auth.main(args) != 0
    out, err = capsys.readouterr()
    assert out == "" and says in err


# --- hardening: only scrypt, malformed headers, failed sign-ins limited, every name the same time ------

@pytest.mark.parametrize("line, what", [
    (f"carol:{generate_password_hash(PASSWORD, method='pbkdf2')}", "is not an scrypt hash in werkzeug's form"),
    ("carol:scrypt:32768:8:1$salt$not-hex", "is not an scrypt hash in werkzeug's form"),
    ("carol:scrypt:32768:8:1$" + "a" * 128, "is not an scrypt hash in werkzeug's form"),
    ("carol:scrypt:x:8:1$salt$" + "a" * 128, "is not an scrypt hash in werkzeug's form"),
    ("carol:scrypt:32768:8:1$salt$" + "a" * 127, "is not an scrypt hash in werkzeug's form"),
], ids=["pbkdf2", "not-hex", "no-salt", "bad-parameter", "short"])
def test_users_file_hashes_are_checked_at_start(tmp_path, line, what):
    """A hash werkzeug would only fail on at the first sign-in, or a scheme that answers in another time than
    the scrypt of an unknown name, stops the start with the line and column."""
    name = str(tmp_path / "users.txt")
    assert read_problems(tmp_path, f"alice:{generate_password_hash(PASSWORD)}\n{line}\n") == [
        f"{name}:2:7: the password of 'carol' {what} (expected scrypt:N:r:p$salt$hash, as python -m "
        "dashboard.server.auth writes)"]


def test_an_unknown_name_costs_the_same_hash_as_a_known_one(app, client, monkeypatch):
    methods = []
    real = auth.check_password_hash
    monkeypatch.setattr(auth, "check_password_hash",
                        lambda pwhash, password: methods.append(pwhash.partition("$")[0]) or real(pwhash, password))
    assert client.get("/", headers=basic("alice", "wrong password")).status_code == 401
    assert client.get("/", headers=basic("nobody-by-that-name", "wrong password")).status_code == 401
    assert methods[0] == methods[1] == app.server.auth.users["alice"].partition("$")[0]


@pytest.mark.parametrize("value", ["Basic \u00e9\u00e9\u00e9", "Basic w6k6w6k=\u00ff", "B\u00e2sic abc", "Basic " + "\u00e9" * 3000],
                         ids=["accents", "base64-then-latin1", "scheme", "long"])
def test_non_ascii_authorization_is_401_not_an_error(client, value):
    response = client.get("/", headers={"Authorization": value})
    assert response.status_code == 401 and "Traceback" not in response.get_data(as_text=True)


def test_non_ascii_authorization_without_sign_in_is_ignored():
    open_app = make_app()
    response = open_app.server.test_client().get("/healthz", headers={"Authorization": "Basic \u00e9\u00e9"})
    assert response.status_code == 200


def counting_hashes(monkeypatch) -> list:
    calls = []
    real = auth.check_password_hash
    monkeypatch.setattr(auth, "check_password_hash", lambda *args: calls.append(1) or real(*args))
    return calls


def test_failed_sign_ins_for_a_name_are_answered_429_without_hashing(client, monkeypatch):
    calls = counting_hashes(monkeypatch)
    statuses = [client.get("/", headers=basic("alice", f"guess {i}"),
                           environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code for i in range(25)]
    assert statuses == [401] * auth.FAILURE_BURST + [429] * (25 - auth.FAILURE_BURST)
    assert len(calls) == auth.FAILURE_BURST  # once limited, no hash is computed
    limited = client.get("/", headers=basic("alice", "guess"), environ_base={"REMOTE_ADDR": "10.0.1.1"})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert limited.headers["Cache-Control"] == "no-store" and "Content-Security-Policy" in limited.headers


def test_failed_sign_ins_from_a_client_are_limited_whatever_the_name(client, monkeypatch):
    calls = counting_hashes(monkeypatch)
    statuses = [client.get("/", headers=basic(f"user{i}", "guess"), environ_base={"REMOTE_ADDR": "10.9.9.9"}
                           ).status_code for i in range(20)]
    assert statuses == [401] * auth.FAILURE_BURST + [429] * (20 - auth.FAILURE_BURST)
    assert len(calls) == auth.FAILURE_BURST
    other = client.get("/", headers=basic("bob", "another password"), environ_base={"REMOTE_ADDR": "10.9.9.8"})
    assert other.status_code == 200  # another client, another name: not limited


def test_a_signed_in_user_keeps_working_while_their_name_is_under_attack(client, monkeypatch):
    assert client.get("/", headers=basic("alice", PASSWORD)).status_code == 200  # signed in before the attack
    calls = counting_hashes(monkeypatch)
    for i in range(30):
        client.get("/", headers=basic("alice", f"guess {i}"), environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert client.get("/", headers=basic("alice", "guess"), environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 429
    calls.clear()
    for _ in range(5):  # from the attacker's own address even: the verified credential is never limited
        assert client.get("/_dash-layout", headers=basic("alice", PASSWORD),
                          environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code == 200
    assert calls == []


def test_a_success_gives_its_slot_back():
    limiter = auth.FailureLimiter(burst=2, seconds=60)
    for _ in range(5):
        assert limiter.reserve(("client:a", "user:x")) == 0
        limiter.refund(("client:a", "user:x"))
    assert limiter.reserve(("client:a", "user:x")) == 0 and limiter.reserve(("client:a", "user:x")) == 0
    assert limiter.reserve(("client:a", "user:x")) > 0


def test_the_limit_leaks_with_time_and_its_memory_is_bounded():
    now = [0.0]
    limiter = auth.FailureLimiter(burst=3, seconds=10, max_keys=100, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.reserve(("k",)) == 0
    assert limiter.reserve(("k",)) == pytest.approx(10)
    now[0] += 10.5
    assert limiter.reserve(("k",)) == 0 and limiter.reserve(("k",)) > 0
    for i in range(1000):
        limiter.reserve((f"name{i}",))
    assert len(limiter._levels) <= 100


def test_a_credential_verified_by_one_worker_is_known_to_the_others(tmp_path):
    """The table is shared memory made before the fork: a digest one worker adds, a sibling finds."""
    import os

    shared = auth.SharedDigests(slots=4)
    digest = bytes(range(32))
    pid = os.fork()
    if pid == 0:  # the child, as a worker that verified a credential
        shared.add(digest)
        os._exit(0)
    os.waitpid(pid, 0)
    assert digest in shared and bytes(32) not in shared
    for i in range(10):  # bounded: old entries are overwritten
        shared.add(bytes([i + 1]) * 32)
    assert digest not in shared
