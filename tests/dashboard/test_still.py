"""The map's still picture (``dashboard.still``), drawn by the real export renderer (Chromium): once drawn
it is served at an immutable address, shown in the prerendered page and under the live graph; a view
without one loads as before; a rebuilt database or a session's own data never shows an old picture."""

from __future__ import annotations

import json
import re
import shutil
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard import db, firstpaint, prerender, service, still
from dashboard.export.render import browser_path
from dashboard.state import parse_query
from tests.dashboard.rebuilt import replace_with_rebuild

pytestmark = pytest.mark.skipif(browser_path() is None, reason="Chromium is not installed (Debian `chromium`)")

ISLAND = re.compile(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', re.S)


@pytest.fixture()
def live(fixture_db: Path, tmp_path: Path) -> Iterator[Path]:
    """A database of its own (the test rebuilds it) and no picture drawn yet."""
    path = tmp_path / "atlas.duckdb"
    shutil.copy(fixture_db, path)
    db.configure(path)
    still.clear()
    yield path
    still.clear()


def _stills(node: Any) -> list[dict[str, Any]]:
    """Props of every ``img.map-still`` in a layout (JSON)."""
    found = []
    if isinstance(node, dict):
        props = node.get("props") or {}
        if node.get("type") == "Img" and props.get("className") == "map-still":
            found.append(props)
        for value in props.values():
            found += _stills(value)
    elif isinstance(node, list):
        for child in node:
            found += _stills(child)
    return found


def _page(app: Any, url: str) -> tuple[str, Any]:
    text = app.server.test_client().get(url).get_data(as_text=True)
    return text, json.loads(dict(ISLAND.findall(text))[firstpaint.LAYOUT_ID])


def test_a_drawn_picture_is_served_and_shown_first_then_under_the_live_map(app: Any, live: Path) -> None:
    state = parse_query("", service.state_options())
    assert still.url(state) is None
    text, layout = _page(app, "/")
    assert _stills(layout) == [] and "elementtiming" not in text  # nothing drawn: the page loads as before

    name = still.draw(state)
    png = app.server.test_client().get(f"{still.ROUTE}{name}.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert "immutable" in png.headers["Cache-Control"]
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png.data[16:24]) == (still.WIDTH, still.HEIGHT)  # the map box's size

    text, layout = _page(app, "/")
    (img,) = _stills(layout)  # the live page: under the graph until plotly.js has drawn
    assert img["src"] == f"{still.ROUTE}{name}.png" and img["alt"] == ""
    overlay = text[text.index(prerender.OVERLAY_ID):text.index('<div id="react-entry-point"')]
    assert f'<img elementtiming="{prerender.STILL_TIMING}" fetchpriority="high" class="map-still"' in overlay
    assert f'src="{still.ROUTE}{name}.png"' in overlay

    _, other = _page(app, "/?pref=36")
    assert _stills(other) == []  # only the default views are pictured
    assert app.server.test_client().get(f"{still.ROUTE}{'0' * 24}.png").status_code == 404
    assert app.server.test_client().get(f"{still.ROUTE}{name}.svg").status_code == 404


def test_a_rebuilt_database_is_never_shown_with_the_old_picture(app: Any, live: Path, fixture_db: Path) -> None:
    state = parse_query("", service.state_options())
    old = still.draw(state)
    replace_with_rebuild(fixture_db, live)
    fresh = parse_query("", service.state_options())
    assert still.key(fresh) != old and still.url(fresh) is None
    _, layout = _page(app, "/")
    assert _stills(layout) == []


def test_views_of_a_session_upload_are_never_pictured(app: Any, live: Path,
                                                     callback_runner: Callable[..., Any]) -> None:
    """Pictures are shared by every visitor; a view drawn with one session's file is that session's alone."""
    from tests.dashboard.test_upload import USER, drop

    out = drop(callback_runner, [USER / "names_utf8.csv"], date="2021-10-01")
    layer = service.load_upload(out["store"])
    assert layer is not None
    plain = parse_query("", service.state_options())
    still.draw(plain)
    with_upload = parse_query("", service.state_options(layer))
    assert with_upload == plain and with_upload.upload is layer  # the same view, seen with the session's file
    assert still.url(plain) is not None and still.url(with_upload) is None


def test_after_a_rebuild_the_default_view_is_redrawn_in_the_background(live: Path, fixture_db: Path) -> None:
    import time

    plain = parse_query("", service.state_options())
    assert not still.refresh(plain)  # nothing drawn at start-up (a test client): no background drawing either
    assert still.warm() == len(still.DEFAULT_QUERIES) and still.url(plain) is not None
    replace_with_rebuild(fixture_db, live)  # new build: the old pictures no longer match
    fresh = parse_query("", service.state_options())
    assert still.url(fresh) is None
    assert not still.refresh(parse_query("pref=36", service.state_options()))  # not a default view
    assert still.refresh(fresh)
    assert not still.refresh(fresh)  # one drawing at a time
    for _ in range(240):
        if still.url(fresh) is not None:
            break
        time.sleep(0.25)
    assert still.url(fresh) is not None, "the new picture was never drawn"


def test_warm_up_caches_the_default_pages_with_their_pictures(app: Any, live: Path) -> None:
    """The pictures are drawn in the renderer's thread while the pages warm: the warm-up asks for the default
    pages once more, so the first visitor gets them (with the picture) from the cache, not computed."""
    from dashboard import server

    store = app.server.extensions["atlas_view_cache"]
    still.warm()
    store.clear()
    server._warm_first_paint(app)
    kept = set(store.entries)
    for query in still.DEFAULT_QUERIES:
        text, layout = _page(app, "/" + ("?" + query if query else ""))
        assert len(_stills(layout)) == 1 and 'elementtiming="first-map"' in text, query
    assert set(store.entries) == kept  # nothing computed for a visitor
