"""dashboard/settings.py: one definition of every option (type, default, environment variable, help), read from the
environment and the command line, a bad value stopped with a message a person can act on."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pydantic
import pytest

from dashboard import __main__ as cli
from dashboard.settings import REPO_ROOT, Settings, env_name, from_env, options_table
from tests.support import REPO
from tests.support.docs import block

# What each variable takes, written out here rather than read from the code under test.
ENVIRONMENT = {
    "DASHBOARD_HOST": ("0.0.0.0", "host", "0.0.0.0"),
    "DASHBOARD_PORT": ("9001", "port", 9001),
    "DASHBOARD_DATA_DIR": ("/srv/data", "data_dir", "/srv/data"),
    "DASHBOARD_DEBUG": ("on", "debug", True),
    "DASHBOARD_WORKERS": ("3", "workers", 3),
    "DASHBOARD_RELOAD_INTERVAL": ("0", "reload_interval", 0),
    "DASHBOARD_MAX_REQUEST_BYTES": ("1000", "max_request_bytes", 1000),
    "DASHBOARD_RESPONSE_CACHE": ("0", "response_cache", 0),
    "DASHBOARD_AUTH_FILE": ("/etc/dashboard/users.txt", "auth_file", "/etc/dashboard/users.txt"),
    "DASHBOARD_STATE_DIR": ("/var/lib/dashboard", "state_dir", "/var/lib/dashboard"),
    "DASHBOARD_PROXY_HOPS": ("1", "proxy_hops", 1),
    "DASHBOARD_PUBLIC_URL": ("https://maps.example.gc.ca/", "public_url", "https://maps.example.gc.ca/"),
}


def test_the_defaults():
    assert Settings().model_dump() == {
        "host": "127.0.0.1", "port": 8050, "data_dir": str(REPO / "data"), "debug": False, "workers": None,
        "reload_interval": 1, "max_request_bytes": 262144, "response_cache": 4096, "auth_file": "", "state_dir": "",
        "proxy_hops": 0, "public_url": ""}
    assert from_env({}) == Settings()
    assert REPO_ROOT == REPO


def test_every_setting_has_its_variable_and_a_help_line():
    assert {env_name(name) for name in Settings.model_fields} == set(ENVIRONMENT)
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 15, name


@pytest.mark.parametrize("variable", sorted(ENVIRONMENT))
def test_each_variable_sets_its_setting_alone(variable):
    raw, name, value = ENVIRONMENT[variable]
    settings = from_env({variable: raw})
    assert getattr(settings, name) == value
    assert settings.model_dump(exclude={name}) == Settings().model_dump(exclude={name})


def test_empty_variables_are_unset_and_options_beat_the_environment():
    assert from_env({"DASHBOARD_PORT": "", "DASHBOARD_HOST": "  "}) == Settings()
    settings = from_env({"DASHBOARD_PORT": "9001", "DASHBOARD_DEBUG": "yes"}, port=9002, debug=None)
    assert (settings.port, settings.debug) == (9002, True)  # None: the option was not given


def test_yes_and_no_words_for_a_switch():
    for raw in ("1", "true", "YES", "on", " On "):
        assert from_env({"DASHBOARD_DEBUG": raw}).debug is True, raw
    for raw in ("0", "false", "no", "OFF"):
        assert from_env({"DASHBOARD_DEBUG": raw}).debug is False, raw


def test_settings_built_in_code_ignore_the_process_environment(monkeypatch):
    monkeypatch.setenv("DASHBOARD_PORT", "9003")
    monkeypatch.setenv("DASHBOARD_AUTH_FILE", "/somewhere/users.txt")
    assert (Settings().port, Settings().auth_file) == (8050, "")
    assert (from_env().port, from_env().auth_file) == (9003, "/somewhere/users.txt")


def test_settings_are_frozen():
    settings = Settings()
    with pytest.raises(pydantic.ValidationError):
        settings.port = 1  # type: ignore[misc]


@pytest.mark.parametrize("variable, raw, message", [
    ("DASHBOARD_PORT", "eighty", "DASHBOARD_PORT='eighty': expected a whole number from 0 to 65535"),
    ("DASHBOARD_PORT", "70000", "DASHBOARD_PORT='70000': expected a whole number from 0 to 65535"),
    ("DASHBOARD_DEBUG", "maybe", "DASHBOARD_DEBUG='maybe': expected 1, true, yes or on; 0, false, no or off"),
    ("DASHBOARD_WORKERS", "0", "DASHBOARD_WORKERS='0': expected a whole number, 1 or more"),
    ("DASHBOARD_PROXY_HOPS", "-1", "DASHBOARD_PROXY_HOPS='-1': expected a whole number, 0 or more"),
    ("DASHBOARD_RESPONSE_CACHE", "4k", "DASHBOARD_RESPONSE_CACHE='4k': expected a whole number, 0 or more"),
])
def test_a_bad_value_stops_with_the_variable_and_what_it_takes(variable, raw, message):
    with pytest.raises(SystemExit) as stopped:
        from_env({variable: raw})
    assert str(stopped.value.code) == message


def test_every_bad_value_is_named_at_once():
    with pytest.raises(SystemExit) as stopped:
        from_env({"DASHBOARD_PORT": "x", "DASHBOARD_RELOAD_INTERVAL": "soon"})
    assert str(stopped.value.code).splitlines() == [
        "DASHBOARD_PORT='x': expected a whole number from 0 to 65535",
        "DASHBOARD_RELOAD_INTERVAL='soon': expected a whole number, 0 or more"]


def test_a_bad_option_names_the_option_and_an_unknown_name_is_refused():
    with pytest.raises(SystemExit) as stopped:
        from_env({}, workers=0)
    assert str(stopped.value.code) == "--workers 0: expected a whole number, 1 or more"
    with pytest.raises(SystemExit) as stopped:
        from_env({}, colour="red")
    assert str(stopped.value.code).startswith("colour: not a setting of the dashboard")


def test_the_command_stops_on_a_bad_variable_without_a_traceback():
    result = subprocess.run([sys.executable, "-m", "dashboard", "check"], capture_output=True, text=True, cwd=REPO,
                            timeout=120, env={**{k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")},
                                              "DASHBOARD_PORT": "eighty"})
    assert result.returncode == 1
    assert result.stderr.strip() == "DASHBOARD_PORT='eighty': expected a whole number from 0 to 65535"
    assert "Traceback" not in result.stderr + result.stdout


def test_command_line_options_reach_the_settings(monkeypatch):
    seen = {}
    monkeypatch.setattr(cli, "serve", lambda settings, workers: seen.update(settings=settings, workers=workers) or 0)
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    cli.main(["--reload-interval", "5", "--max-request-bytes", "1000", "--auth-file", "/x/users.txt",
              "--host", "0.0.0.0", "--workers", "3", "--debug"])
    settings = seen["settings"]
    assert (settings.reload_interval, settings.max_request_bytes, settings.auth_file, settings.host,
            settings.debug, seen["workers"]) == (5, 1000, "/x/users.txt", "0.0.0.0", True, 3)


def test_help_names_every_option_its_variable_and_the_safe_defaults():
    result = subprocess.run([sys.executable, "-m", "dashboard", "--help"], capture_output=True, text=True,
                            cwd=REPO, timeout=60)
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for variable, (_, name, _) in ENVIRONMENT.items():
        assert "--" + name.replace("_", "-") in text and f"[{variable}" in text, name
    assert "[DASHBOARD_HOST, default 127.0.0.1]" in text
    assert "Never on a shared machine. [DASHBOARD_DEBUG]" in text


def test_the_options_table_has_a_row_per_setting_with_its_variable_and_default():
    rows = options_table().splitlines()
    assert rows[0] == "| option | environment | default | meaning |"
    starts = ["| `--host` | `DASHBOARD_HOST` | 127.0.0.1 |",
              "| `--port` | `DASHBOARD_PORT` | 8050 |",
              "| `--data-dir` | `DASHBOARD_DATA_DIR` | data/ |",
              "| `--debug` | `DASHBOARD_DEBUG` | off |",
              "| `--workers` | `DASHBOARD_WORKERS` | not set |",
              "| `--reload-interval` | `DASHBOARD_RELOAD_INTERVAL` | 1 |",
              "| `--max-request-bytes` | `DASHBOARD_MAX_REQUEST_BYTES` | 262144 |",
              "| `--response-cache` | `DASHBOARD_RESPONSE_CACHE` | 4096 |",
              "| `--auth-file` | `DASHBOARD_AUTH_FILE` | not set |",
              "| `--state-dir` | `DASHBOARD_STATE_DIR` | not set |",
              "| `--proxy-hops` | `DASHBOARD_PROXY_HOPS` | 0 |",
              "| `--public-url` | `DASHBOARD_PUBLIC_URL` | not set |"]
    assert len(rows) == 2 + len(starts)
    for row, start in zip(rows[2:], starts):
        assert row.startswith(start) and row.endswith(" |") and row.count(" | ") == 3, row
    assert "Never on a shared machine." in rows[5]


def test_the_options_table_of_the_docs_is_the_settings():
    page = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")
    assert block(page, "options") == options_table(), (
        "docs/deployment.md's options table is not dashboard/settings.py's: run python scripts/docs.py")


def docs_script():
    spec = importlib.util.spec_from_file_location("docs_script", REPO / "scripts" / "docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_docs_command_finds_a_stale_table_and_rewrites_it(tmp_path, monkeypatch, capsys):
    script = docs_script()
    page = tmp_path / "docs" / "deployment.md"
    page.parent.mkdir()
    stale = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8").replace("| 8050 |", "| 8080 |")
    page.write_text(stale, encoding="utf-8")
    monkeypatch.setattr(script, "PAGE", page)
    monkeypatch.setattr(script, "REPO", tmp_path)
    assert script.main(["--check"]) == 1
    assert "run python scripts/docs.py" in capsys.readouterr().err
    assert script.main([]) == 0
    written = page.read_text(encoding="utf-8")
    assert block(written, "options") == options_table() and "| 8080 |" not in written
    assert written.replace(block(written, "options"), "") == stale.replace(block(stale, "options"), "")
    assert script.main(["--check"]) == 0
