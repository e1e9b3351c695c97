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
