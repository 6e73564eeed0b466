"""Browser code served in place of Dash's defaults (``dashboard/vendor/README.md`` says what and why).

- plotly.js: a partial bundle at the URL ``dcc.Graph`` loads plotly.js from,
  instead of plotly.py's full 4.8 MB bundle (~1.3 s to evaluate on 2 cores).
- Babel's polyfill: Dash lists ``@babel/polyfill`` 7.12 (core-js 2, 99 KB)
  before React on every page. Every browser the atlas supports has what
  core-js adds natively; the one thing Dash's bundles still need from it is
  the global ``regeneratorRuntime`` (their async functions are compiled to
  generators). The page loads that runtime alone (25 KB, 7 KB gzip). Besides
  ~50 ms of evaluation on a first visit, this drops core-js's slower
  replacement of ``String.prototype.trim`` (it overrides the native one),
  which plotly.js and the renderer call in their first draw.

Both are compressed once per process and sent with an ETag. So are Dash's own
component bundles (``precompressed_suites``): Flask-Compress would gzip each
one again for every first visit (~10 ms of a worker's CPU for dcc's 355 KB,
~50 ms for a map page's set).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import dash
from flask import Response, request

from dashboard import cache

VENDOR = Path(__file__).parent / "vendor"
#: choropleth + bar + scatter only; see dashboard/vendor/README.md (how it is built, what it contains).
PLOTLY_BUNDLE = VENDOR / "plotly-atlas-4.1.1.min.js"
#: ``regenerator-runtime`` 0.13.11 as published on npm (the version ``@babel/polyfill`` 7.12 bundles).
REGENERATOR = VENDOR / "regenerator-runtime-0.13.11.js"
#: Where the page loads the runtime from (the version is in the name: cached for a year).
REGENERATOR_PATH = "/_atlas/" + REGENERATOR.name
#: One year: the URL changes whenever the content does.
IMMUTABLE = "public, max-age=31536000, immutable"
#: Dash's polyfill script tag (``deps/polyfill@7.<fingerprint>.min.js``, with or without a prefix).
_POLYFILL_TAG = re.compile(r'<script src="[^"]*/_dash-component-suites/dash/deps/polyfill@7[^"]*"></script>')


@lru_cache(maxsize=2)
def compressed(path: Path) -> tuple[bytes, str]:
    """(gzip body, ETag) of a vendored file, made once per process."""
    raw = path.read_bytes()
    return gzip.compress(raw, compresslevel=9, mtime=0), hashlib.sha256(raw).hexdigest()[:16]


def gzipped_response(body: bytes, tag: str, mimetype: str, cache_control: str) -> Response:
    """Send a body compressed once per process: gzip when the client accepts it, 304 on a matching ETag.

    werkzeug's ``make_conditional`` evaluates ``If-None-Match`` (lists, weak
    tags, ``*``) and ``If-Modified-Since`` the way RFC 9110 says. Both encodings
    share the ETag, with ``Vary: Accept-Encoding`` so caches keep them apart
    (as nginx and flask-compress do).
    """
    gzipped = request.accept_encodings["gzip"] > 0
    response = Response(body if gzipped else gzip.decompress(body), mimetype=mimetype)
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Cache-Control"] = cache_control
    response.vary.add("Accept-Encoding")
    response.set_etag(tag)
    return response.make_conditional(request)


def serve_plotly() -> Response:
    """The partial plotly.js bundle.

    Its URL is fixed by Dash (no version in it), so browsers revalidate it
    (ETag → 304) instead of caching it blindly: a deploy with a new bundle
    is picked up at once.
    """
    body, tag = compressed(PLOTLY_BUNDLE)
    return gzipped_response(body, tag, "text/javascript", "no-cache")


def serve_regenerator() -> Response:
    """``regenerator-runtime``, which sets the global ``regeneratorRuntime`` Dash's bundles call."""
    body, tag = compressed(REGENERATOR)
    return gzipped_response(body, tag, "text/javascript", IMMUTABLE)


#: Compressed component bundles by URL path and content checksum (a map page's set is ~0.3 MB gzip).
_GZIPPED = cache.ViewCache(max_bytes=16 * 1024 * 1024)


def _gzip_once(path: str, raw: bytes) -> bytes:
    """``raw`` gzip-compressed, kept per URL path and content checksum (the files a package serves: bounded)."""
    name = f"{path}|{zlib.crc32(raw)}"
    found = _GZIPPED.get(name)
    if found is None:
        found = gzip.compress(raw, compresslevel=9, mtime=0)
        _GZIPPED.put(name, found)
    return found


def precompressed_suites(app: dash.Dash) -> Callable[[Response], Response]:
    """An ``after_request`` hook: Dash's ``_dash-component-suites`` files sent gzip-compressed from a
    per-process cache. It runs before Flask-Compress (hooks run last-registered first), which then
    sees ``Content-Encoding`` and leaves the response alone."""
    suites = app.config.routes_pathname_prefix + "_dash-component-suites/"

    def hook(response: Response) -> Response:
        if (request.method != "GET" or response.status_code != 200 or not request.path.startswith(suites)
                or "Content-Encoding" in response.headers or response.is_streamed
                or request.accept_encodings["gzip"] <= 0):
            return response
        raw = response.get_data()
        response.set_data(_gzip_once(request.path, raw))
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
        return response

    return hook


def without_polyfill(index: str) -> str:
    """The index page with Dash's Babel polyfill replaced by ``regenerator-runtime`` (same place: before React).

    A page without the tag (a Dash that stopped listing it) is returned unchanged.
    """
    tag = f'<script src="{dash.get_relative_path(REGENERATOR_PATH)}"></script>'
    return _POLYFILL_TAG.sub(lambda _: tag, index, count=1)


__all__ = ["PLOTLY_BUNDLE", "REGENERATOR_PATH", "gzipped_response", "precompressed_suites", "serve_plotly",
           "serve_regenerator", "without_polyfill"]
