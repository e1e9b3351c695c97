"""bench/report.py: every table of a bench's results, in order, with its note and the run's meta line, written into
its block of the performance page; the hand-written rest of the page kept; a malformed results file refused."""

from __future__ import annotations

import json

import pytest

from bench import browser, report, run
from tests.support import REPO
from tests.support.docs import block

SAMPLE = {
    "tables": [
        {"title": "First table", "note": "What it measures,\n  on two lines.", "columns": ["measure", "this app"],
         "rows": [["First load", "792.9 KB"], ["Filter | repaint", "154 ms"]]},
        {"title": "Second table", "note": "", "columns": ["a", "b", "c"], "rows": [["1", "2", "3"]]},
    ],
    "meta": {"command": "python bench/run.py", "date": "2026-12-03 14:05 UTC", "seconds": 270.4,
             "load_before": "1.5", "load_after": "1.9"},
    "ours": {"raw": "numbers the page does not show"},
}

RENDERED = """### First table

What it measures, on two lines.

| measure | this app |
|---|---|
| First load | 792.9 KB |
| Filter \\| repaint | 154 ms |

### Second table

| a | b | c |
|---|---|---|
| 1 | 2 | 3 |

*From `python bench/run.py`, 2026-12-03 14:05 UTC: 270 s, load average 1.5 before and 1.9 after.*
"""

PAGE = """# Performance

How it is measured, by hand.

<!-- BEGIN bench-run (written by python bench/report.py) -->
the old table
<!-- END bench-run -->

What the numbers mean, by hand.

<!-- BEGIN bench-exports (written by python bench/report.py) -->
the old exports table
<!-- END bench-exports -->

<!-- BEGIN bench-memory (written by python bench/report.py) -->
the old memory table
<!-- END bench-memory -->
"""


def test_every_table_in_order_with_its_note_then_the_meta():
    assert report.render(SAMPLE) == RENDERED


def test_the_machine_is_named_when_the_bench_says_it():
    meta = {**SAMPLE["meta"], "machine": "2 cores"}
    assert report.meta_markdown(meta) == ("*From `python bench/run.py` on 2 cores, 2026-12-03 14:05 UTC: 270 s, load "
                                          "average 1.5 before and 1.9 after.*\n")


def test_the_page_gets_the_tables_between_its_markers_and_keeps_the_rest(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text(json.dumps(SAMPLE), encoding="utf-8")
    memory = {**SAMPLE, "tables": SAMPLE["tables"][1:], "meta": {**SAMPLE["meta"], "command": "python bench/memory.py"}}
    (out / "memory.json").write_text(json.dumps(memory), encoding="utf-8")
    page = tmp_path / "performance.md"
    page.write_text(PAGE, encoding="utf-8")

    assert report.main(["--out", str(out), "--page", str(page)]) == 0
    written = page.read_text(encoding="utf-8")
    assert block(written, "bench-run") == RENDERED
    assert block(written, "bench-exports") == "the old exports table\n"  # no exports.json: left as it was
    assert block(written, "bench-memory").startswith("### Second table\n")
    assert "`python bench/memory.py`" in block(written, "bench-memory")
    for by_hand in ("# Performance\n\nHow it is measured, by hand.\n\n<!-- BEGIN bench-run (written by python "
                    "bench/report.py) -->\n", "<!-- END bench-run -->\n\nWhat the numbers mean, by hand.\n\n"):
        assert by_hand in written
    assert "exports.json not found" in capsys.readouterr().out
    assert report.main(["--out", str(out), "--page", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == written  # a second run changes nothing


@pytest.mark.parametrize("results, message", [
    ({"ours": {}}, 'no "tables" list and "meta" object'),
    ({**SAMPLE, "meta": {"command": "x", "date": "d", "seconds": 1}}, "meta lacks load_after, load_before"),
    ({**SAMPLE, "tables": [{"title": "t", "columns": [], "rows": []}]}, "table 1 has no columns"),
    ({**SAMPLE, "tables": [{"title": "t", "columns": ["a", "b"], "rows": [["1", "2"], ["3"]]}]},
     "table 1 ('t'), row 2: expected 2 cells, one per column"),
])
def test_a_malformed_results_file_is_refused_with_what_is_wrong(results, message):
    with pytest.raises(report.BadResults, match="results.json") as refused:
        report.render(results, "bench/out/results.json")
    assert message in str(refused.value)


def test_a_malformed_file_leaves_its_block_and_says_why(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text("{not json", encoding="utf-8")
    page = tmp_path / "performance.md"
    page.write_text(PAGE, encoding="utf-8")
    assert report.main(["--out", str(out), "--page", str(page)]) == 1
    assert page.read_text(encoding="utf-8") == PAGE
    assert f"{out / 'results.json'}:1:2: not JSON" in capsys.readouterr().err


def test_the_performance_page_has_a_block_for_each_bench():
    page = (REPO / "docs" / "performance.md").read_text(encoding="utf-8")
    for name, _ in report.BLOCKS:
        assert block(page, name).strip(), name


def test_the_exports_and_memory_benches_write_tables_the_page_takes():
    from bench import exports, memory

    one = {"bytes_sent": 33 * 1024, "bytes_saved": 147 * 1024, "cold_s": 0.38, "warm_ms": [170.0, 178.0, 190.0],
           "cached_ms": [0.4] * 20, "rss_before_mb": 181.2, "rss_after_mb": 299.4}
    burst = {"exports": [{"status": 200, "s": 1.0}, {"status": 503, "s": 0.1}, {"status": 503, "s": 0.1}],
             "burst_s": 0.74, "healthz_alone_ms": [1.0, 1.2], "healthz_during_ms": [1.0, 3.0, 14.0]}
    samples = [{"label": "started", "exports": 0, "workers": [{"rss_mb": 118.0, "pss_mb": 33.2},
                                                              {"rss_mb": 118.4, "pss_mb": 35.1}]},
               {"label": "after 100", "exports": 100, "seconds": 20.6,
                "workers": [{"rss_mb": 218.0, "pss_mb": 144.0}, {"rss_mb": 232.0, "pss_mb": 158.0}]}]
    tables = [*exports.report_tables({"SVG": one}, burst, 3), memory.report_table(samples, "Two workers.", 2)]
    text = report.render({"tables": tables, "meta": SAMPLE["meta"]}, "bench/out/sample.json")
    assert "| SVG | 0.38 s | 178 ms | 0.4 ms | 33 KB (147 KB) | 181 → 299 MB |" in text
    assert "| 0.7 s | 1 × 200, 2 × 503 | 1.1 ms | 3 ms / 14 ms (3) |" in text
    assert "| started | 118 MB (33 to 35 MB) | 68 MB |" in text
    assert "| after 100 exports, 21 s | 218 to 232 MB (144 to 158 MB) | 302 MB |" in text


def network_section(scale: float, requests: tuple[int, int]) -> dict:
    """One network's first maps and interactions for both apps; the reference's times `scale` times ours."""
    def first(bytes_, shown, drawn, transfers):
        return {"bytes": bytes_, "shown_ms": shown, "drawn_ms": drawn, "drawn": [drawn] * 3,
                "loads": [{"transfers": transfers}] * 3}

    def acts(factor, clicks, count):
        return {"filter_ms": [100 * factor, 120 * factor, 140 * factor, 160 * factor, 180 * factor],
                "details_ms": clicks, "details_requests": [count, count, 1]}

    return {"paired_first": {"ours": first(800_000, 1000, 1400, 24), "reference": first(7_000_000, 4000, 4000, 18)},
            "ours": {"interactions": acts(1, [150, 160, 170, 180, 190], requests[0])},
            "reference": {"interactions": acts(scale, [100, 110, 120, 130, 140], requests[1])}}


def cells(table: dict, measure: str) -> list[str]:
    """The cells after the measure of the one row whose measure starts with `measure`."""
    [found] = [row[1:] for row in table["rows"] if row[0].startswith(measure)]
    return found


def test_the_networks_side_by_side_give_each_app_its_numbers_and_the_ratio():
    table = run.side_by_side({"loopback": network_section(2, (1, 1)),
                              run.network_label(browser.VPN): network_section(5, (0, 1))})
    assert table["columns"] == ["measure", "loopback: this app", "loopback: plain Dash", "loopback: ratio",
                                "VPN (80 ms, 20 / 5 Mbit/s): this app", "VPN (80 ms, 20 / 5 Mbit/s): plain Dash",
                                "VPN (80 ms, 20 / 5 Mbit/s): ratio"]
    assert cells(table, "First load: bytes") == ["800.0 KB", "7.00 MB", "8.8×"] * 2
    assert cells(table, "First load: transfers") == ["24", "18", ""] * 2
    assert cells(table, "First map on screen") == ["1.00 s", "4.00 s", "4.0×"] * 2
    assert cells(table, "First map's countries drawn by plotly") == ["1.40 s", "4.00 s", "2.9×"] * 2
    # median / p75 of 100..180 ms, the ratio of the p75s
    assert cells(table, "Filter change") == ["140 ms / 160 ms", "280 ms / 320 ms", "2.0×",
                                             "140 ms / 160 ms", "700 ms / 800 ms", "5.0×"]
    # a click slower than the reference's shows as a ratio below 1
    assert cells(table, "Click on a country") == ["170 ms / 180 ms", "120 ms / 130 ms", "0.7×"] * 2
    assert cells(table, "Requests started between the press") == ["1 (1)", "1 (1)", "", "0 (1)", "1 (1)", ""]
    assert f"resting {browser.CLICK_DWELL_MS} ms" in table["rows"][5][0]
    assert "loopback: 3 first maps" in table["note"] and "5 filter changes and 5 clicks" in table["note"]


def test_one_network_alone_is_a_table_of_its_own():
    table = run.side_by_side({"VPN": network_section(5, (1, 1))})
    assert table["title"] == "VPN" and table["columns"] == ["measure", "VPN: this app", "VPN: plain Dash", "VPN: ratio"]
    assert all(len(row) == 4 for row in table["rows"])


def test_a_minute_of_use_counts_every_kind_of_request_of_both_apps():
    ours = {"requests": 7, "bytes": 30_000, "sent": 40_000, "from_cache": 2, "seconds": 60.2, "skipped": [],
            "by_kind": {"/_dash-update-component ← map-graph.clickData": {"requests": 5, "bytes": 20_000},
                        "/assets/favicon.ico": {"requests": 2, "bytes": 0}}}
    reference = {"requests": 4, "bytes": 3_900_000, "sent": 3_000, "from_cache": 0, "seconds": 60.0,
                 "skipped": ["search", "clear"],
                 "by_kind": {"/_dash-update-component ← map.clickData": {"requests": 4, "bytes": 3_900_000}}}
    table = run.minute_table({"ours": ours, "reference": reference}, "VPN")
    assert table["title"] == "A minute of ordinary use, VPN" and table["columns"] == ["", "this app", "plain Dash"]
    assert table["rows"][:5] == [["Requests", "7", "4"], ["Bytes received (on the wire, headers included)",
                                                          "30.0 KB", "3.90 MB"],
                                 ["Bytes sent (request bodies)", "40.0 KB", "3.0 KB"],
                                 ["Of the requests, answered from the browser's cache", "2", "0"],
                                 ["The minute as run (its steps start at fixed seconds, later if one before took "
                                  "longer)", "60.2 s", "60.0 s"]]
    assert table["rows"][5:] == [
        ["`/_dash-update-component ← map-graph.clickData`: requests; bytes received", "5; 20.0 KB", "0"],
        ["`/assets/favicon.ico`: requests; bytes received", "2; 0.0 KB", "0"],
        ["`/_dash-update-component ← map.clickData`: requests; bytes received", "0", "4; 3.90 MB"]]
    assert "The reference has no clear and no search" in table["note"]
    report.check({"tables": [table], "meta": SAMPLE["meta"]}, "sample")


def test_a_request_is_named_by_its_path_and_a_callback_by_what_set_it_off():
    post = json.dumps({"output": "x.children", "changedPropIds": ["map-graph.hoverData"]})
    assert browser.request_kind({"url": "http://127.0.0.1:1/assets/app.js?m=1"}) == "/assets/app.js"
    assert browser.request_kind({"url": "http://h/_dash-update-component?endId=a~b", "post": post}) == \
        "/_dash-update-component ← map-graph.hoverData"
    assert browser.request_kind({"url": "http://h/_dash-update-component", "post": '{"changedPropIds": []}'}) == \
        "/_dash-update-component ← nothing changed"
    assert browser.request_kind({"url": "http://h/_dash-update-component", "post": "not json"}) == \
        "/_dash-update-component ← nothing changed"


def test_traffic_sums_requests_and_bytes_each_way_and_by_kind():
    click = json.dumps({"changedPropIds": ["map-graph.clickData"]})
    entries = [{"url": "http://h/_dash-update-component", "post": click, "encoded": 1500},
               {"url": "http://h/_dash-update-component", "post": click, "encoded": 1700},
               {"url": "http://h/assets/favicon.ico", "encoded": 0, "cache": True},
               {"url": "http://h/details/ARG", "encoded": 900}]
    result = browser.traffic(entries)
    assert {key: result[key] for key in ("requests", "bytes", "sent", "from_cache")} == {
        "requests": 4, "bytes": 4100, "sent": 2 * len(click), "from_cache": 1}
    assert list(result["by_kind"]) == ["/_dash-update-component ← map-graph.clickData", "/assets/favicon.ico",
                                       "/details/ARG"]
    assert result["by_kind"]["/_dash-update-component ← map-graph.clickData"] == {
        "requests": 2, "bytes": 3200, "sent": 2 * len(click)}


def test_the_vpn_is_named_by_its_latency_and_bandwidths():
    assert run.network_label(browser.VPN) == "VPN (80 ms, 20 / 5 Mbit/s)"
    assert run.network_label({"latency": 150, "downloadThroughput": 1.25e6, "uploadThroughput": 125e3}) == \
        "VPN (150 ms, 10 / 1 Mbit/s)"
