"""Every option of the dashboard, defined once: its type, default, environment variable and help line.

`Settings` is the definition; `python -m dashboard` makes its command-line options from it, and the options table
of docs/deployment.md is written from it (`python scripts/docs.py`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = str(REPO_ROOT / "data")


class Settings(BaseSettings):
    """The options of one start of the dashboard. `Settings(...)` holds what it is given over the defaults;
    `from_env` reads them from DASHBOARD_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="DASHBOARD_", frozen=True, extra="forbid", validate_default=True)

    host: str = Field("127.0.0.1", description=(
        "Address to listen on. Only this machine can connect unless you say otherwise (e.g. 0.0.0.0)."))
    port: int = Field(8050, ge=0, le=65535, description="Port to listen on.")
    data_dir: str = Field(DEFAULT_DATA_DIR, description=(
        "Folder holding countries.csv, countries.geojson, engagements.csv, programs.csv, funding.csv, reasons.csv, "
        "sources.csv, metadata.csv."))
    debug: bool = Field(False, description=(
        "Dash debug mode (tracebacks in the browser, hot reload). Never on a shared machine."))
    workers: int | None = Field(None, ge=1, description=(
        "WSGI worker processes. Default: the CPU count + 1 (gunicorn.conf.py)."))
    reload_interval: int = Field(1, ge=0, description=(
        "Seconds between checks of the data files for changes (each worker, from a watcher thread and on "
        "requests); valid new data is served at once, invalid data is refused and the last good data kept. 0 turns "
        "live reload off (docs/deployment.md, Live reload)."))
    max_request_bytes: int = Field(262144, ge=1, description=(
        "Largest request body accepted, in bytes; a larger one is refused with HTTP 413. The page's largest "
        "grows with the text table's rows."))
    response_cache: int = Field(4096, ge=0, description=(
        "Callback answers each worker keeps (at most 16 MB, compressed) to answer the same request on the same "
        "data again without recomputing it; emptied when the data changes. 0 turns the cache off "
        "(docs/performance.md)."))
    auth_file: str = Field("", description=(
        "File of user:password-hash lines (python -m dashboard.server.auth adds one); when set, every page asks "
        "for a user name and password (HTTP Basic, use it behind HTTPS). Default: none, sign-in off "
        "(docs/deployment.md, Sign-in)."))
    state_dir: str = Field("", description=(
        "Folder where the workers share the last good data and the reload status, so that a restarted worker "
        "serves what the others do (only the dashboard writes there). Default: a private temporary folder per "
        "start (docs/deployment.md, Live reload)."))
    proxy_hops: int = Field(0, ge=0, description=(
        "Reverse proxies in front that add X-Forwarded-For (1 behind one nginx); the client address, which "
        "sign-in limits count by, is then read from it. 0: the address connecting is the client "
        "(docs/deployment.md)."))
    public_url: str = Field("", description=(
        "The dashboard's public address (e.g. https://maps.example.gc.ca/engagements/), which exported documents "
        "print as the view's link; never taken from a request. Default: none, and documents print no link "
        "(docs/exports.md)."))

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The environment is read by from_env alone, from the mapping it is given: Settings(...) in a test or a
        # program is exactly what it names, whatever the process's environment holds.
        return (init_settings,)


NAMES = tuple(Settings.model_fields)


def env_name(name: str) -> str:
    """The environment variable of a setting: DASHBOARD_ and its name in capitals."""
    return Settings.model_config["env_prefix"] + name.upper()


def flag(name: str) -> str:
    """The command-line option of a setting: `--data-dir` for data_dir."""
    return "--" + name.replace("_", "-")


def value_type(name: str) -> type:
    """bool, int or str: what a setting's value is, None aside."""
    annotation = Settings.model_fields[name].annotation
    return next(t for t in (bool, int, str) if annotation is t or t in getattr(annotation, "__args__", ()))


def expected(name: str) -> str:
    """What a setting takes, in words, for error messages."""
    kind = value_type(name)
    if kind is bool:
        return "1, true, yes or on; 0, false, no or off"
    if kind is str:
        return "text"
    low = high = None
    for rule in Settings.model_fields[name].metadata:  # the Field's ge= and le=
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    if low is not None and high is not None:
        return f"a whole number from {low} to {high}"
    if low is not None:
        return f"a whole number, {low} or more"
    return "a whole number"


def default_text(name: str) -> str:
    """A setting's default as the docs show it: the data folder relative to the repository; "not set" where the
    help line says what happens then."""
    default = Settings.model_fields[name].default
    if isinstance(default, bool):
        return "on" if default else "off"
    if default is None or default == "":
        return "not set"
    if name == "data_dir":
        return str(Path(default).relative_to(REPO_ROOT)) + "/"
    return str(default)


def from_env(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Settings from the environment (os.environ unless a mapping is given; values stripped of surrounding spaces, an
    empty one counts as unset), then explicit overrides (command-line options; None means not given) on top. A value
    that is not what its setting takes stops the program with a message naming the variable or option and what was
    expected."""
    environ = os.environ if environ is None else environ
    given: dict[str, tuple[str, object]] = {}  # setting -> (where it came from, value)
    for name in NAMES:
        raw = environ.get(env_name(name), "")
        if raw.strip() != "":
            given[name] = (f"{env_name(name)}={raw!r}", raw.strip())
    for name, value in overrides.items():
        if value is not None:
            given[name] = (f"{flag(name)} {value!r}" if name in Settings.model_fields else name, value)
    try:
        return Settings(**{name: value for name, (_, value) in given.items()})
    except ValidationError as err:
        lines = []
        for error in err.errors():
            name = str(error["loc"][0]) if error["loc"] else ""
            if name in Settings.model_fields:
                line = f"{given[name][0]}: expected {expected(name)}"
            else:
                line = f"{name}: not a setting of the dashboard (settings: {', '.join(NAMES)})"
            if line not in lines:
                lines.append(line)
        raise SystemExit("\n".join(lines)) from None


def options_table() -> str:
    """The options as a Markdown table (docs/deployment.md): option, environment variable, default, meaning."""
    rows = ["| option | environment | default | meaning |", "|---|---|---|---|"]
    for name in NAMES:
        field = Settings.model_fields[name]
        rows.append(f"| `{flag(name)}` | `{env_name(name)}` | {default_text(name)} | {field.description} |")
    return "\n".join(rows) + "\n"
