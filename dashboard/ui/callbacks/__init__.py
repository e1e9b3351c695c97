"""Thin callbacks, one module per feature: unpack inputs, call core, return a dict keyed by output."""

from dashboard.ui.callbacks import banner, filters, navigation, text_version, view


def register(app, live) -> None:
    navigation.register(app, live)
    filters.register(app, live)
    view.register(app, live)
    text_version.register(app, live)
    banner.register(app, live)
