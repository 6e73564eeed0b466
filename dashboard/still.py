"""Still pictures of the map, shown from the first paint until plotly.js has drawn the live map.

On a first visit the live choropleth appears only once plotly.js, React and
Dash's bundles have been downloaded and run (~1.3 s on 2 cores). A picture of
the same figure, drawn by the export renderer (kaleido, the same plotly.js)
at the size the map box has in a 1280 x 800 window, is on screen as soon as
the HTML and one 130 KB PNG have arrived: in the prerendered page
(``dashboard.prerender``) first, then under the live graph until plotly.js
has drawn over it (``assets/style.css`` hides it then).

Pictures exist only for the views every first visit opens (the map page's
default view in each language), drawn by each worker's warm-up: drawing one
takes Chromium ~1–3 s of CPU, not something to do for every address a crowd
asks for. A view without a picture loads as before. A picture is keyed by
the view, the database build and the day (views change with the date: a
target that expired), so a rebuilt database never shows an old map; the
first request for a default view after such a change draws its new picture
in the background (``refresh``), one at a time.
"""

from __future__ import annotations

import itertools
import logging
import threading

from flask import Response, abort

from dashboard import cache, service
from dashboard.state import ViewState, parse_query

#: The views pictured at warm-up: the map page's bare address in each language.
DEFAULT_QUERIES = ("", "lang=en")
#: The map box's plot at a 1280 x 800 window (``.map-box`` in ``assets/style.css``: 837 x 624 with borders).
WIDTH, HEIGHT = 835, 622
#: Bytes of pictures kept per process (each ~130 KB): the default views of two languages, with room for a
#: day change; the least recently used goes first (``cache.ViewCache``, the views' own LRU).
MAX_BYTES = 2 * 1024 * 1024
ROUTE = "/_atlas/still/"

_pictures = cache.ViewCache(max_bytes=MAX_BYTES)
_counter = itertools.count(1)
_generation = 0
#: Held while a background ``refresh`` draws (one at a time); ``warm`` turns refreshing on for the process.
_drawing = threading.Lock()
_refreshing = False


def key(state: ViewState) -> str:
    """The picture's name for ``state`` under this database build, today (the views' cache key)."""
    return cache.key({"still": state.to_query()}, service.build_id())


def url(state: ViewState) -> str | None:
    """Where the picture of ``state`` is served (app-relative: ``dash.get_relative_path`` adds a prefix),
    if this process has drawn it (never draws)."""
    if state.upload is not None:
        return None  # a session's own data is never pictured
    name = key(state)
    return f"{ROUTE}{name}.png" if _pictures.get(name) is not None else None


def generation() -> int:
    """Changes whenever a picture is added: page layouts cached before then lack it (``firstpaint``)."""
    return _generation


def draw(state: ViewState) -> str:
    """Draw the picture of ``state`` with the export renderer and keep it; returns its key."""
    from dashboard.export.frame import Page
    from dashboard.export.render import get_renderer
    from dashboard.export.views import build_view

    global _generation
    png = get_renderer().render(build_view(state).figure, "png", Page("still", WIDTH, HEIGHT))
    name = key(state)
    _pictures.put(name, png)
    _generation = next(_counter)
    return name


def _defaults() -> list[ViewState]:
    options = service.state_options()
    return [parse_query(query, options) for query in DEFAULT_QUERIES]


def warm() -> int:
    """Draw the default views (the warm-up's first export: it also starts the renderer); returns how many.

    From then on this process also redraws them when the day or the database changes (``refresh``).
    """
    global _refreshing
    drawn = 0
    for state in _defaults():
        draw(state)
        drawn += 1
    _refreshing = True
    return drawn


def refresh(state: ViewState) -> bool:
    """Start drawing ``state``'s picture in the background if it is a default view without one and no
    other drawing is under way (a new day, a rebuilt database); returns whether it started."""
    if not _refreshing or state.upload is not None or url(state) is not None or state not in _defaults():
        return False
    if not _drawing.acquire(blocking=False):
        return False

    def run() -> None:
        try:
            draw(state)
        except Exception:  # noqa: BLE001 - an optimisation only: the page loads as before without it
            logging.getLogger(__name__).warning("no still picture of the map for %s", state.to_query(), exc_info=True)
        finally:
            _drawing.release()

    threading.Thread(target=run, name="still-picture", daemon=True).start()
    return True


def serve(name: str) -> Response:
    """``/_atlas/still/<key>.png``: immutable (the key names view, build and day); 404 once dropped."""
    png = _pictures.get(name.removesuffix(".png"))
    if png is None or not name.endswith(".png"):
        abort(404)
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=86400, immutable"
    return response


def clear() -> None:
    """Forget every picture and stop refreshing (tests)."""
    global _generation, _refreshing
    _pictures.clear()
    _generation = next(_counter)
    _refreshing = False


__all__ = ["DEFAULT_QUERIES", "ROUTE", "clear", "draw", "generation", "key", "refresh", "serve", "url", "warm"]
