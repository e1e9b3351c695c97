"""The three rooms and their rules: core is pure (no Dash, no Flask), ui does not reach into server, and only
dashboard.server.dash_compat touches Dash's private names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "dashboard"
MODULES = sorted(PACKAGE.rglob("*.py"))


def imported(path: Path) -> set[str]:
    """Every module a file imports, at any depth (function-level imports included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def room(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0] if len(path.relative_to(PACKAGE).parts) > 1 else "top"


def test_the_three_rooms_exist_and_hold_every_module_but_the_entry_points():
    rooms = {room(path) for path in MODULES}
    assert {"core", "ui", "server"} <= rooms
    top = sorted(path.name for path in MODULES if room(path) == "top")
    assert top == ["__init__.py", "__main__.py", "app.py", "settings.py"], top


def test_core_imports_neither_dash_nor_flask_nor_the_other_rooms():
    faults = []
    for path in (p for p in MODULES if room(p) == "core"):
        bad = sorted(name for name in imported(path)
                     if name.split(".")[0] in ("dash", "flask", "werkzeug", "plotly", "gunicorn")
                     or name.startswith(("dashboard.ui", "dashboard.server")))
        if bad:
            faults.append(f"{path.relative_to(PACKAGE.parent)} is in core (pure: data in, data out) but imports {bad}")
    assert faults == []


def test_ui_does_not_import_the_server():
    faults = []
    for path in (p for p in MODULES if room(p) == "ui"):
        bad = sorted(name for name in imported(path)
                     if name.startswith("dashboard.server") or name.split(".")[0] == "flask")
        if bad:
            faults.append(f"{path.relative_to(PACKAGE.parent)} is in ui (what the page is made of) but imports {bad}")
    assert faults == []


def dash_internals(path: Path) -> list[str]:
    """What a module touches of Dash's private parts: private names it imports, private methods it overrides."""
    source = path.read_text(encoding="utf-8")
    private = sorted(name for name in imported(path) if name.startswith("dash._") or ".dash._" in name
                     or (name.startswith("dash.") and any(part.startswith("_") for part in name.split(".")[1:])))
    faults = [f"{path.relative_to(PACKAGE.parent)} imports Dash's private {private}: use dash_compat"] if private else []
    tree = ast.parse(source)
    from_dash = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and (node.module or "").split(".")[0] == "dash" for alias in node.names}
    overrides = [f"{node.name}.{item.name}" for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                 and any(ast.unparse(base).split(".")[0] in from_dash | {"dash"} for base in node.bases)
                 for item in node.body if isinstance(item, ast.FunctionDef) and item.name.startswith("_")
                 and not item.name.startswith("__")]
    if overrides:
        faults.append(f"{path.relative_to(PACKAGE.parent)} overrides private methods {overrides}")
    return faults


def test_only_the_compatibility_module_touches_dash_internals():
    assert [fault for p in MODULES if p.name != "dash_compat.py" for fault in dash_internals(p)] == []


def test_the_internals_check_finds_a_private_import_and_an_override(monkeypatch):
    module = PACKAGE / "ui" / "probe_for_the_test.py"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: (
        "from dash._utils import x\nfrom dash import Dash\nclass D(Dash):\n    def _setup(self): pass\n"))
    assert len(dash_internals(module)) == 2


TESTS = Path(__file__).resolve().parents[1]


def test_no_test_module_imports_another():
    """What tests share lives in tests/support (and fixtures in conftest.py), never in another test module."""
    faults = []
    for path in sorted(TESTS.rglob("*.py")):
        bad = sorted(name for name in imported(path)
                     if name.startswith(("tests.unit", "tests.integration", "tests.browser", "tests.shipped_data")))
        if bad:
            faults.append(f"{path.relative_to(TESTS.parent)} imports {bad}: move what it shares to tests/support")
    assert faults == []


ISSUE_NUMBER = re.compile(r"\b[Ii]ssue #?\d+")


def issue_numbers(text: str, name: str) -> list[str]:
    return [f"{name}:{n}: {line.strip()}" for n, line in enumerate(text.splitlines(), 1) if ISSUE_NUMBER.search(line)]


def test_no_code_or_test_names_an_issue_number():
    """Comments explain the code as it is; which issue asked for it belongs in the commit message."""
    root = TESTS.parent
    files = [p for folder in ("dashboard", "tests", "bench", "scripts", "assets", "deploy")
             for p in (root / folder).rglob("*") if p.suffix in {".py", ".js", ".css", ".sh", ".typ", ".conf"}
             and "node_modules" not in p.parts and p.resolve() != Path(__file__).resolve()]
    files += [root / "gunicorn.conf.py", root / "Makefile"]
    faults = [f for p in files for f in issue_numbers(p.read_text(encoding="utf-8"), str(p.relative_to(root)))]
    assert faults == []


def test_the_issue_number_check_finds_one():
    assert issue_numbers("x = 1\n# hardening (issue 14)\n", "f.py") == ["f.py:2: # hardening (issue 14)"]
