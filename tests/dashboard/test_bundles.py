"""Babel's polyfill replaced by ``regenerator-runtime`` (``dashboard.bundles``): every page loads the one
global Dash's bundles need, before React, and never core-js. That the app still works without core-js is
what the browser tests show (``tests/e2e``: every page, no console error)."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard import bundles

PAGES = ("/", "/priority", "/progress", "/compare", "/scatter", "/sources", "/accessibility", "/no-such-page")


@pytest.fixture()
def client(app: Any) -> FlaskClient:
    """The real app's server on the fixture database (``conftest.atlas_db``)."""
    return app.server.test_client()


def test_every_page_loads_the_runtime_before_react_and_no_polyfill(client: FlaskClient) -> None:
    tag = f'<script src="{bundles.REGENERATOR_PATH}"></script>'
    for path in PAGES:
        html = client.get(path).get_data(as_text=True)
        assert "polyfill@" not in html, path
        assert html.count(tag) == 1, path
        assert html.index(tag) < html.index("/deps/react@18"), path
        assert html.index(tag) < html.index("dash_renderer"), path


def test_the_runtime_is_served_as_published_compressed_and_cached_for_a_year(client: FlaskClient) -> None:
    response = client.get(bundles.REGENERATOR_PATH, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    raw = gzip.decompress(response.data)
    assert raw == bundles.REGENERATOR.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == "e4fa2bcc7507e23fb226bad104bd3c526149ebc9891afbc4bb3a4a0c88afded3"
    assert b"regeneratorRuntime = runtime" in raw  # the global the bundles call
    assert response.headers["Cache-Control"] == bundles.IMMUTABLE  # the version is in the URL
    again = client.get(bundles.REGENERATOR_PATH, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_dash_bundles_need_regenerator_runtime_and_nothing_is_left_to_replace() -> None:
    """Guards both ways: if a Dash upgrade stops calling ``regeneratorRuntime`` the runtime can go too;
    if it stops listing the polyfill, ``without_polyfill`` changes nothing (and loads no runtime twice)."""
    import dash

    renderer = Path(dash.__file__).parent / "dash-renderer" / "build" / "dash_renderer.min.js"
    assert "regeneratorRuntime" in renderer.read_text(encoding="utf-8")
    page = '<script src="/_dash-component-suites/dash/deps/react@18.v4.js"></script>'
    assert bundles.without_polyfill(page) == page
    prefixed = '<script src="/atlas/_dash-component-suites/dash/deps/polyfill@7.v4_4_1m1.12.1.min.js"></script>'
    swapped = bundles.without_polyfill(prefixed)
    assert "polyfill@" not in swapped and swapped.count(bundles.REGENERATOR.name) == 1


def test_dash_bundles_are_compressed_once_per_process(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Flask-Compress would gzip dcc's 355 KB again for every first visit; the hook serves one copy."""
    import re

    import dash

    html = client.get("/").get_data(as_text=True)
    url = re.search(r'src="([^"]*/dcc/dash_core_components\.v[^"]+\.js)"', html).group(1)  # type: ignore[union-attr]
    raw = (Path(dash.__file__).parent / "dcc" / "dash_core_components.js").read_bytes()
    calls: list[int] = []
    real = gzip.compress
    monkeypatch.setattr(bundles.gzip, "compress", lambda data, **kw: calls.append(len(data)) or real(data, **kw))
    bundles._GZIPPED.clear()
    first = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    second = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in first.headers["Vary"]
    assert gzip.decompress(first.data) == raw and second.data == first.data
    assert calls == [len(raw)]  # compressed for the first request only
    assert first.headers["Cache-Control"] == "max-age=31536000"  # Dash's own headers are kept
    plain = client.get(url)
    assert "Content-Encoding" not in plain.headers and plain.data == raw
