"""Dash: what the page is made of (ids, figures, the map's drawing, components, callbacks, exports, documents)."""
