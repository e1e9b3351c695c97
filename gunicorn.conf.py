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
accesslog = "-"
errorlog = "-"
access_log_format = '{"time":"%(t)s","remote":"%(h)s","request":"%(r)s","status":%(s)s,"bytes":%(B)s,"ms":%(M)s}'
