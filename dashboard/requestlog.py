"""A request id on every response, so an error a user reports can be found in the logs.

Each request gets an id (the ``X-Request-ID`` a proxy sent, when it is a short
plain token, else a new random one). It is sent back in the ``X-Request-ID``
response header, written in gunicorn's access line (``gunicorn.conf.py``
logs that header) and shown on the error page, whose log line carries the
same id beside the traceback Flask logs.
"""

from __future__ import annotations

import re
import secrets

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-ID"
#: What we accept from a proxy: short, and nothing that could forge a log line or a header.
_TOKEN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str:
    """This request's id ("-" outside a request)."""
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        sent = request.headers.get(HEADER, "")
        g.request_id = sent if _TOKEN.match(sent) else secrets.token_hex(8)
    return str(g.request_id)


def _tag(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    return response


def install(server: Flask) -> None:
    """Send the id on every response, errors included."""
    server.after_request(_tag)
