"""One real app server (``python -m dashboard`` on the fixture database) and one
headless Chromium for the whole e2e session."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    port = _free_port()
    env = {**os.environ, "ATLAS_DB": str(fixture_db), "PORT": str(port), "PYTHONPATH": str(ROOT)}
    env.pop("ATLAS_DEBUG", None)
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "dashboard"], cwd=ROOT, env=env, stdout=log, stderr=log)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(160):
                try:
                    with urllib.request.urlopen(url + "/", timeout=2):
                        break
                except OSError:
                    time.sleep(0.25)
            else:
                pytest.fail(f"the dashboard did not start; see {log_path}")
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
