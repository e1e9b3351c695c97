"""Thin callbacks, one module per feature: unpack inputs, call core, return a dict keyed by output."""

from dashboard.ui.callbacks import banner, filters, navigation, table, view


def register(app, live) -> None:
    navigation.register(app, live)
    filters.register(app, live)
    view.register(app, live)
    table.register(app, live)
    banner.register(app, live)
