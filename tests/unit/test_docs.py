"""The README stays the front door (short, pointing into docs/), every link of the README and of docs/ leads
somewhere, and the generated blocks of a page are found and replaced without touching the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import REPO
from tests.support.docs import MissingBlock, block, replace_block

README = REPO / "README.md"
PAGES = [README, *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^()\s]+)\)")  # the target of [text](target) and ![alt](target), alt text on any lines


def prose(text: str) -> str:
    """A page without its fenced code blocks and code spans (no link lives there)."""
    return re.sub(r"`[^`\n]*`", "", re.sub(r"^```.*?^```", "", text, flags=re.S | re.M))


def anchors(path: Path) -> set[str]:
    """The anchors of a page's headings, as GitHub makes them."""
    headings = re.findall(r"^#+ (.+)$", prose(path.read_text(encoding="utf-8")), re.M)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def local_links(path: Path) -> list[str]:
    return [target for target in LINK.findall(prose(path.read_text(encoding="utf-8")))
            if not re.match(r"[a-z][a-z0-9+.-]*:", target)]  # http:, https:, mailto: lead elsewhere


def test_the_readme_stays_short():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= 160, f"README.md has {lines} lines: keep it the front door, and move the manual to docs/"


def test_the_readme_shows_the_picture_and_points_to_every_page_of_docs():
    links = set(local_links(README))
    assert "docs/screenshot-en.png" in links
    for page in sorted((REPO / "docs").glob("*.md")):
        assert any(link.split("#")[0] == f"docs/{page.name}" for link in links), page.name


@pytest.mark.parametrize("path", PAGES, ids=lambda path: str(path.relative_to(REPO)))
def test_every_relative_link_reaches_a_file_and_its_heading(path):
    broken = []
    for target in local_links(path):
        file_part, _, anchor = target.partition("#")
        reached = (path.parent / file_part).resolve() if file_part else path
        if not reached.is_file():
            broken.append(f"{target}: no file {reached.relative_to(REPO) if REPO in reached.parents else reached}")
        elif anchor and reached.suffix == ".md" and anchor not in anchors(reached):
            broken.append(f"{target}: no heading '{anchor}' in {reached.relative_to(REPO)}")
    assert not broken, f"{path.relative_to(REPO)}: " + "; ".join(broken)


def test_the_link_check_sees_links_images_and_alt_text_over_several_lines(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# A title\n\nSee [there](other.md#a-title) and ![a picture\nover two lines](pic.png), "
                    "[web](https://example.org), `[not](code.md)`.\n\n```\n[nor](fenced.md)\n```\n", encoding="utf-8")
    assert local_links(page) == ["other.md#a-title", "pic.png"]
    assert anchors(page) == {"a-title"}


def test_a_block_is_replaced_between_its_markers_and_the_rest_kept():
    page = ("# Page\n\nBy hand.\n\n<!-- BEGIN table (written by a command) -->\nold\n<!-- END table -->\n\n"
            "After.\n<!-- BEGIN other -->\nkept\n<!-- END other -->\n")
    new = replace_block(page, "table", "| a |\n|---|\n| 1 |")
    assert new == ("# Page\n\nBy hand.\n\n<!-- BEGIN table (written by a command) -->\n| a |\n|---|\n| 1 |\n"
                   "<!-- END table -->\n\nAfter.\n<!-- BEGIN other -->\nkept\n<!-- END other -->\n")
    assert block(new, "table") == "| a |\n|---|\n| 1 |\n" and block(new, "other") == "kept\n"
    assert replace_block(new, "table", "| a |\n|---|\n| 1 |\n") == new


@pytest.mark.parametrize("page", ["no markers\n", "<!-- BEGIN table -->\nnever closed\n", "<!-- BEGIN tables -->\nx\n"
                                  "<!-- END tables -->\n"])
def test_a_page_without_the_block_is_refused(page):
    with pytest.raises(MissingBlock, match="table"):
        replace_block(page, "table", "x")
