"""A bounded, per-worker cache of callback responses: one computed payload per view, served to everyone.

Why at the response level: a crowd opening the same link (a ministry notice,
a briefing) asks for the same few views. Dash recomputes a view's figure,
ranks, headline and table for every request and serialises them again; the
response of a ``/_dash-update-component`` POST is a pure function of its
JSON body (inputs, state, which input changed), the database and the date,
so the bytes can be kept and sent again. Everything downstream of Dash
(compression, security headers, the request id) still runs per request.

The key is the SHA-256 of the canonical body, the database's build id
(``service.build_id``: file identity and ``_meta.built_at``) and today's date
(targets and reference-date marks depend on it). A rebuilt database gets a
new build id, so no entry of the old one is ever served again; the old
entries age out of the LRU.

Never cached (``cacheable``): a request that carries a session upload (the
upload store or a file being uploaded: one user's data must never reach
another), downloads (large, and exports stamp their date), responses other
than 200 (``PreventUpdate``'s 204, errors). Concurrent misses for one key
wait for the first to finish (single flight) instead of computing it in
parallel: under a crowd that is what keeps 2 cores from doing the same work
50 times.

``ATLAS_VIEW_CACHE_MB`` bounds the bytes per worker (default 64; 0 turns it off).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import Flask, Response, g, request

#: Components whose value is one user's data: a request carrying any of them (non-empty) bypasses the cache.
PRIVATE_IDS = frozenset(("map-upload-store", "map-upload"))
#: Output ids never cached (file downloads: large, dated; the upload flow: private).
UNCACHED_OUTPUT_PARTS = ("download", "map-upload")
#: One entry larger than this is sent but not kept (a page layout is ~100 KB; a figure ≤ 30 KB gzip).
MAX_ENTRY_BYTES = 2 * 1024 * 1024
#: How long a request waits for another computing the same key before computing it itself.
FLIGHT_WAIT_SECONDS = 10.0


@dataclass
class ViewCache:
    """A thread-safe LRU of response bytes bounded by total size, with single-flight misses."""

    max_bytes: int
    entries: OrderedDict[str, bytes] = field(default_factory=OrderedDict)
    size: int = 0
    hits: int = 0
    misses: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _flights: dict[str, threading.Event] = field(default_factory=dict)

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                self.hits += 1
            return found

    def put(self, key: str, data: bytes) -> None:
        if len(data) > min(self.max_bytes, MAX_ENTRY_BYTES):
            return
        with self._lock:
            old = self.entries.pop(key, None)
            self.size -= len(old) if old is not None else 0
            self.entries[key] = data
            self.size += len(data)
            while self.size > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped)

    def claim(self, key: str) -> bool:
        """True: the caller computes ``key`` (and must ``release`` it). False: another thread did; look again."""
        with self._lock:
            flight = self._flights.get(key)
            if flight is None:
                self._flights[key] = threading.Event()
                self.misses += 1
                return True
        flight.wait(FLIGHT_WAIT_SECONDS)
        return False

    def release(self, key: str) -> None:
        with self._lock:
            flight = self._flights.pop(key, None)
        if flight is not None:
            flight.set()

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()
            self.size = 0


def canonical(body: Any) -> bytes:
    """The body as canonical JSON: the same request from two browsers gives the same bytes."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _private(items: Any) -> bool:
    return isinstance(items, list) and any(
        isinstance(i, dict) and i.get("id") in PRIVATE_IDS and i.get("value") not in (None, "", [], {}) for i in items)


def cacheable(body: Any) -> bool:
    """Whether a callback body may be answered from (and stored in) the shared cache."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return False
    if any(part in body["output"] for part in UNCACHED_OUTPUT_PARTS):
        return False
    return not (_private(body.get("inputs")) or _private(body.get("state")))


def key(body: Any, build: str, today: date | None = None) -> str:
    """The cache key of a body for one database build and day."""
    digest = hashlib.sha256(f"{build}|{(today or date.today()).isoformat()}|".encode())
    digest.update(canonical(body))
    return digest.hexdigest()


def max_bytes(env: Any = None) -> int:
    from dashboard.settings import env_int

    return env_int(os.environ if env is None else env, "ATLAS_VIEW_CACHE_MB", 64, 0, 1 << 20) * 1024 * 1024


def install(server: Flask, path: str, store: ViewCache | None = None) -> ViewCache | None:
    """Serve POSTs to ``path`` (Dash's callback route) from a per-process cache; returns it (None when off).

    Register after the request guard and compression: before-request hooks
    run in order (the guard rejects forged bodies first), after-request hooks
    in reverse (this one stores the uncompressed JSON, then compression runs).
    """
    store = store if store is not None else (ViewCache(max_bytes()) if max_bytes() else None)
    if store is None:
        return None

    def lookup() -> Response | None:
        if request.method != "POST" or request.path != path:
            return None
        found = _key_of(request.get_json(silent=True))
        if found is None:
            return None
        for _ in range(2):
            data = store.get(found)
            if data is not None:
                return Response(data, content_type="application/json")
            if store.claim(found):
                g.view_cache_key = found
                return None
        return None  # the other computation failed or is slow: compute without storing twice

    def keep(response: Response) -> Response:
        found = g.pop("view_cache_key", None)
        if found is not None:
            if response.status_code == 200 and not response.direct_passthrough and \
                    response.mimetype == "application/json":
                store.put(found, response.get_data())
            store.release(found)
        return response

    def drop(_error: BaseException | None) -> None:
        found = g.pop("view_cache_key", None)
        if found is not None:
            store.release(found)

    server.before_request(lookup)
    server.after_request(keep)
    server.teardown_request(drop)
    return store


def _key_of(body: Any) -> str | None:
    from dashboard import db, service

    if not cacheable(body):
        return None
    try:
        return key(body, service.build_id())
    except db.DatabaseMissing:
        return None
