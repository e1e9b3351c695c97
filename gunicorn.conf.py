"""gunicorn settings for `gunicorn dashboard.app:server` behind nginx and `python -m dashboard` (docs/server.md)."""

import multiprocessing
import os

bind = os.environ.get("DASHBOARD_BIND", "127.0.0.1:8050")
# Callbacks are short and CPU-bound: one worker per core, plus one to cover a worker that is restarting.
workers = int(os.environ.get("DASHBOARD_WORKERS", multiprocessing.cpu_count() + 1))
# Production is gunicorn behind nginx with deploy/nginx.conf (docs/server.md): nginx reads each request whole,
# buffers each answer and drops clients that stall, so a thread here only ever waits on our own code. gunicorn's own
# gthread worker: a few threads a worker let a short request pass a long one, and work that releases the GIL (a
# password hash, a document render) leaves the other threads running. `python -m dashboard` (make run) has no nginx
# in front and uses gevent workers instead (dashboard.server.wsgi).
worker_class = "gthread"
threads = int(os.environ.get("DASHBOARD_THREADS", 4))
keepalive = 5
timeout = 30
graceful_timeout = 10
# Bounded request lines and headers: a malformed or hostile request is refused before it reaches Dash.
limit_request_line = 8190
limit_request_fields = 100
# gunicorn 27's runtime control socket (~/.gunicorn/gunicorn.ctl) is not used here; off, so that several instances on
# one machine do not share one socket, and there is one thing less listening.
control_socket_disable = True
# The master loads and validates the data once, then forks: every worker starts on the same checked data (invalid
# data stops the start once, in the master) and shares its memory.
preload_app = True


def post_fork(server, worker):
    """A worker forked after a reload adopts the last good data and the reload status the other workers published,
    not the master's start-up data (dashboard.server.reload)."""
    from dashboard.server import reload

    reload.after_fork(worker.app.wsgi())


accesslog = "-"
errorlog = "-"
access_log_format = '{"time":"%(t)s","remote":"%(h)s","request":"%(r)s","status":%(s)s,"bytes":%(B)s,"ms":%(M)s}'
# Structured logs: one JSON object a line. The access log is written field by field from the atoms above (a quote
# in a request line cannot forge a field); the server's and the app's own messages carry level, logger, pid, and a
# traceback as a field when there is one (dashboard.server.logs).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "dashboard.server.logs.JsonLogFormatter"},
                   "access": {"()": "dashboard.server.logs.JsonAccessFormatter"}},
    # A line repeated by a burst of requests (a refused export, a slow client closed) is written 10 times a minute at
    # most, then once with a count (dashboard.server.logs.RepeatFilter).
    "filters": {"repeats": {"()": "dashboard.server.logs.RepeatFilter", "interval": 60, "burst": 10}},
    "handlers": {"error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr",
                           "filters": ["repeats"]},
                 "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"}},
    "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
                "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
                "dashboard": {"level": "INFO", "handlers": ["error"], "propagate": False}},
    "root": {"level": "WARNING", "handlers": ["error"]},
}
