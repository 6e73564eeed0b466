"""The offline bundle installs and serves on a machine without a package index.

``.ci/run`` builds the bundle (``make bundle``, the one step that reaches the
package registry) and points ``ATLAS_BUNDLE`` at its folder; this test then
does what an operator inside a closed network does: ``make build`` in the
bundle with every pip configuration and index removed (so only ``wheels/``
can supply packages), then serves it with the installed ``atlas-serve`` (gunicorn) on loopback and asks
``/healthz``. Without ``ATLAS_BUNDLE`` it is skipped: building a bundle needs
the registry, and tests never use the network.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BUNDLE = os.environ.get("ATLAS_BUNDLE", "")
pytestmark = pytest.mark.skipif(not BUNDLE, reason="ATLAS_BUNDLE names no `make bundle` folder (.ci/run sets it)")


def _offline_env() -> dict[str, str]:
    """This process's environment with pip pointed at nothing but the bundle's wheels."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_", "VIRTUAL_ENV", "ATLAS_"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthz(port: int) -> tuple[int, dict[str, object]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def _serve_and_probe(folder: Path, env: dict[str, str], log: Path) -> tuple[int, dict[str, object]]:
    port = _free_port()
    # the installed console script: gunicorn with the bundle's gunicorn.conf.py
    command = [str(folder / ".venv" / "bin" / "atlas-serve"), "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, cwd=folder, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            for _ in range(600):
                try:
                    return _healthz(port)
                except OSError:
                    if proc.poll() is not None:
                        break
                    time.sleep(0.1)
            pytest.fail("the bundle's gunicorn did not answer: " + log.read_text(errors="replace")[-2000:])
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def test_bundle_installs_builds_and_serves_without_an_index(tmp_path: Path) -> None:
    folder = Path(BUNDLE).resolve()
    assert (folder / "GNUmakefile").is_file() and any((folder / "wheels").glob("*.whl")), f"{folder} is not a bundle"
    env = _offline_env()
    base_python = str(Path(sys.base_prefix) / "bin" / "python3")
    built = subprocess.run(["make", "build", f"PYTHON={base_python}"], cwd=folder, env=env,
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert (folder / "data" / "atlas.duckdb").is_file()
    # the installed project is the bundle's own copy, not the checkout running this test
    probe = [str(folder / ".venv" / "bin" / "python"), "-c", "import dashboard; print(dashboard.__file__)"]
    where = subprocess.run(probe, cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).resolve().is_relative_to(folder), where
    status, body = _serve_and_probe(folder, env, tmp_path / "gunicorn.log")
    assert status == 200, body
    assert body["status"] == "ok" and int(str(body["sources"])) > 0
