"""A real server on a free loopback port, its log in a file: started and stopped the same way by the browser and
integration tests and by bench/ (this app under `python -m dashboard` or `gunicorn dashboard.app:server`, and any
other server command, such as bench's reference app), and the production setup: gunicorn behind nginx with
deploy/nginx.conf (start_production)."""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # loopback only, never another address


def sign_in(folder: Path, user: str = "alice", password: str = "correct horse battery") -> tuple[dict, dict]:
    """(environment turning sign-in on, headers signed in as `user`): a users file with one user, made in `folder`.
    What a server must be started with for its /healthz to name its worker, counts and a refused file's problems."""
    import base64

    from werkzeug.security import generate_password_hash

    users = Path(folder) / "users.txt"
    users.write_text(f"{user}:{generate_password_hash(password)}\n", encoding="utf-8")
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"DASHBOARD_AUTH_FILE": str(users)}, {"Authorization": f"Basic {token}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _dashboard_command(port: int, data_dir: Path | str = REPO / "data", workers: int = 2,
                      gunicorn_direct: bool = False) -> tuple[list[str], dict[str, str]]:
    """The command and extra environment that serve this app: `python -m dashboard`, or `gunicorn
    dashboard.app:server` with the repository's gunicorn.conf.py."""
    if gunicorn_direct:
        return ([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "dashboard.app:server"],
                {"DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_BIND": f"{HOST}:{port}",
                 "DASHBOARD_WORKERS": str(workers)})
    return ([sys.executable, "-m", "dashboard", "--port", str(port), "--data-dir", str(data_dir),
             "--workers", str(workers)], {})


def start_server(data_dir: Path | str = REPO / "data", workers: int = 2, env: dict | None = None,
                 gunicorn_direct: bool = False, *, command: Callable[[int], Sequence[str]] | None = None,
                 ready_path: str = "/healthz", log_path: Path | str | None = None, wait_for_workers: bool = False,
                 timeout: float = 60) -> tuple[subprocess.Popen, str]:
    """Start a server on a free loopback port and return (process, base URL) once `ready_path` answers 200.

    By default this app (_dashboard_command: data_dir, workers, gunicorn_direct). `command` replaces it: a function
    from the port to the whole command line (data_dir and gunicorn_direct are then unused). `env` is added to this
    process's environment. The log goes to `log_path`, or to an anonymous temporary file; read_log and stop_server
    return it. With `wait_for_workers`, also wait until the process has `workers` child processes (gunicorn forks
    its workers after the master answers). Raises RuntimeError, with the log, when the server exits or does not
    answer within `timeout` seconds."""
    port = free_port()
    if command is None:
        argv, extra_env = _dashboard_command(port, data_dir, workers, gunicorn_direct)
    else:
        argv, extra_env = list(command(port)), {}
    # The log goes to a file: a pipe nobody reads fills up after a few hundred access-log lines and blocks the server.
    if log_path is None:
        log = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
    else:
        log = open(log_path, "w+", encoding="utf-8", errors="replace")
    # Appending: the server writes at the end whatever read_log does with the shared file offset meanwhile.
    fcntl.fcntl(log.fileno(), fcntl.F_SETFL, fcntl.fcntl(log.fileno(), fcntl.F_GETFL) | os.O_APPEND)
    process = subprocess.Popen(argv, cwd=REPO, env={**os.environ, **extra_env, **(env or {})},
                               stdout=log, stderr=subprocess.STDOUT, text=True)
    process.log = log
    url = f"http://{HOST}:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            output = read_log(process)
            log.close()
            raise RuntimeError(f"server {argv} exited {process.returncode}: {output}")
        try:
            with urllib.request.urlopen(url + ready_path, timeout=2) as response:
                response.read()
                ready = response.status == 200
        except OSError:
            ready = False
        if ready and (not wait_for_workers or len(worker_pids(process)) >= workers):
            return process, url
        time.sleep(0.2)
    output = stop_server(process)
    raise RuntimeError(f"server {argv} did not answer {ready_path}"
                       f"{f' with {workers} workers' if wait_for_workers else ''} within {timeout:g} s: {output}")


NGINX_SITE = REPO / "deploy" / "nginx.conf"
# What nginx's own main configuration holds around the site file: the foreground, the log on stderr, and every
# file nginx writes in a folder of the test's (nginx's temporary files hold the answers it buffers).
NGINX_MAIN = """daemon off;
pid {folder}/nginx.pid;
error_log stderr info;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/dashboard.conf;
}}
"""


def nginx_site(port: int, upstream_port: int, access_log: str) -> str:
    """deploy/nginx.conf with its listening port, gunicorn's port and its logs moved (the error log to stderr);
    nothing else changed."""
    text = NGINX_SITE.read_text(encoding="utf-8")
    for old, new in (("listen 127.0.0.1:8080;", f"listen {HOST}:{port};"),
                     ("server 127.0.0.1:8050;", f"server {HOST}:{upstream_port};"),
                     ("/var/log/nginx/dashboard.access.log", access_log),
                     ("/var/log/nginx/dashboard.error.log", "stderr")):
        assert text.count(old) == 1, (old, NGINX_SITE)
        text = text.replace(old, new)
    return text


def start_production(data_dir: Path | str = REPO / "data", workers: int = 2, env: dict | None = None, *,
                     wait_for_workers: bool = False, timeout: float = 60) -> tuple[subprocess.Popen, str]:
    """The documented production setup on loopback: `gunicorn dashboard.app:server` (gunicorn.conf.py) behind nginx
    with deploy/nginx.conf. Returns (nginx's process, nginx's URL); the gunicorn process is its `upstream`, the
    two share one log, and worker_pids, read_log and stop_server take the pair."""
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if nginx is None:
        raise RuntimeError("nginx is not installed (make setup-test installs it)")
    upstream, upstream_url = start_server(data_dir, workers, env, gunicorn_direct=True,
                                          wait_for_workers=wait_for_workers, timeout=timeout)
    folder = Path(tempfile.mkdtemp(prefix="dashboard-nginx-"))
    os.chmod(folder, 0o755)  # nginx's workers run as `nobody` under root, and write the temporary files here
    port = free_port()
    (folder / "dashboard.conf").write_text(nginx_site(port, int(upstream_url.rsplit(":", 1)[1]), "/dev/stdout"))
    (folder / "nginx.conf").write_text(NGINX_MAIN.format(folder=folder))
    process = subprocess.Popen([nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")], cwd=folder,
                               stdout=upstream.log, stderr=subprocess.STDOUT, text=True)
    process.log, process.upstream, process.folder = upstream.log, upstream, folder
    url = f"http://{HOST}:{port}"
    deadline = time.time() + 20
    while time.time() < deadline:
        if process.poll() is not None:
            output = stop_server(process)
            raise RuntimeError(f"nginx exited {process.returncode}: {output}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                response.read()
                return process, url
        except OSError:
            time.sleep(0.1)
    output = stop_server(process)
    raise RuntimeError(f"nginx did not answer within 20 s: {output}")


def worker_pids(process: subprocess.Popen) -> list[int]:
    """The server's child processes (gunicorn's workers), from /proc; behind nginx, gunicorn's."""
    process = getattr(process, "upstream", process)
    try:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    except OSError:
        return []
    return sorted(int(pid) for pid in children)


def read_log(process: subprocess.Popen) -> str:
    process.log.flush()
    process.log.seek(0)
    return process.log.read()


def stop_server(process: subprocess.Popen, timeout: float = 20) -> str:
    """Stop the server by its own pid (TERM, then KILL after `timeout` seconds) and return its log; behind nginx,
    nginx first, then gunicorn."""
    for each in (process, getattr(process, "upstream", None)):
        if each is None:
            continue
        each.terminate()
        try:
            each.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            each.kill()
            each.wait()
    if hasattr(process, "folder"):
        shutil.rmtree(process.folder, ignore_errors=True)
    output = read_log(process)
    process.log.close()
    return output


def workers_settle(url: str, refused: bool, data_dir: Path | None = None) -> None:
    """Until /healthz answers (from any worker, several times in a row) with or without a refusal, and, given the
    data folder, serving the data now in it: a saved file is served once it has stayed unchanged for a full reload
    interval, about two seconds after the save."""
    import json

    from dashboard.server.reload import content_version

    version = content_version(data_dir) if data_dir is not None else None
    deadline, in_a_row = time.time() + 30, 0
    while in_a_row < 8 and time.time() < deadline:
        with urllib.request.urlopen(url + "/healthz", timeout=10) as response:
            health = json.load(response)
        settled = health["reload_refused"] == refused and version in (None, health["data_version"])
        in_a_row = in_a_row + 1 if settled else 0
        if not settled:
            time.sleep(0.1)
    assert in_a_row >= 8, health
