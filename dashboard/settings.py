"""One frozen settings object: every value has a default, an environment variable and a help line."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclasses.dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: object
    help: str
    type: type = str


SETTINGS = (
    Setting("host", "DASHBOARD_HOST", "127.0.0.1",
            "Address to listen on. Only this machine can connect unless you say otherwise (e.g. 0.0.0.0)."),
    Setting("port", "DASHBOARD_PORT", 8050, "Port to listen on.", int),
    Setting("data_dir", "DASHBOARD_DATA_DIR", str(REPO_ROOT / "data"),
            "Folder holding countries.csv, countries.geojson, engagements.csv, programs.csv, funding.csv, reasons.csv, "
            "sources.csv, metadata.csv."),
    Setting("debug", "DASHBOARD_DEBUG", False,
            "Dash debug mode (tracebacks in the browser, hot reload). Never on a shared machine.", bool),
    Setting("reload_interval", "DASHBOARD_RELOAD_INTERVAL", 1,
            "Seconds between checks of the data files for changes (each worker, on a request); valid new data is "
            "served at once, invalid data is refused and the last good data kept. 0 turns live reload off.", int),
    Setting("max_request_bytes", "DASHBOARD_MAX_REQUEST_BYTES", 262144,
            "Largest request body accepted, in bytes; a larger one is refused with HTTP 413. The page's largest "
            "grows with the text table's rows.", int),
    Setting("response_cache", "DASHBOARD_RESPONSE_CACHE", 4096,
            "Callback answers each worker keeps (at most 16 MB, compressed) to answer the same request on the same data again "
            "without recomputing it; emptied when the data changes. 0 turns the cache off.", int),
    Setting("auth_file", "DASHBOARD_AUTH_FILE", "",
            "File of user:password-hash lines (python -m dashboard.server.auth adds one); when set, every page asks for a "
            "user name and password (HTTP Basic, use it behind HTTPS). Off by default."),
    # Hardening (issue 14): what the workers share, and who the client is behind a reverse proxy.
    Setting("state_dir", "DASHBOARD_STATE_DIR", "",
            "Folder where the workers share the last good data and the reload status, so that a restarted worker "
            "serves what the others do (only the dashboard writes there). Default: a private temporary folder per "
            "start."),
    Setting("proxy_hops", "DASHBOARD_PROXY_HOPS", 0,
            "Reverse proxies in front that add X-Forwarded-For (1 behind one nginx); the client address, which "
            "sign-in limits count by, is then read from it. 0: the address connecting is the client.", int),
    Setting("public_url", "DASHBOARD_PUBLIC_URL", "",
            "The dashboard's public address (e.g. https://maps.example.gc.ca/engagements/), which exported documents "
            "print as the view's link; never taken from a request. Default: none, and documents print no link."),
)


@dataclasses.dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8050
    data_dir: str = str(REPO_ROOT / "data")
    debug: bool = False
    reload_interval: int = 1
    max_request_bytes: int = 262144
    response_cache: int = 4096
    auth_file: str = ""
    state_dir: str = ""
    proxy_hops: int = 0
    public_url: str = ""


def _parse(setting: Setting, raw: str) -> object:
    if setting.type is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if setting.type is int:
        try:
            return int(raw)
        except ValueError:
            raise SystemExit(f"{setting.env}={raw!r}: expected a whole number") from None
    return raw


def from_env(environ: dict[str, str] | None = None, **overrides: object) -> Settings:
    """Settings from the environment, then explicit overrides (command-line options) on top."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for setting in SETTINGS:
        if setting.env in environ and environ[setting.env] != "":
            values[setting.name] = _parse(setting, environ[setting.env])
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
