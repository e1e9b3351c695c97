"""Flask and gunicorn: how the page is served (app wiring, Dash compatibility, request checks, sign-in, caches)."""
