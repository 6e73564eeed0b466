"""``/healthz``: is this process able to serve the atlas?

A load balancer or PaaS probes this URL before routing traffic to an
instance. It answers 200 with the database's build metadata (schema version,
build time, how many sources and files went into it) and 503 with one plain
sentence when the file is missing, unreadable or of another schema version,
so an operator sees *why* an instance is out of rotation without reading
logs. The expected schema version is ``layers.schema.SCHEMA_VERSION``, the
contract the ETL writes (the dashboard never imports ``etl``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
from flask import Flask, Response, jsonify

from dashboard import db
from layers.schema import SCHEMA_VERSION

#: The version this release reads; the ETL writes the same constant (tests/dashboard/test_health.py checks it).
EXPECTED_SCHEMA_VERSION = SCHEMA_VERSION
PATH = "/healthz"


@dataclass(frozen=True)
class Health:
    """The probe's verdict: an HTTP status and a JSON-able body."""

    status: int
    body: dict[str, Any]


def _unhealthy(error: str) -> Health:
    return Health(503, {"status": "unavailable", "error": error})


def check() -> Health:
    """Read ``_meta`` and ``_sources`` from the database this process serves."""
    where = str(db.path())
    try:
        cur = db.cursor()
        meta = dict(cur.execute("SELECT key, value FROM _meta").fetchall())
        row = cur.execute("SELECT count(DISTINCT source_id), count(*) FROM _sources").fetchone()
    except db.DatabaseMissing:
        return _unhealthy(f"database file {where} is missing or unreadable; build it with `python -m etl build`")
    except duckdb.Error:
        return _unhealthy(f"database file {where} has no readable _meta/_sources tables; rebuild it")
    version = meta.get("schema_version")
    if version != EXPECTED_SCHEMA_VERSION:
        return _unhealthy(
            f"database file {where} has schema version {version!r}, this app needs "
            f"{EXPECTED_SCHEMA_VERSION!r}; rebuild it with this release's `python -m etl build`"
        )
    sources, files = row if row else (0, 0)
    return Health(200, {
        "status": "ok", "schema_version": version, "built_at": meta.get("built_at"),
        "sources": int(sources), "files": int(files),
    })


def healthz() -> Response:
    result = check()
    response = jsonify(result.body)
    response.status_code = result.status
    response.headers["Cache-Control"] = "no-store"
    return response


def register(server: Flask) -> None:
    """Add ``GET /healthz`` at the server root (probes talk to the process, not to a path prefix)."""
    server.add_url_rule(PATH, "healthz", healthz, methods=["GET", "HEAD"])
