"""gunicorn settings for `gunicorn dashboard.app:server` and `python -m dashboard` (see README, Deployment)."""

import multiprocessing
import os

bind = os.environ.get("DASHBOARD_BIND", "127.0.0.1:8050")
# Callbacks are short and CPU-bound: one worker per core, plus one to cover a worker that is restarting.
workers = int(os.environ.get("DASHBOARD_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 10
# Bounded request lines and headers: a malformed or hostile request is refused before it reaches Dash.
limit_request_line = 8190
limit_request_fields = 100
# gunicorn 27's runtime control socket (~/.gunicorn/gunicorn.ctl) is not used here; off, so that several instances on
# one machine do not share one socket, and there is one thing less listening.
control_socket_disable = True
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
    "handlers": {"error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
                 "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"}},
    "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
                "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
                "dashboard": {"level": "INFO", "handlers": ["error"], "propagate": False}},
    "root": {"level": "WARNING", "handlers": ["error"]},
}
