"""Thin callbacks, one module per feature: unpack inputs, call core, return a dict keyed by output.

One user action makes one request: the view callback answers every control (the reset included) with every part
it changes; the page's render answers the address (Back, Forward, the language link); the text version asks only
when opened or sorted; the banner asks on its own timer only."""

from dashboard.ui.callbacks import banner, navigation, text_version, view


def register(app, live, urls) -> None:
    """`urls`: what the page links to (dashboard.ui.components.layout.Urls)."""
    navigation.register(app, live, urls)
    view.register(app, live)
    text_version.register(app, live)
    banner.register(app, live)
