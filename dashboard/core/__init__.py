"""Pure: data in, data out. No Dash, no Flask (tests/unit/test_architecture.py checks it)."""
