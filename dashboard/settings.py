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
            "Folder holding countries.csv, countries.geojson, engagements.csv, programs.csv, funding.csv, reasons.csv."),
    Setting("debug", "DASHBOARD_DEBUG", False,
            "Dash debug mode (tracebacks in the browser, hot reload). Never on a shared machine.", bool),
)


@dataclasses.dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8050
    data_dir: str = str(REPO_ROOT / "data")
    debug: bool = False


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
