"""axe-core, run in the page: the serious and critical accessibility violations it finds."""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[1] / "browser" / "js" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"axe-core missing at {AXE}: run `make test` (npm ci in tests/browser/js); never skipped")
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;window.axe = axe;")  # CDP, so the page's CSP stays on
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result if v["impact"] in ("serious", "critical")]
