"""Production settings of the real app (``dashboard.server``): security headers,
a CSP that admits exactly the inline scripts Dash writes, compression,
immutable caching of boundary assets, body limits and plain error pages."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from dashboard import db, security, server
from dashboard.settings import SettingsError


@pytest.fixture(scope="module")
def client(fixture_db: Path) -> Iterator[FlaskClient]:
    from dashboard.app import server as flask_server

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ATLAS_DB", str(fixture_db))
        db.configure(None)
        yield flask_server.test_client()
        db.configure(None)


def _csp(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


@pytest.mark.parametrize("path", ["/", "/priority", "/sources", "/healthz", "/_dash-layout", "/no-such-page"])
def test_every_response_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    csp = _csp(response.headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert not any(src.startswith("http") for sources in csp.values() for src in sources), "no CDN may be allowed"


def test_csp_hashes_are_exactly_the_inline_scripts_of_the_page(client: FlaskClient) -> None:
    response = client.get("/")
    page = re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.DOTALL)
    inline = [m.group(2) for m in re.finditer(r"<script([^>]*)>(.*?)</script>", page, flags=re.DOTALL)
              if "src=" not in m.group(1) and "application/json" not in m.group(1)]
    assert inline, "Dash writes at least its renderer bootstrap inline"
    expected = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline}
    allowed = set(_csp(response.headers["Content-Security-Policy"])["script-src"]) - {"'self'"}
    assert allowed == expected


def test_responses_are_compressed(client: FlaskClient) -> None:
    response = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]


def test_boundary_assets_are_immutable_and_gzipped_once(client: FlaskClient) -> None:
    from dashboard import service

    name = service.asset_name("municipality", "overview")
    assert name is not None
    response = client.get(f"/geo/{name}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.data[:2] == b"\x1f\x8b" and response.data[2:4] != b"\x1f\x8b"  # not compressed twice
    stale = client.get("/geo/" + name.replace(name.split("-")[-1][:8], "00000000"))
    assert stale.status_code == 404


def test_frame_ancestors_is_configurable_and_validated() -> None:
    assert server.load({"ATLAS_FRAME_ANCESTORS": "'self' https://portal.example.lg.jp"}).frame_ancestors == \
        "'self' https://portal.example.lg.jp"
    assert server.load({}).frame_ancestors == "'self'"
    for hostile in ("'self'; script-src *", "https://a.example\r\nSet-Cookie: x=1", "javascript:alert(1) 'x'", ","):
        assert security.frame_ancestors(hostile) == "'self'", hostile
        with pytest.raises(SettingsError, match="ATLAS_FRAME_ANCESTORS="):  # and the start stops, naming it
            server.load({"ATLAS_FRAME_ANCESTORS": hostile})


def test_body_limit_is_configurable() -> None:
    assert server.load({}).max_body_bytes == 8 * 1024 * 1024
    assert server.load({"ATLAS_MAX_BODY_BYTES": "1048576"}).max_body_bytes == 1048576
    for bad in ("-1", "lots"):
        with pytest.raises(SettingsError, match="ATLAS_MAX_BODY_BYTES="):
            server.load({"ATLAS_MAX_BODY_BYTES": bad})


def _bare_app(config: server.ServerSettings) -> Flask:
    """A minimal Flask app with the same hardening, to provoke errors the atlas itself never raises."""
    app = Flask("probe")

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret detail /etc/atlas password=hunter2")

    @app.post("/echo")
    def echo() -> str:
        from flask import request

        return str(len(request.get_data()))

    server.configure_server(app, config=config)
    return app


def test_a_crash_shows_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    response = _bare_app(server.ServerSettings()).test_client().get("/boom")
    assert response.status_code == 500
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "secret" not in text and "RuntimeError" not in text
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "secret detail" in caplog.text  # logged for the operator instead


def test_bodies_over_the_limit_get_413() -> None:
    client = _bare_app(server.ServerSettings(max_body_bytes=1000)).test_client()
    assert client.post("/echo", data=b"x" * 1000).status_code == 200
    too_big = client.post("/echo", data=b"x" * 1001)
    assert too_big.status_code == 413
    assert "1,000" in too_big.get_data(as_text=True)


def test_custom_frame_ancestors_reach_the_header() -> None:
    settings = server.ServerSettings(frame_ancestors="https://portal.example.lg.jp")
    response = _bare_app(settings).test_client().get("/boom")
    assert _csp(response.headers["Content-Security-Policy"])["frame-ancestors"] == ["https://portal.example.lg.jp"]
    assert "X-Frame-Options" not in response.headers  # it cannot name another origin; CSP governs


def test_inline_script_hashes_skip_external_json_and_commented_scripts() -> None:
    page = ('<!--[if IE]><script>alert(1)</script><![endif]--><script src="/a.js"></script>'
            '<script type="application/json">{"a": 1}</script><script>run()</script>')
    digest = base64.b64encode(hashlib.sha256(b"run()").digest()).decode()
    assert security.inline_script_hashes(page) == (f"'sha256-{digest}'",)


def test_debug_and_dev_tools_are_off(client: FlaskClient) -> None:
    import json

    page = client.get("/").get_data(as_text=True)
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page).group(1))
    assert config["ui"] is False  # no dev-tools panel, no callback graph, no error pop-ups with tracebacks
    assert config.get("hot_reload") is None


PATTERN_MAP = {  # what Dash stores for pattern-matching callbacks (ids stringified, wildcards as ["ALL"])
    '{"index":["MATCH"],"type":"out"}.children': {
        "inputs": [{"id": '{"index":["MATCH"],"type":"btn"}', "property": "n_clicks"}],
        "state": [{"id": '{"index":["ALL"],"type":"all"}', "property": "value"}],
    },
}


def test_guard_accepts_pattern_matching_requests_and_rejects_forged_ones() -> None:
    body = {
        "output": '{"index":["MATCH"],"type":"out"}.children',
        "outputs": {"id": {"index": 3, "type": "out"}, "property": "children"},
        "inputs": [{"id": {"index": 3, "type": "btn"}, "property": "n_clicks", "value": 1}],
        "state": [[{"id": {"index": 1, "type": "all"}, "property": "value", "value": "a"},
                   {"id": {"index": 2, "type": "all"}, "property": "value", "value": "b"}]],
        "changedPropIds": ['{"index":3,"type":"btn"}.n_clicks'],
    }
    assert security.callback_request_problem(body, PATTERN_MAP) is None
    forged = {**body, "inputs": [{"id": {"index": 3, "type": "evil"}, "property": "n_clicks", "value": 1}]}
    assert security.callback_request_problem(forged, PATTERN_MAP) == "inputs do not match the callback"
    nested = {**body, "inputs": [{"id": {"index": {"$ne": 1}, "type": "btn"}, "property": "n_clicks", "value": 1}]}
    assert security.callback_request_problem(nested, PATTERN_MAP) is not None


def test_guard_never_raises_on_garbage() -> None:
    callback_map = {**PATTERN_MAP, "a.b": {"inputs": [], "state": []},
                    "..c.d...e.f..": {"inputs": [{"id": "_pages_location", "property": "search"}], "state": []}}
    junk: list = [None, 1, "x", [], {}, [1], [[1]], [{"id": None}], [{"id": {"index": []}}], {"id": "a"}]
    for output in ['{"index":["MATCH"],"type":"out"}.children', "a.b", "..c.d...e.f..", None, 5, "zz"]:
        for field in ("outputs", "inputs", "state", "changedPropIds"):
            for value in junk:
                body = {"output": output, field: value}
                assert isinstance(security.callback_request_problem(body, callback_map), str | None)


def test_dash_setup_is_finished_before_a_worker_serves() -> None:
    """Dash moves ``dash.callback`` registrations into the app on its first request, unsafely for two
    threads at once (a 500 under a recycle); ``finish_setup`` takes that turn first. A fresh interpreter,
    since this test session's app has long served its first request."""
    import subprocess
    import sys

    child = ("import dash._callback as cb\nfrom dashboard.app import app\nfrom dashboard.server import finish_setup\n"
             "before = len(cb.GLOBAL_CALLBACK_MAP)\nfinish_setup(app)\n"
             "print(before, len(cb.GLOBAL_CALLBACK_MAP), len(app.callback_map))")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", child], cwd=root, capture_output=True, text=True, timeout=120)
    before, pending, moved = map(int, done.stdout.split())
    assert before > 20 and pending == 0 and moved >= before, done.stdout + done.stderr


def test_warm_up_without_a_database_logs_no_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """No database: /healthz says so; the export warm-up has nothing to draw and must not log a traceback."""
    from dashboard.export.render import browser_path

    if browser_path() is None:
        pytest.skip("Chromium is not installed: the export warm-up is skipped anyway")
    monkeypatch.setenv("ATLAS_DB", str(tmp_path / "absent.duckdb"))
    db.configure(None)
    try:
        server._start_renderer()
    finally:
        db.configure(None)
    assert not [r for r in caplog.records if r.levelno >= 40], caplog.text



def test_a_warm_up_asked_to_stop_stops_at_its_next_step(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exiting worker (gunicorn's ``worker_exit``) stops its background warm-up between steps instead of
    letting it send requests that the exit cuts off, each logged as a failure with its traceback."""
    import threading

    from dashboard import health
    from dashboard.app import app

    monkeypatch.setenv("ATLAS_DB", str(fixture_db))
    monkeypatch.setattr(health, "_STOP", threading.Event())  # this test's own flags
    monkeypatch.setattr(health, "_WARM", threading.Event())
    db.configure(None)
    try:
        health.stop_warming()
        with pytest.raises(health.WarmUpStopped):
            server.warm_up(app)
    finally:
        db.configure(None)
    assert not health.is_warm()
