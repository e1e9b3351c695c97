"""dashboard.server.exports: the address a document prints comes from the configured public address (public_url),
never from the request's Host."""

from __future__ import annotations

import brotli
import pytest

from dashboard.server import exports
from dashboard.server.app import create_app
from dashboard.settings import Settings, from_env
from tests.support import DATA

PUBLIC = "https://maps.example.gc.ca/engagements"
HOSTILE = [{"Host": "attacker.example"}, {"Host": "attacker.example:8443", "X-Forwarded-Host": "attacker.example"},
           {"Host": "attacker.example/evil?x="}, {"Host": ""}]
KINDS = ["map.svg?lang=en&country=ARG", "snapshot.html?lang=fr&region=europe"]


@pytest.fixture(scope="module")
def configured():
    return create_app(Settings(data_dir=str(DATA), reload_interval=0, public_url=PUBLIC + "/")).server.test_client()


def document(client, kind: str, headers: dict) -> str:
    response = client.get("/export/" + kind, headers={"Accept-Encoding": "br", **headers})
    assert response.status_code == 200, response.data[:200]
    body = brotli.decompress(response.data) if response.headers.get("Content-Encoding") == "br" else response.data
    return body.decode("utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_the_requests_host_never_appears_in_a_document(client, configured, kind):
    for headers in HOSTILE:
        for answer in (document(client, kind, headers), document(configured, kind, headers)):
            assert "attacker" not in answer and "http:/?" not in answer and "localhost" not in answer, headers


@pytest.mark.parametrize("kind", KINDS)
def test_the_view_link_is_on_the_configured_public_address(configured, kind):
    query = kind.partition("?")[2]
    assert f"{PUBLIC}/?{query}".replace("&", "&amp;") in document(configured, kind, {"Host": "attacker.example"})


def test_without_a_public_address_a_document_prints_no_view_line(client):
    answer = document(client, "map.svg?lang=en", {})
    assert "View:" not in answer and "/?lang=en" not in answer


def test_the_public_address_is_a_setting_off_by_default():
    assert Settings().public_url == "" and from_env({}).public_url == ""
    assert from_env({"DASHBOARD_PUBLIC_URL": PUBLIC}).public_url == PUBLIC


@pytest.mark.parametrize("address", ["maps.example.gc.ca", "ftp://maps.example.gc.ca/", "https:///engagements",
                                     "https://maps.example.gc.ca/?lang=fr", "javascript:alert(1)"])
def test_a_public_address_that_is_not_one_stops_the_start(address, capsys):
    with pytest.raises(SystemExit) as stopped:
        exports.checked_public_url(address)
    assert stopped.value.code == 3 and "DASHBOARD_PUBLIC_URL" in capsys.readouterr().err
    assert exports.checked_public_url(" https://maps.example.gc.ca/a/ ") == "https://maps.example.gc.ca/a"
