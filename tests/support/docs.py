"""Generated blocks of docs/: the text between `<!-- BEGIN name ... -->` and `<!-- END name -->` is written by a
command (the settings' options table, bench/'s tables), the rest of the page by hand. Used by those commands and by
the tests that keep the pages true."""

from __future__ import annotations

import re
from pathlib import Path


class MissingBlock(ValueError):
    """A page has no (or an unclosed) block of that name."""


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- BEGIN {re.escape(name)}\b[^>]*-->\n)(.*?)(<!-- END {re.escape(name)} -->)", re.S)


def block(text: str, name: str) -> str:
    """The generated text of block `name` in a page."""
    found = _pattern(name).search(text)
    if not found:
        raise MissingBlock(f"no block '{name}' (<!-- BEGIN {name} --> ... <!-- END {name} -->)")
    return found.group(2)


def replace_block(text: str, name: str, body: str) -> str:
    """The page with block `name` holding `body` (ending with a newline); its markers and the rest kept."""
    block(text, name)  # raises when the markers are not there
    body = body if body.endswith("\n") else body + "\n"
    return _pattern(name).sub(lambda found: found.group(1) + body + found.group(3), text, count=1)


def write_block(path: Path, name: str, body: str) -> bool:
    """Write block `name` of the page at `path`; True when the page changed."""
    text = path.read_text(encoding="utf-8")
    new = replace_block(text, name, body)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
