"""The first paint without a round trip: the page's layout travels inside its HTML.

Without this, a first visit is a chain of requests after the scripts have run:
the renderer fetches ``_dash-layout`` (the bare page container) and
``_dash-dependencies``, ``dcc.Location`` then reports the address, and Dash's
page router answers with the page (the map figure included) in a callback.
Only then does plotly.js start drawing.

Here the index page carries both answers as JSON data islands
(``<script type="application/json">``: data, never executed, so the strict CSP
is untouched). ``assets/firstpaint.js`` hands them to the renderer's first
``_dash-layout`` and ``_dash-dependencies`` fetches. The layout's page container
is already filled with what the router callback would return for this address
(``page_content``: the same registry lookup and the same layout call), and its
``dcc.Location`` already holds the address, so the router does not fire on load.

The island of a view is computed once per worker and database build and kept
in the per-worker view cache (``dashboard.cache``) next to the callback
responses: a crowd opening the same link costs one layout build.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import dash
from dash import dcc, html
from dash._pages import _parse_query_string, _path_to_page
from dash._utils import to_json
from flask import current_app

from dashboard import cache, db, prerender, service, still

#: The ids of Dash's page container (``dash.page_container``); the router's outputs and inputs.
LOCATION, CONTENT, STORE, DUMMY = "_pages_location", "_pages_content", "_pages_store", "_pages_dummy"
LAYOUT_ID, DEPENDENCIES_ID = "atlas-layout", "atlas-dependencies"


def page_content(app: dash.Dash, pathname: str, search: str) -> tuple[Any, str]:
    """(layout, title) of the page at ``pathname`` + ``search``, exactly as Dash's page router computes them."""
    query = _parse_query_string(search)
    page, variables = _path_to_page(app.strip_relative_path(pathname))
    if page == {}:
        page = next((p for m, p in dash.page_registry.items() if m.split(".")[-1] == "not_found_404"), {})
    layout = page.get("layout", "") if page else html.H1("404 - Page not found")
    title = page.get("title", app.title) if page else app.title
    if callable(layout):
        layout = layout(**{**(variables or {}), **query})
    if callable(title):
        title = title(**(variables or {}))
    return layout, str(title)


def container(content: Any = None, title: str | None = None, location: dict[str, str] | None = None) -> html.Div:
    """``dash.page_container``'s components, optionally filled in for one address.

    A ``dcc.Location`` whose ``pathname``, ``search``, ``hash`` and ``href`` are
    all set reports nothing when it mounts, so the page router stays quiet.
    """
    return html.Div([
        dcc.Location(id=LOCATION, refresh="callback-nav", **(location or {})),
        html.Div(content, id=CONTENT, disable_n_clicks=True),
        dcc.Store(id=STORE, data={"title": title} if title is not None else None),
        html.Div(id=DUMMY, disable_n_clicks=True),
    ])


def _island_tag(element_id: str, text: str) -> str:
    """JSON inside ``<script type="application/json">``: ``<``, ``>`` and ``&`` escaped so no text closes it."""
    safe = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{safe}</script>'


def layout_json(app: dash.Dash, shell: Any, pathname: str, search: str, href: str) -> str:
    """What ``_dash-layout`` would answer if it knew the address: the shell with the page already in it."""
    content, title = page_content(app, pathname, search)
    location = {"pathname": pathname, "search": search, "hash": "", "href": href}
    return str(to_json(shell(container(content, title, location))))


def _cached(key_parts: dict[str, str], compute: Callable[[], str]) -> str:
    """``compute()``, kept in the per-worker view cache under the database build and today's date."""
    store: cache.ViewCache | None = current_app.extensions.get("atlas_view_cache")
    if store is None:
        return compute()
    found = cache.key({"first_paint": key_parts}, service.build_id())
    data = store.get(found)
    if data is None:
        data = compute().encode("utf-8")
        store.put(found, data)
    return data.decode("utf-8")


def _layout(app: dash.Dash, shell: Any, pathname: str, search: str, href: str) -> str:
    """``layout_json``, cached; a still picture drawn since (``dashboard.still``) makes a new entry."""
    parts = {"pathname": pathname, "search": search, "href": href, "stills": str(still.generation())}
    return _cached(parts, lambda: layout_json(app, shell, pathname, search, href))


def prerendered(app: dash.Dash, shell: Any, pathname: str, search: str, href: str) -> str:
    """The page as HTML for the paint before the scripts (``dashboard.prerender``); empty if it cannot be."""
    try:
        layout = _layout(app, shell, pathname, search, href)
        parts = {"prerender": pathname, "search": search, "href": href, "stills": str(still.generation())}
        return _cached(parts, lambda: prerender.overlay(json.loads(layout)))
    except db.DatabaseMissing:
        return ""
    except Exception:  # noqa: BLE001 - an optimisation only: without it the page paints when the scripts ran
        logging.getLogger(__name__).exception("prerendering %s%s failed", pathname, search)
        return ""


def islands(app: dash.Dash, shell: Any, pathname: str, search: str, href: str) -> str:
    """The two data islands for the index page of ``pathname`` + ``search`` (empty without a database)."""
    try:
        layout = _layout(app, shell, pathname, search, href)
    except db.DatabaseMissing:
        return ""
    except Exception:  # noqa: BLE001 - an optimisation only: without islands the page loads as before
        logging.getLogger(__name__).exception("first-paint island for %s%s failed; the router will render it",
                                              pathname, search)
        return ""
    dependencies = str(to_json(app._callback_list))
    return _island_tag(LAYOUT_ID, layout) + _island_tag(DEPENDENCIES_ID, dependencies)


def inject_first(index: str, html_text: str) -> str:
    """The index page with ``html_text`` first in ``<body>`` (the prerendered page lies over the live one)."""
    marker = "<body>"
    if not html_text or marker not in index:
        return index
    return index.replace(marker, marker + html_text, 1)


def inject(index: str, tags: str) -> str:
    """The index page with the islands just before Dash's scripts (``<footer>`` in ``app.INDEX``)."""
    marker = "<footer>"
    if not tags or marker not in index:
        return index
    return index.replace(marker, marker + tags, 1)


__all__ = ["container", "inject", "inject_first", "islands", "layout_json", "page_content", "prerendered"]
