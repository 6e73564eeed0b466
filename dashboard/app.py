"""Application factory; ``server`` is the Flask app gunicorn serves.

Creating the app reads nothing: the database is opened by the first request
that needs it (``dashboard.db``), in whichever worker process serves it.
Everything the browser loads is served by this process (Dash's own bundles,
``assets/`` including plotly's topojson folder, and the boundary GeoJSON at
``/geo/<level>-<detail>-<sha8>.json``); nothing comes from a CDN.

plotly.js is a partial bundle and Babel's polyfill is replaced by the one
runtime Dash's bundles need (``dashboard.bundles``, ``dashboard/vendor/README.md``).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import dash
from dash import Dash, html
from flask import Response, abort, has_request_context, request

from dashboard import bundles, components, db, firstpaint, geo, preload, service, still
from dashboard.server import configure_server
from dashboard.settings import Settings

HERE = Path(__file__).parent
#: Pages painted from HTML before the scripts run (``dashboard.prerender``): the map (most first visits), the
#: text pages and /progress, whose copies were checked against their live pages. Not yet /priority (its table
#: is a DataTable, absent from the copy), /compare and /scatter (their graphs' boxes have no height before
#: plotly.js draws): the copy would show their footers where the tables and graphs will be.
PRERENDERED = frozenset(("/", "/progress", "/sources", "/accessibility"))


def _serve_geojson(name: str) -> Response:
    """A boundary FeatureCollection, gzip-compressed once per process, cached for a year."""
    parsed = geo.parse_asset_name(name)
    if parsed is None:
        abort(404)
    level, detail, sha8 = parsed
    try:
        found = service.gzipped_asset(level, detail)
    except db.DatabaseMissing:
        abort(503)
    if found is None or not found[1].startswith(sha8):
        abort(404)
    body, sha256 = found
    return bundles.gzipped_response(body, sha256[:16], "application/json", bundles.IMMUTABLE)


class _AtlasDash(Dash):
    """Dash whose index page carries ``<link rel=preload>`` hints (``dashboard.preload``) and the page's
    own layout and the callback list as data islands (``dashboard.firstpaint``: no round trip before the
    first paint)."""

    def interpolate_index(self, *args: Any, **kwargs: Any) -> str:
        index = str(super().interpolate_index(*args, **kwargs))
        if not has_request_context():
            return index
        if components.request_lang() == "en":
            index = index.replace('<html lang="ja">', '<html lang="en">', 1)
        page = "/" + (self.strip_relative_path(request.path) or "")
        index = _titled(index, page.rstrip("/") or "/")
        query = request.query_string.decode("utf-8", "replace")
        address = (request.script_root + request.path, "?" + query if query else "", request.url)
        islands = firstpaint.islands(self, _shell, *address)
        index = bundles.without_polyfill(preload.inject(index, page, query))
        if page in PRERENDERED:
            index = firstpaint.inject_first(index, firstpaint.prerendered(self, _shell, *address))
        return firstpaint.inject(index, islands + preload.scripts(page))


def _titled(index: str, path: str) -> str:
    """The first paint's ``<title>`` in the page's language (the router sets the same after navigation)."""
    pages = list(dash.page_registry.values())
    page = next((p for p in pages if p["path"] == path), None) or next(
        (p for p in pages if p["module"] == "not_found_404"), None)
    title = page["title"]() if page is not None and callable(page["title"]) else None
    if not isinstance(title, str):
        return index
    start, end = index.find("<title>"), index.find("</title>")
    return index if start < 0 or end < 0 else index[: start + 7] + escape(title, quote=False) + index[end:]


def _not_found_status(app: Dash) -> Any:
    """An ``after_request`` hook: HTTP 404 for the index page served at a path no page has.

    Dash answers every unknown path with its index page and status 200 (its
    router then shows ``pages.not_found``); a link checker should learn the
    address does not exist.
    """

    def hook(response: Response) -> Response:
        if request.method != "GET" or response.status_code != 200 or response.mimetype != "text/html":
            return response
        path = ("/" + (app.strip_relative_path(request.path) or "")).rstrip("/") or "/"
        known = {page["path"] for page in dash.page_registry.values() if page["module"] != "not_found_404"}
        if path not in known:
            response.status_code = 404
        return response

    return hook


def _register_bundles(app: Dash) -> Any:
    """A ``before_request`` hook: Dash registers the bundles it may serve only while writing an index page.

    A worker whose first request is for a bundle (a ``<link rel=preload>`` or
    a lazily loaded chunk that reached the other gunicorn worker) would answer
    500 ("not a registered library"); such a worker registers them first.
    """
    suites = app.config.routes_pathname_prefix + "_dash-component-suites/"

    def hook() -> None:
        if not app.registered_paths and request.path.startswith(suites):
            app._generate_scripts_html()  # registers every script it lists, as the index page does

    return hook


#: ``lang="ja"`` for screen readers (pages set ``lang`` on their root for English).
INDEX = """<!DOCTYPE html>
<html lang="ja">
<head>{%metas%}<title>{%title%}</title>{%favicon%}{%css%}</head>
<body>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer></body>
</html>"""


def _shell(container: html.Div | None = None) -> html.Div:
    """The app's root: the page container, empty (the router fills it) or filled for one address."""
    return html.Div(container if container is not None else dash.page_container, className="app")


def create_app(config: Settings | None = None) -> Dash:
    """Build the Dash app. ``config`` pins the database path (else ``ATLAS_DB`` is read lazily)."""
    if config is not None:
        db.configure(config.db_path)
    app = _AtlasDash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(HERE / "assets"),
        title="地域デジタル格差アトラス",
        update_title=None,
        suppress_callback_exceptions=True,
        compress=True,
        serve_locally=True,
    )
    from dashboard.pages import (  # noqa: F401
        accessibility,  # operate
        compare,  # insight
        map_page,  # noqa: F401  (register_page needs the app first)
        not_found,
        priority,
        progress,  # insight
        scatter,  # insight
        sources,
        success,  # insight
    )

    app.layout = _shell
    app.index_string = INDEX
    app.server.after_request(_not_found_status(app))
    app.server.before_request(_register_bundles(app))
    app.server.after_request(bundles.precompressed_suites(app))  # registered after Flask-Compress: runs first
    prefix = app.config.routes_pathname_prefix
    app.server.add_url_rule(f"{prefix}geo/<name>", "geojson_asset", _serve_geojson)
    # A static rule outranks Dash's ``_dash-component-suites/<package>/<path>`` route in Flask's matching.
    app.server.add_url_rule(prefix + preload.PLOTLY_PATH.lstrip("/"), "plotly_bundle", bundles.serve_plotly)
    app.server.add_url_rule(prefix + bundles.REGENERATOR_PATH.lstrip("/"), "regenerator", bundles.serve_regenerator)
    app.server.add_url_rule(prefix + still.ROUTE.lstrip("/") + "<name>", "still_map", still.serve)
    configure_server(app.server, app)  # headers, body limit, callback guard, /healthz (dashboard.server)
    return app


app = create_app()
server = app.server
