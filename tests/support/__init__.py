"""Helpers the tests share (and bench/ uses for its servers); not tests themselves."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
