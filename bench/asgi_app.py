"""The dashboard as an ASGI application (a2wsgi runs the WSGI app in a thread pool), for bench/servers.py's
uvicorn candidate."""

from a2wsgi import WSGIMiddleware

from dashboard.app import server

app = WSGIMiddleware(server)
