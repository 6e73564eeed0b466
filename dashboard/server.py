"""Production settings for the Flask server under Dash: ``configure_server``.

What it adds, and why each is on by default:

- compression (flask-compress; Dash's ``compress=True`` already registers it,
  this makes sure): callback JSON and the page shrink 5-10x on the wire;
- security headers on every response, errors included (``dashboard.security``);
- a request body limit (``ATLAS_MAX_BODY_BYTES``, default 8 MiB: room for a
  5 MB upload sent base64-encoded inside a callback body, nothing more);
- a body deadline (``ATLAS_BODY_SECONDS``, default 10): the whole body must
  arrive within it or the request gets 408 and the connection is closed, so
  a client that announces a body and trickles it holds a thread for seconds,
  not for ever (issue 15; in production a buffering proxy in front does
  better: ``deploy/nginx.conf``);
- a shape check of every ``/_dash-update-component`` body against the
  registered callbacks, so an unknown callback or forged component ids get a
  400 instead of reaching Dash's dispatcher;
- plain-text error pages: a 500 says that something failed and that it was
  logged, never how (Flask logs the traceback to stderr, gunicorn's error log),
  and shows the request id that the log line and ``X-Request-ID`` carry
  (``dashboard.requestlog``);
- ``/healthz`` (``dashboard.health``);
- ``warm_up``: gunicorn calls it in each worker after the fork and before the
  worker takes traffic, so per-process caches (pages, every indicator's
  frames, the export renderer, the upload parser) are filled at boot instead
  of on the first user's request; ``/healthz`` then reports ``"warm": true``.

Debug mode is not switched on here at all: only ``python -m dashboard`` with
``ATLAS_DEBUG=1`` enables Dash's dev tools; under gunicorn they never load.
"""

from __future__ import annotations

import io
import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dash.exceptions import UnsupportedRelativePath
from flask import Flask, Response, current_app, request
from flask_compress import Compress
from werkzeug.exceptions import InternalServerError, RequestEntityTooLarge

from dashboard import health, requestlog, security

DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024
DEFAULT_BODY_SECONDS = 10
_CALLBACK_ROUTE = "_dash-update-component"


@dataclass(frozen=True)
class ServerSettings:
    """What the host may tune: who may frame the app and how large a request body may be."""

    frame_ancestors: str = "'self'"
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    body_seconds: int = DEFAULT_BODY_SECONDS


def load(env: Mapping[str, str] | None = None) -> ServerSettings:
    """Read ``ATLAS_FRAME_ANCESTORS`` (CSP sources, space separated) and ``ATLAS_MAX_BODY_BYTES``.

    A value set but invalid raises ``settings.SettingsError`` naming it: the
    start fails with that sentence instead of serving with a policy or limit
    the operator did not ask for.
    """
    from dashboard.settings import env_frame_ancestors, env_int

    env = os.environ if env is None else env
    limit = env_int(env, "ATLAS_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1, 10**12)
    seconds = env_int(env, "ATLAS_BODY_SECONDS", DEFAULT_BODY_SECONDS, 1, 3600)
    return ServerSettings(env_frame_ancestors(env), limit, seconds)


class BodyDeadline:
    """WSGI middleware: read a request's whole body within ``seconds`` (else 408), before the app sees it.

    Under gunicorn the socket (``gunicorn.socket``) gets the time left as its
    timeout for each read, so a stalled client raises instead of blocking the
    thread. Bodies over ``limit`` or of unknown length beyond it are left to
    Flask's 413; a body that arrived is handed on as an in-memory stream.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]], seconds: float, limit: int) -> None:
        self.app, self.seconds, self.limit = app, seconds, limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        declared = environ.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in str(environ.get("HTTP_TRANSFER_ENCODING", "")).lower()
        length = security.strict_int(declared.strip(), 1, self.limit)
        if length is None and not chunked:
            return self.app(environ, start_response)  # no body, or one Flask refuses by size unread
        try:
            body = self._read(environ, length)
        except (TimeoutError, OSError):
            start_response("408 Request Timeout", [("Content-Type", "text/plain"), ("Connection", "close")])
            return [f"Request body not received within {self.seconds:g} s.\n".encode()]
        environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
        return self.app(environ, start_response)

    def _read(self, environ: dict[str, Any], length: int | None) -> bytes:
        stream, sock = environ["wsgi.input"], environ.get("gunicorn.socket")
        wanted = self.limit + 1 if length is None else length
        deadline, chunks, got = time.monotonic() + self.seconds, [], 0
        try:
            while got < wanted:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                if sock is not None:
                    sock.settimeout(left)
                chunk = stream.read(min(wanted - got, 1 << 16))
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
        finally:
            if sock is not None:
                sock.settimeout(None)
        return b"".join(chunks)


def _plain(text: str, status: int) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


def _internal_error(error: Exception) -> Response:
    rid = requestlog.request_id()
    cause = getattr(error, "original_exception", None) or error
    # Flask has logged the traceback just before; this line ties it to the id the user sees.
    current_app.logger.error("request %s failed: %s %s: %s", rid, request.method, request.path, type(cause).__name__)
    return _plain(
        "Internal server error. It has been logged; please reload the page or try again later.\n"
        f"If it persists, tell the administrator this request id: {rid}", 500)


def _too_large(_error: Exception) -> Response:
    limit = request.max_content_length or DEFAULT_MAX_BODY_BYTES
    return _plain(f"Request body too large (limit {limit:,} bytes).", 413)


def _bad_path(_error: Exception) -> Response:
    # Dash's page router refuses a pathname outside the app's prefix (only a forged request sends one).
    return _plain("Bad callback request: page path outside this app.", 400)


def _callback_guard(callback_map: Callable[[], Mapping[str, Mapping[str, Any]]], path: str) -> Callable[[], Any]:
    def guard() -> Response | None:
        if request.method != "POST" or request.path != path:
            return None
        problem = security.callback_request_problem(request.get_json(silent=True), callback_map())
        return None if problem is None else _plain(f"Bad callback request: {problem}.", 400)

    return guard


def configure_server(server: Flask, app: Any = None, config: ServerSettings | None = None) -> None:
    """Harden ``server`` (``app.server``); pass the Dash ``app`` to also check callback requests.

    Call once, after ``Dash(...)`` is created and its pages are imported: the
    CSP allows the inline scripts Dash lists in ``app.csp_hashes()``.
    """
    config = config or load()
    server.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    server.wsgi_app = BodyDeadline(server.wsgi_app, config.body_seconds, config.max_body_bytes)  # type: ignore[method-assign]
    if not any(getattr(f, "__self__", None).__class__ is Compress for f in server.after_request_funcs.get(None, [])):
        Compress(server)
    hashes = (lambda: app.csp_hashes()) if app is not None else tuple
    server.after_request(security.security_headers(config.frame_ancestors, hashes))
    requestlog.install(server)
    server.register_error_handler(InternalServerError, _internal_error)
    server.register_error_handler(RequestEntityTooLarge, _too_large)
    server.register_error_handler(UnsupportedRelativePath, _bad_path)
    health.register(server)
    if app is not None:
        path = app.config.routes_pathname_prefix + _CALLBACK_ROUTE
        server.before_request(_callback_guard(lambda: app.callback_map, path))
        from dashboard import cache

        server.extensions["atlas_view_cache"] = cache.install(server, path)  # after the guard and Compress


def _router(app: Any) -> tuple[str, dict[str, Any]] | None:
    """Dash's page-router callback (inputs ``_pages_location.*``): the request a browser sends on navigation."""
    for output, spec in app.callback_map.items():
        if any(i["id"] == "_pages_location" for i in spec.get("inputs", [])):
            return output, spec
    return None


def finish_setup(app: Any) -> None:
    """Let Dash finish its one-time setup now, in one thread, before this process serves.

    Dash completes its setup on its first request: it moves the callbacks
    registered with ``dash.callback`` into the app's map, then checks the map.
    Two first requests at once race, one iterating the map while the other
    fills it ("dictionary changed size during iteration": a 500 for a user,
    seen when a recycled worker served while warming in the background). One
    request here takes that first turn; ``_dash-dependencies`` reads nothing
    from the database.
    """
    app.server.test_client().get(app.config.routes_pathname_prefix + "_dash-dependencies")


#: How long warm-up waits for the export renderer (Chromium) to start before declaring the worker warm anyway.
RENDERER_WAIT_SECONDS = 60.0


def warm_up(app: Any) -> int:
    """Warm this process before it takes traffic; returns how many pages rendered without error.

    Everything a first user would otherwise wait for, in the order of cost:
    the export renderer (Chromium, 3–9 s, mostly in its own process) starts
    in a thread while this one renders every registered page through the
    real request path and fills every indicator's caches (``service.warm``:
    5.9 s on the first profile click without), then the upload parser's
    fork server. Only then is the process marked warm (``/healthz`` says so)
    and gunicorn lets it accept connections: a worker recycled under load
    (``max_requests``) leaves the traffic to its siblings until it is warm,
    rather than serving its first users slowly while it warms.
    """
    import threading

    health.check_warming()
    renderer = threading.Thread(target=_start_renderer, name="warm-export-renderer", daemon=True)
    renderer.start()
    rendered = _warm_pages(app)
    if rendered:
        _warm_caches()
    renderer.join(RENDERER_WAIT_SECONDS)
    if rendered:
        _warm_first_paint(app)
    health.mark_warm()
    return rendered


def _warm_first_paint(app: Any) -> None:
    """The map's default index pages again, now with their still pictures (drawn in the renderer's thread):
    their layout and prerendered copy are cached for the first visitor, as every other page's already is."""
    from dashboard import still

    client = app.server.test_client()
    for query in still.DEFAULT_QUERIES:
        health.check_warming()
        client.get(app.config.routes_pathname_prefix + ("?" + query if query else ""))


def _warm_pages(app: Any) -> int:
    """Render every registered page once via Dash's page router callback (the first visitor's request)."""
    import dash

    client = app.server.test_client()
    if client.get(health.PATH).status_code != 200:
        return 0  # no usable database: /healthz says why; nothing to warm
    found = _router(app)
    if found is None:
        return 0
    output, spec = found
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True)) for part in output[2:-2].split("...")]
    rendered = 0
    for page in dash.page_registry.values():
        health.check_warming()
        values = {"pathname": page["path"], "search": "", "hash": ""}
        inputs = [{**i, "value": values.get(i["property"])} for i in spec["inputs"]]
        body = {"output": output, "outputs": outputs, "inputs": inputs, "state": [],
                "changedPropIds": [f"_pages_location.{i['property']}" for i in spec["inputs"]]}
        rendered += client.post(app.config.routes_pathname_prefix + _CALLBACK_ROUTE, json=body).status_code == 200
        client.get(app.config.routes_pathname_prefix + page["path"].lstrip("/"))  # its index page and island
    return rendered


def _warm_caches() -> None:
    """Every indicator's frames, the profile's and peers' tables, similarity, and the upload fork server."""
    from dashboard import isolation, queries, service

    for level, detail in queries.geojson_index():  # first: a prefecture filter soon after start needs them
        service.gzipped_asset(level, detail)  # gzip -9 of the detailed boundaries (2.5 MB) costs ~0.3 s
    service.warm()  # direct calls: cut off by an exit, it raises to gunicorn's _warm, which says so quietly
    health.check_warming()
    codes = queries.areas("municipality")["code"]
    if len(codes):
        service.similar(str(codes.iloc[0]))
        queries.dx_measures(str(codes.iloc[0]))  # the profile's DX items: one read of the whole table
        _warm_views(str(codes.iloc[0]))
    health.check_warming()
    try:
        isolation.warm()
    except Exception:  # noqa: BLE001 - best effort: an upload that cannot start its child says so itself
        logging.getLogger(__name__).exception("upload isolation warm-up failed")


def _warm_views(area: str) -> None:
    """Draw a prefecture's map, ranking and an area's profile once per language through the callbacks.

    ``bench/firsttime.py`` found these slower the first time (first prefecture
    filter ~0.5 s, later ~0.1 s: plotly's validators and framing code paths run
    cold) even with every indicator's frames cached. The views drawn here also
    enter the caches, as any first visitor's would.
    """
    import importlib

    from dashboard import service
    from dashboard.state import parse_query

    # by name: the page modules are Dash glue outside the strictly typed modules this one belongs to
    page, panels = (importlib.import_module(f"dashboard.pages.{m}") for m in ("map_page", "map_panels"))
    options = service.state_options()
    for lang in ("ja", "en"):
        state = parse_query({"pref": area[:2], "area": area, "lang": lang}, options)
        store = {"state": state.as_store(), "query": state.to_query()}
        for render in (page.render_map, panels.render_ranking, panels.render_profile):
            health.check_warming()
            try:
                render(store, None)
            except Exception:  # noqa: BLE001 - best effort: the real request reports its own failure
                logging.getLogger(__name__).exception("warming %s failed", render.__name__)


def _start_renderer() -> None:
    """Draw the map's still pictures, then one real PNG export of a prefecture view (best effort).

    A tiny empty figure started Chromium but left the first real export ~2x
    slower than later ones (plotly.js, the map's fonts and layout code run cold in
    the page: ``bench/firsttime.py``); one real export warms all of them.
    ``/healthz?deep=1`` reports a missing browser.
    """
    from dashboard import db, service, still
    from dashboard.export.files import export_file
    from dashboard.export.render import RendererClosed, browser_path
    from dashboard.state import parse_query

    try:
        if browser_path() is not None:
            still.warm()  # the map's still pictures for first visits (dashboard.still): also starts Chromium
            options = service.state_options()
            export_file(parse_query({"pref": min(options.prefectures, default="")}, options), "png")
    except db.DatabaseMissing:  # nothing to export from; /healthz says why, as the page warm-up does
        return
    except RendererClosed:  # recycled or stopped while warming: nothing failed
        logging.getLogger(__name__).info("export renderer warm-up stopped: the worker is exiting")
    except Exception:  # noqa: BLE001 - warming is best effort; exports report their own failures
        logging.getLogger(__name__).exception("export renderer warm-up failed")
