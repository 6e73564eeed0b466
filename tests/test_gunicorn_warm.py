"""Gunicorn workers take traffic only once warm, at boot and after a recycle (issue 13).

Real gunicorn with the production config on loopback, serving the fixture
database. Every ``/healthz`` answer names its worker and whether that worker
finished its warm-up; an answer from a cold worker would mean a user served
while the process still fills its caches.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.common import free_port, wait_warm

ROOT = Path(__file__).resolve().parents[1]


def _health(port: int) -> dict[str, object]:
    """``/healthz`` once the master has bound the port (it imports the app first: a few seconds)."""
    for _ in range(600):
        try:
            return _ask(port)
        except ConnectionRefusedError:
            time.sleep(0.2)
    raise AssertionError("gunicorn never listened")


def _ask(port: int) -> dict[str, object]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        assert response.status == 200
        return dict(json.loads(response.read()))
    finally:
        conn.close()


def _gunicorn(db: Path, log: Path, **env: str) -> Iterator[int]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "dashboard.app:server", "--config", "gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}"]
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "ATLAS_DB": str(db), **env},
                                stdout=sink, stderr=subprocess.STDOUT)
        try:
            yield port
        finally:
            proc.terminate()
            proc.wait(timeout=60)


@pytest.fixture()
def two_workers(fixture_db: Path, tmp_path: Path) -> Iterator[int]:
    yield from _gunicorn(fixture_db, tmp_path / "two.log", WEB_CONCURRENCY="2")


def test_every_worker_answers_only_once_warm(two_workers: int) -> None:
    first = _health(two_workers)  # asked at once: it waits until some worker accepts
    assert first["warm"] is True, first
    wait_warm(two_workers, 2, timeout=180)  # both workers reached, each answering warm


def test_a_recycled_worker_takes_traffic_only_once_warm(fixture_db: Path, tmp_path: Path) -> None:
    """Two workers recycled every ~30 requests: a replacement whose sibling serves answers nothing until
    warm; when no sibling is serving it warms in the background, and every request is still answered."""
    log = tmp_path / "recycle.log"
    answers: list[dict[str, object]] = []
    for port in _gunicorn(fixture_db, log, WEB_CONCURRENCY="2", GUNICORN_MAX_REQUESTS="30"):
        wait_warm(port, 2, timeout=180)
        boot = {a["worker"] for a in (_ask(port) for _ in range(10))}
        first: dict[object, bool] = {}
        for _ in range(3000):  # bounded; stops at the first replacement that answered warm from the start
            answer = _ask(port)
            answers.append(answer)
            first.setdefault(answer["worker"], bool(answer["warm"]))
            if any(warm for pid, warm in first.items() if pid not in boot):
                break
        text = log.read_text(errors="replace")
        assert any(warm for pid, warm in first.items() if pid not in boot), text[-2000:]
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text[text.find("Traceback") - 300:][:3000]


def test_the_dev_server_says_it_did_not_warm(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without gunicorn's post-fork warm-up nothing claims to be warm."""
    from dashboard import db
    from dashboard.app import server

    monkeypatch.setenv("ATLAS_DB", str(fixture_db))
    db.configure(None)
    body = server.test_client().get("/healthz").get_json()
    db.configure(None)
    assert body["warm"] is False and body["worker"] == os.getpid()


#: Run in a fresh interpreter, as a new worker is: in this test session other tests have filled (and evicted)
#: the caches, so ``service.warm`` could find its views cached while the queries below them were evicted.
_WARM_CHECK = """
import json
from dashboard import db, queries, service
service.warm()
cached = [queries._median_series, queries._row_positions, queries._indicator_rows]
misses = [f.cache_info().misses for f in cached]
cat, key = queries.catalogue(), db.key()
pairs = [(ind.id, level) for ind in cat.indicators.values() for level in ind.levels]
for ind_id, level in pairs:
    queries.median_series(ind_id, level)
    queries._row_positions(key, ind_id, level)
    queries._indicator_rows(key, ind_id)
print(json.dumps({"pairs": len(pairs), "before": misses, "after": [f.cache_info().misses for f in cached]}))
"""


def test_warm_up_leaves_every_indicator_cached(fixture_db: Path) -> None:
    """``service.warm`` loops over every indicator and level; a cache smaller than that loop evicted the
    first indicators again, so the default view's first user paid for them (bench/firsttime.py)."""
    done = subprocess.run([sys.executable, "-c", _WARM_CHECK], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "ATLAS_DB": str(fixture_db)})
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["pairs"] > 16  # more than the old bound, so the test can fail
    assert found["after"] == found["before"], found  # no lookup after the warm-up missed
