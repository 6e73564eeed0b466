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


def test_deep_check_reports_that_exports_can_render(client: FlaskClient) -> None:
    """This machine has Debian chromium and fonts-noto-cjk (the e2e and export tests need them too)."""
    response = client.get("/healthz?deep=1")
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["status"] == "ok" and body["exports"]["ok"] is True
    assert "Chromium" in (body["exports"]["chromium_version"] or "")
    assert any("CJK" in f or "JP" in f for f in body["exports"]["japanese_fonts"])
    assert "exports" not in client.get("/healthz").get_json()  # the plain probe stays cheap


def test_deep_check_names_a_missing_browser(client: FlaskClient, monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    monkeypatch.setenv("ATLAS_CHROMIUM", str(tmp_path / "no-chromium"))
    response = client.get("/healthz?deep=1")
    assert response.status_code == 503
    problems = response.get_json()["exports"]["problems"]
    assert len(problems) == 1 and "chromium" in problems[0]


def test_deep_check_names_missing_japanese_fonts(client: FlaskClient, monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    empty = tmp_path / "fonts.conf"  # a fontconfig with no font folders: what a host without fonts-noto-cjk sees
    empty.write_text('<?xml version="1.0"?><fontconfig><cachedir>' + str(tmp_path) + "</cachedir></fontconfig>",
                     encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    response = client.get("/healthz?deep=1")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "exports unavailable" and body["exports"]["japanese_fonts"] == []
    assert any("fonts-noto-cjk" in p for p in body["exports"]["problems"])
