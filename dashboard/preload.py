"""What the browser should start downloading together with the page's HTML.

Without hints, the map page's critical downloads form a chain: the HTML's
scripts run, the renderer asks for the layout, the page router callback
returns the map figure, ``dcc.Graph`` asks for plotly.js, and only once
plotly.js has run does it request the boundary GeoJSON.
``<link rel="preload">`` tags in ``<head>`` let the browser fetch plotly.js
and the boundaries at once, in parallel with Dash's own bundles, so each later
step finds its file already in the cache.

The GeoJSON URLs depend on the view the URL asks for (level, prefecture:
content-hashed names), so they are computed per request from the query with
the same parsing as the page itself. Without a database the page shows a
notice and there is nothing to preload.
"""

from __future__ import annotations

from html import escape

import dash

from dashboard import db, service
from dashboard.state import parse_query

#: Where ``dcc.Graph`` loads plotly.js from (Dash serves it locally; ``app.py`` answers with the partial bundle).
PLOTLY_PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"
# No preload for ``/assets/topojson/world_110m.json``: plotly.js fetches it only for geo subplots that draw base
# layers, and the atlas's maps hide them (``choropleth.geo_layout``), so a preload would be a wasted download and a
# console warning. The file is still served for any figure that does draw them.
#: Pages (app-relative paths) whose first view draws a graph.
GRAPH_PAGES = frozenset(("/", "/priority", "/progress", "/compare", "/scatter"))
#: dcc's lazily loaded component chunks (webpack asks for ``<dcc folder>/<name>.js`` only when such a
#: component first renders, i.e. after the scripts ran and the layout arrived): the ones every graph page
#: renders at once, and the map page's slider and upload. ``async-graph`` is on the map's critical path.
DCC_FOLDER = "/_dash-component-suites/dash/dcc/"
CHUNKS = {page: ("async-graph.js", "async-dropdown.js") for page in GRAPH_PAGES} | {
    "/": ("async-graph.js", "async-dropdown.js", "async-slider.js", "async-upload.js"),
    "/priority": ("async-graph.js", "async-dropdown.js", "async-slider.js"),
}


def _map_geojson(query: str) -> list[str]:
    from dashboard.pages.map_view import geojson_urls  # pages import Dash's page registry: import late

    try:
        state = parse_query(query, service.state_options())
    except db.DatabaseMissing:
        return []
    return geojson_urls(state)


def links(page: str, query: str) -> list[str]:
    """``<link rel=preload>`` tags for an app-relative page path (``/``, ``/priority``...) and its raw query."""
    tags = []
    if page in GRAPH_PAGES:
        tags.append(f'<link rel="preload" as="script" href="{escape(dash.get_relative_path(PLOTLY_PATH))}">')
    for chunk in CHUNKS.get(page, ()):
        tags.append(f'<link rel="preload" as="script" href="{escape(dash.get_relative_path(DCC_FOLDER + chunk))}">')
    if page == "/":
        # ``as="fetch"`` + ``crossorigin``: the credentials mode plotly.js's XMLHttpRequest uses, so the
        # preloaded response is the one it gets (a mismatch would download the file twice).
        for url in _map_geojson(query):
            tags.append(f'<link rel="preload" as="fetch" crossorigin="anonymous" href="{escape(url)}">')
    return tags


def scripts(page: str) -> str:
    """plotly.js as an ordinary script before Dash's own, on pages whose first view draws a graph.

    ``dcc.Graph`` otherwise adds the script only once it mounts (after the
    layout has arrived and React has rendered), so plotly.js's ~0.4 s of
    evaluation came after everything else. Here it runs as soon as its
    (preloaded) bytes are in, while Dash's bundles are still downloading, and
    ``dcc.Graph`` finds ``window.Plotly`` already defined (it never loads it twice).
    """
    if page not in GRAPH_PAGES:
        return ""
    return f'<script src="{escape(dash.get_relative_path(PLOTLY_PATH))}"></script>'


def inject(index: str, page: str, query: str) -> str:
    """The index page with the preload tags for ``page`` at the end of ``<head>``."""
    tags = links(page, query)
    if not tags or "</head>" not in index:
        return index
    return index.replace("</head>", "".join(tags) + "</head>", 1)
