"""Thin callbacks, one module per feature: unpack inputs, call a pure function, return."""

from dashboard.callbacks import filters, navigation, table, view


def register(app, holder) -> None:
    navigation.register(app, holder)
    filters.register(app, holder)
    view.register(app, holder)
    table.register(app, holder)
