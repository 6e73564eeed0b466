"""``/healthz``: is this process able to serve the atlas?

A load balancer or PaaS probes this URL before routing traffic to an
instance. It answers 200 with the database's build metadata (schema version,
build time, how many sources and files went into it) and 503 with one plain
sentence when the file is missing, unreadable or of another schema version,
so an operator sees *why* an instance is out of rotation without reading
logs. A healthy answer also says whether the answering worker process has
finished its warm-up (``"warm"``) and which process it is (``"worker"``, its
pid), so a load bench can wait until every worker of every instance is warm
(``bench.common.wait_warm``).

``/healthz?deep=1`` also checks what figure exports need on this host
(Debian's ``chromium`` and a Japanese font such as ``fonts-noto-cjk``) and
answers 503 when they are missing: maps still work without them, exports
would not. A load balancer probes the plain URL; a deployment's smoke test
probes the deep one. The expected schema version is ``layers.schema.SCHEMA_VERSION``, the
contract the ETL writes (the dashboard never imports ``etl``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from typing import Any

import duckdb
from flask import Flask, Response, jsonify, request

from dashboard import db
from layers.schema import SCHEMA_VERSION

#: The version this release reads; the ETL writes the same constant (tests/dashboard/test_health.py checks it).
EXPECTED_SCHEMA_VERSION = SCHEMA_VERSION
PATH = "/healthz"
#: Set once this process has filled its caches (``server.warm_up``, run by gunicorn after the fork).
#: A process flag, not user state: it only says whether a first request here would pay for warming.
_WARM = threading.Event()


def mark_warm() -> None:
    """Record that this process's warm-up finished (``/healthz`` then reports ``"warm": true``)."""
    _WARM.set()


def is_warm() -> bool:
    """Has this process finished its warm-up? (Never true under the dev server, which does not warm.)"""
    return _WARM.is_set()


#: Set when the process begins to exit: a warm-up still running (in the background) stops at its next step.
_STOP = threading.Event()


class WarmUpStopped(Exception):
    """The process is exiting; the warm-up stopped between two steps."""


def stop_warming() -> None:
    """Ask a running warm-up to stop at its next step (gunicorn's ``worker_exit``)."""
    _STOP.set()


def check_warming() -> None:
    """Between warm-up steps: raise ``WarmUpStopped`` once the process exits.

    A recycled worker warming in the background used to go on issuing its
    warm-up requests while Python shut down, and each one cut off then (the
    database interrupted) logged a request failure with its traceback.
    """
    if _STOP.is_set():
        raise WarmUpStopped


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
        "sources": int(sources), "files": int(files), "warm": is_warm(), "worker": os.getpid(),
    })


def _japanese_fonts() -> tuple[list[str], str | None]:
    """Font families fontconfig offers for Japanese (what Chromium falls back to), or the problem."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return [], "fontconfig (fc-list) is not installed, so Chromium finds no fonts; install fontconfig"
    try:
        out = subprocess.run([fc_list, ":lang=ja", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [], f"fc-list failed: {exc}"
    families = sorted({name.strip() for line in out.splitlines() for name in line.split(",")[:1] if name.strip()})
    if not families:
        return [], "no Japanese font is installed; install fonts-noto-cjk (Debian) for export titles and labels"
    return families, None


def exports_check() -> dict[str, Any]:
    """Can this host render exports? Chromium that starts, and a Japanese font."""
    from dashboard.export.render import browser_path

    problems: list[str] = []
    browser, version = browser_path(), None
    if browser is None or not os.access(browser, os.X_OK):
        problems.append("Chromium not found; install Debian's chromium (or set ATLAS_CHROMIUM to its path)")
    else:
        try:
            run = subprocess.run([browser, "--version"], capture_output=True, text=True, timeout=20)
            version = run.stdout.strip() or None
            if run.returncode != 0:
                problems.append(f"Chromium at {browser} exits with status {run.returncode}")
        except (OSError, subprocess.TimeoutExpired) as exc:
            problems.append(f"Chromium at {browser} does not start: {exc}")
    fonts, font_problem = _japanese_fonts()
    if font_problem:
        problems.append(font_problem)
    return {"ok": not problems, "chromium": browser, "chromium_version": version,
            "japanese_fonts": fonts[:5], "problems": problems}


def healthz() -> Response:
    result = check()
    if request.args.get("deep") == "1" and result.status == 200:
        exports = exports_check()
        body = {**result.body, "exports": exports}
        result = Health(200, body) if exports["ok"] else Health(503, {**body, "status": "exports unavailable"})
    response = jsonify(result.body)
    response.status_code = result.status
    response.headers["Cache-Control"] = "no-store"
    return response


def register(server: Flask) -> None:
    """Add ``GET /healthz`` at the server root (probes talk to the process, not to a path prefix)."""
    server.add_url_rule(PATH, "healthz", healthz, methods=["GET", "HEAD"])
