"""``/healthz`` against real database files: the fixture build, a missing
file, a file of another schema version and a file that is not a database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from flask.testing import FlaskClient

from dashboard import db, health


@pytest.fixture()
def client(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FlaskClient]:
    from dashboard.app import server

    monkeypatch.setenv("ATLAS_DB", str(fixture_db))
    db.configure(None)
    yield server.test_client()
    db.configure(None)


def _serve(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setenv("ATLAS_DB", str(path))
    db.configure(None)


def test_expected_schema_version_matches_the_etl() -> None:
    from etl.build import SCHEMA_VERSION

    assert health.EXPECTED_SCHEMA_VERSION == SCHEMA_VERSION


def test_healthy_database_reports_its_build(client: FlaskClient, fixture_db: Path) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    con = duckdb.connect(str(fixture_db), read_only=True)
    meta = dict(con.execute("SELECT key, value FROM _meta").fetchall())
    sources = con.execute("SELECT count(DISTINCT source_id) FROM _sources").fetchone()
    con.close()
    assert body["status"] == "ok"
    assert body["schema_version"] == meta["schema_version"]
    assert body["built_at"] == meta["built_at"]
    assert sources is not None and body["sources"] == sources[0] > 0
    assert body["files"] >= body["sources"]
    assert response.headers["Cache-Control"] == "no-store"


def test_missing_file_is_a_clear_503(client: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _serve(monkeypatch, tmp_path / "nowhere.duckdb")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "missing" in response.get_json()["error"]
    assert "etl build" in response.get_json()["error"]


def test_wrong_schema_version_is_a_clear_503(
    client: FlaskClient, fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old.duckdb"
    shutil.copy(fixture_db, old)
    con = duckdb.connect(str(old))
    con.execute("UPDATE _meta SET value = '0' WHERE key = 'schema_version'")
    con.close()
    _serve(monkeypatch, old)
    response = client.get("/healthz")
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert "'0'" in error and f"'{health.EXPECTED_SCHEMA_VERSION}'" in error


def test_database_without_metadata_is_a_503(
    client: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = tmp_path / "bare.duckdb"
    duckdb.connect(str(bare)).close()
    _serve(monkeypatch, bare)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "_meta" in response.get_json()["error"]


def test_a_file_that_is_not_a_database_is_a_503(
    client: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database", encoding="utf-8")
    _serve(monkeypatch, junk)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"Traceback" not in response.data
