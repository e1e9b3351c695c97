"""Walking a Dash component tree, as the renderer would."""

from __future__ import annotations

from typing import Iterator

from dash.development.base_component import Component


def components(node) -> Iterator[Component]:
    """Every component in the tree, through children and component-valued props (e.g. checklist labels)."""
    if isinstance(node, Component):
        yield node
        for name in node._prop_names:
            if name != "figure":
                yield from components(getattr(node, name, None))
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from components(item)
    elif isinstance(node, dict):
        for item in node.values():
            yield from components(item)


TEXT_PROPS = ("children", "title", "placeholder", "label", "aria-label", "alt")


def texts(node) -> list[str]:
    """The strings shown: text children, titles, placeholders and option labels, in document order."""
    found: list[str] = []

    def visit(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            found.append(str(value))
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)
        elif isinstance(value, Component):
            for name in TEXT_PROPS:
                visit(getattr(value, name, None))
            options = getattr(value, "options", None)
            if isinstance(options, list):
                for option in options:
                    visit(option.get("label") if isinstance(option, dict) else option)

    visit(node)
    return found
