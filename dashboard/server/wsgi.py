"""`python -m dashboard` serves through gunicorn with the repository's gunicorn.conf.py, on an app already built and
validated (gunicorn's documented custom application), with gevent workers: no nginx stands in front here, and a
greenlet per connection means an idle client, or a slow one sending its request or reading a large answer, holds
nothing another request needs (docs/server.md)."""

from __future__ import annotations

import runpy

from gunicorn.app.base import BaseApplication

from dashboard.settings import REPO_ROOT


class _Server(BaseApplication):
    def __init__(self, application, options: dict):
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        settings = runpy.run_path(str(REPO_ROOT / "gunicorn.conf.py"))
        for key, value in [*settings.items(), *self.options.items()]:
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self):
        return self.application


def run(application, host: str, port: int, workers: int | None) -> None:
    print(f"Dashboard at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    _Server(application, {"bind": f"{host}:{port}", "workers": workers, "worker_class": "gevent"}).run()
