"""`dashboard.app:server`, the WSGI application for gunicorn and other WSGI servers (dashboard.server.wsgi too)."""


def __getattr__(name: str):
    """Built on first use from the environment's settings (DASHBOARD_DATA_DIR, ...), so importing is cheap."""
    if name == "server":
        from dashboard.server.app import server_from_env

        server = globals()["server"] = server_from_env()
        return server
    raise AttributeError(name)
