"""Application factory; ``server`` is the Flask app gunicorn serves.

Creating the app reads nothing: the database is opened by the first request
that needs it (``dashboard.db``), in whichever worker process serves it.
Everything the browser loads is served by this process (Dash's own bundles,
``assets/`` including plotly's topojson folder, and the boundary GeoJSON at
``/geo/<level>-<detail>-<sha8>.json``); nothing comes from a CDN.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import dash
from dash import Dash, html
from flask import Response, abort, request

from dashboard import db, geo, service
from dashboard.server import configure_server
from dashboard.settings import Settings

HERE = Path(__file__).parent
#: One year: the URL changes whenever the content does (sha256 in the name).
IMMUTABLE = "public, max-age=31536000, immutable"


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
    etag = f'"{sha256[:16]}"'
    headers = {"Cache-Control": IMMUTABLE, "ETag": etag, "Vary": "Accept-Encoding"}
    if etag in request.headers.get("If-None-Match", ""):
        return Response(status=304, headers=headers)
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(body, mimetype="application/json", headers=headers)
    return Response(gzip.decompress(body), mimetype="application/json", headers=headers)


#: ``lang="ja"`` for screen readers (pages set ``lang`` on their root for English).
INDEX = """<!DOCTYPE html>
<html lang="ja">
<head>{%metas%}<title>{%title%}</title>{%favicon%}{%css%}</head>
<body>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer></body>
</html>"""


def _shell() -> html.Div:
    return html.Div(dash.page_container, className="app")


def create_app(config: Settings | None = None) -> Dash:
    """Build the Dash app. ``config`` pins the database path (else ``ATLAS_DB`` is read lazily)."""
    if config is not None:
        db.configure(config.db_path)
    app = Dash(
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
        map_page,  # noqa: F401  (register_page needs the app first)
        priority,
        sources,
    )

    app.layout = _shell
    app.index_string = INDEX
    prefix = app.config.routes_pathname_prefix
    app.server.add_url_rule(f"{prefix}geo/<name>", "geojson_asset", _serve_geojson)
    configure_server(app.server, app)  # headers, body limit, callback guard, /healthz (dashboard.server)
    return app


app = create_app()
server = app.server
