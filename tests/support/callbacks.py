"""Apps built once per settings for the whole session, and callback request bodies as Dash's renderer sends them."""

from __future__ import annotations

import json

from dashboard.server.app import create_app
from dashboard.settings import Settings
from tests.support import DATA

ROUTE = "/_dash-update-component"

_APPS: dict = {}


def make_app(**settings):
    """One app per distinct settings for the whole test session (building one takes a second)."""
    key = tuple(sorted(settings.items()))
    if key not in _APPS:
        _APPS[key] = create_app(Settings(data_dir=str(DATA), reload_interval=0, **settings))
    return _APPS[key]


def server_callbacks(app) -> list[str]:
    """The output keys of every callback the server runs (clientside ones have no Python function)."""
    return sorted(key for key, callback in app.callback_map.items() if callable(callback.get("callback")))


def callback_key(app, input_id: str, input_property: str) -> str:
    """The one server callback with this input, found by what it listens to rather than by its output key."""
    (key,) = [k for k in server_callbacks(app)
              if {"id": input_id, "property": input_property} in app.callback_map[k]["inputs"]]
    return key


def output_items(key: str) -> list[dict]:
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    return [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in parts]


def body_for(app, key: str, values: list | None = None, states: list | None = None) -> dict:
    """A well-formed body for the callback with this output key; every value None unless given."""
    callback = app.callback_map[key]
    values = values if values is not None else [None] * len(callback["inputs"])
    states = states if states is not None else [None] * len(callback.get("state", []))
    outputs = output_items(key)

    def item(declared: dict, value: object):
        # A pattern-matching input (ALL) comes as a list of the matching components' items: none here.
        return [] if is_pattern(declared) else {**declared, "value": value}

    body = {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": [item(declared, value) for declared, value in zip(callback["inputs"], values)],
        "changedPropIds": [f"{d['id']}.{d['property']}" for d in callback["inputs"] if not is_pattern(d)],
    }
    if callback.get("state"):
        body["state"] = [item(declared, value) for declared, value in zip(callback["state"], states)]
    return body


def is_pattern(declared: dict) -> bool:
    return str(declared["id"]).startswith("{")


def post(client, body, **kwargs):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(ROUTE, data=data, content_type=kwargs.pop("content_type", "application/json"), **kwargs)


def assert_clean(response) -> None:
    """The properties every answer to a malformed request must have."""
    assert response.status_code < 500, (response.status_code, response.data[:300])
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text, text[:300]
