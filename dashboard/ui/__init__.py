"""Dash: what the page is made of (ids, theme, figures, components, callbacks)."""
