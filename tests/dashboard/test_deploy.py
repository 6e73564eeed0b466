"""The deployment entry points: ``Procfile`` and ``gunicorn.conf.py``, and the
real gunicorn serving the fixture database (loopback only)."""

from __future__ import annotations

import http.client
import os
import re
import runpy
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _config(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    for name in ("PORT", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_TIMEOUT", "GUNICORN_MAX_REQUESTS",
                 "GUNICORN_LOGLEVEL", "ATLAS_MAX_BODY_BYTES", "ATLAS_FRAME_ANCESTORS", "ATLAS_DEBUG", "ATLAS_WARMUP"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_procfile_runs_gunicorn_with_the_config() -> None:
    line = (ROOT / "Procfile").read_text(encoding="utf-8").strip()
    kind, command = line.split(":", 1)
    assert kind == "web"
    assert shlex.split(command) == ["gunicorn", "dashboard.app:server", "--config", "gunicorn.conf.py"]


def test_config_defaults_suit_a_small_dyno(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config({}, monkeypatch)
    assert config["bind"] == "0.0.0.0:8050"
    assert (config["workers"], config["threads"]) == (2, 32)  # threads also wait on slow clients (issue 15)
    assert config["accesslog"] == "-"


def test_config_reads_the_platform_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config({"PORT": "5000", "WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "8"}, monkeypatch)
    assert config["bind"] == "0.0.0.0:5000"
    assert (config["workers"], config["threads"]) == (3, 8)
    empty = _config({"PORT": "", "WEB_CONCURRENCY": " "}, monkeypatch)  # empty means unset
    assert (empty["bind"], empty["workers"]) == ("0.0.0.0:8050", 2)


@pytest.mark.parametrize(("name", "value"), [
    ("PORT", "http"), ("WEB_CONCURRENCY", "-2"), ("GUNICORN_THREADS", "many"), ("GUNICORN_TIMEOUT", "0"),
    ("ATLAS_MAX_BODY_BYTES", "8MB"), ("ATLAS_FRAME_ANCESTORS", "'self'; script-src *"), ("ATLAS_DEBUG", "yes"),
    ("GUNICORN_LOGLEVEL", "verbose"), ("ATLAS_WARMUP", "off"),
])
def test_invalid_environment_stops_the_start_with_one_sentence(
    name: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit) as stopped:
        _config({name: value}, monkeypatch)
    message = str(stopped.value.code)
    assert message.startswith(f"error: {name}=") and repr(value) in message and "expected" in message, message


def test_gunicorn_and_the_dev_server_refuse_a_bad_value_before_serving(tmp_path: Path) -> None:
    env = {**os.environ, "ATLAS_MAX_BODY_BYTES": "lots", "PYTHONPATH": str(ROOT)}
    for command in ([sys.executable, "-m", "gunicorn", "dashboard.app:server", "--config", "gunicorn.conf.py",
                     "--bind", f"127.0.0.1:{_free_port()}"], [sys.executable, "-m", "dashboard"]):
        run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert run.returncode != 0, command
        assert "error: ATLAS_MAX_BODY_BYTES='lots' is not valid" in run.stderr, run.stderr[-2000:]
        assert "Traceback" not in run.stderr, run.stderr[-2000:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_gunicorn_serves_the_app_with_warm_workers(fixture_db: Path, tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "ATLAS_DB": str(fixture_db), "WEB_CONCURRENCY": "2", "GUNICORN_LOGLEVEL": "info"}
    log = tmp_path / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "dashboard.app:server", "--config", "gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}"]
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            for _ in range(300):
                try:
                    status, body = _get(port, "/healthz")
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                pytest.fail("gunicorn did not answer: " + log.read_text(errors="replace")[-2000:])
            assert status == 200, body
            assert b'"status":"ok"' in body.replace(b" ", b"")
            page_status, page = _get(port, "/")
            assert page_status == 200 and b"_dash-renderer" in page
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    text = log.read_text(errors="replace")
    # each worker warmed itself after the fork
    assert len(re.findall(r"warmed [1-9]\d* pages", text)) == 2, text[-2000:]
    assert '"GET /healthz HTTP/1.1" 200' in text  # access log on stdout
    # one line per request in Apache combined format, then duration and request id
    combined = re.compile(r'^127\.0\.0\.1 - - \[[^\]]+\] "GET / HTTP/1\.1" 200 \d+ "-" "[^"]*" \d+ms rid=[0-9a-f]{16}$',
                          re.MULTILINE)
    assert combined.search(text), text[-2000:]
    assert "Traceback" not in text


def _scripts() -> dict[str, str]:
    import tomllib

    return dict(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"])


def _run_script(target: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Call a ``module:function`` entry point the way the installed console script does."""
    module, func = target.split(":")
    code = f"import sys; from {module} import {func} as f; sys.argv = ['x', *sys.argv[1:]]; sys.exit(f())"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_console_scripts_are_declared_beside_the_module_forms() -> None:
    scripts = _scripts()
    assert set(scripts) == {"atlas-build", "atlas-serve", "atlas-export"}
    for name, target in scripts.items():
        result = _run_script(target, "--help")
        assert result.returncode == 0, (name, result.stderr[-1000:])
        assert "usage" in result.stdout.lower(), (name, result.stdout[:500])
    assert "dashboard.app:server" in _run_script(scripts["atlas-serve"], "--print-config").stdout


def test_atlas_build_builds_by_default(fixture_raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "atlas.duckdb"
    result = _run_script(_scripts()["atlas-build"], "--raw", str(fixture_raw), "--user", str(tmp_path / "none"),
                         "--out", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.is_file() and out.stat().st_size > 0


def test_an_error_page_shows_the_request_id_that_the_log_and_header_carry(caplog: pytest.LogCaptureFixture) -> None:
    from flask import Flask

    from dashboard.server import configure_server

    app = Flask("failing")
    configure_server(app)

    @app.route("/boom")
    def boom() -> str:
        raise RuntimeError("secret detail")

    client = app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    rid = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", rid)
    page = response.get_data(as_text=True)
    assert rid in page and "secret detail" not in page and "Traceback" not in page
    assert any(rid in r.getMessage() and "/boom" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    # a proxy's id is kept when it is a plain token, replaced when it could forge a log line
    assert client.get("/healthz", headers={"X-Request-ID": "lb-1234abcd"}).headers["X-Request-ID"] == "lb-1234abcd"
    forged = client.get("/healthz", headers={"X-Request-ID": "x\" 200 forged"}).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", forged)
    assert client.get("/healthz").headers["X-Request-ID"] != client.get("/healthz").headers["X-Request-ID"]


_CSP_PROBE = """
import json, sys
from dashboard.app import server
from dashboard.security import inline_script_hashes
client = server.test_client()
first = client.get(sys.argv[1])
page = client.get("/")
script_src = page.headers["Content-Security-Policy"].split("script-src ")[1].split(";")[0].split()
print(json.dumps({"first": first.headers["Content-Security-Policy"], "script_src": script_src,
                  "inline": list(inline_script_hashes(page.get_data(as_text=True)))}))
"""


@pytest.mark.parametrize("first", ["/healthz", "/", "/sources"])
def test_csp_allows_exactly_the_inline_scripts_dash_sends(fixture_db: Path, first: str) -> None:
    """Dash's own ``csp_hashes()`` (taken once per process) covers every inline script of the page,
    whatever the process's first request was (a fresh process: a warm-up or a probe may come first)."""
    import json

    env = {**os.environ, "ATLAS_DB": str(fixture_db), "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", _CSP_PROBE, first], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    inline = seen["inline"]
    assert len(inline) == 2  # the renderer bootstrap and the pages title script
    assert set(inline) <= set(seen["script_src"]), seen
    assert [s for s in seen["script_src"] if s not in ("'self'", *inline)] == []
    assert seen["first"].split("script-src ")[1].split(";")[0].split() == seen["script_src"]


def test_etags_follow_http_conditional_rules(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plotly bundle's ETag through werkzeug: lists, weak tags and ``*`` match; another tag or a
    prefix of the tag does not."""
    from dashboard import db, preload
    from dashboard.app import server

    monkeypatch.setenv("ATLAS_DB", str(fixture_db))
    db.configure(None)
    client = server.test_client()
    plain = client.get(preload.PLOTLY_PATH)
    gz = client.get(preload.PLOTLY_PATH, headers={"Accept-Encoding": "gzip"})
    tag = plain.headers["ETag"]
    assert plain.status_code == gz.status_code == 200 and gz.headers["ETag"] == tag
    assert gz.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    for sent in (tag, f'"other", {tag}', f"W/{tag}", "*"):
        assert client.get(preload.PLOTLY_PATH, headers={"If-None-Match": sent}).status_code == 304, sent
    for sent in ('"other"', tag[:-3] + '"'):
        assert client.get(preload.PLOTLY_PATH, headers={"If-None-Match": sent}).status_code == 200, sent
    assert client.get(preload.PLOTLY_PATH, headers={"If-None-Match": tag, "Accept-Encoding": "gzip"}
                      ).status_code == 304
