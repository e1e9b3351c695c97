"""bench/report.py: every table of a bench's results, in order, with its note and the run's meta line, written into
its block of the performance page; the hand-written rest of the page kept; a malformed results file refused."""

from __future__ import annotations

import json

import pytest

from bench import report
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
