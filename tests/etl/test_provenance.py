"""Provenance drift: the build refuses files that differ from their SOURCE.md; ``etl record`` is the way back."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from etl.build import build
from etl.provenance import read_table, record, render, sha256_of, verify
from intake.errors import InputError
from tests.etl.refusals import FIXTURE_RAW, ROOT, assert_cli_refused, fresh_raw, previous_db

FTTH = "soumu_ftth_takeup_pref"
FTTH_FILE = "ftth_household_takeup_by_prefecture_2024-03.csv"
FOLDERS = sorted(p for root in (ROOT / "data" / "raw", FIXTURE_RAW) for p in root.iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", FOLDERS, ids=[f"{f.parent.parent.name}/{f.name}" for f in FOLDERS])
def test_every_source_md_is_current(folder: Path) -> None:
    # What `etl record` would write is what is committed: shipped data and fixtures alike.
    assert render(folder) == (folder / "SOURCE.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("raw", [ROOT / "data" / "raw", FIXTURE_RAW], ids=["data", "fixtures"])
def test_shipped_and_fixture_inputs_match_their_source_md(raw: Path) -> None:
    verify(raw)


def test_changed_file_is_refused_with_both_checksums(fixture_db: Path, tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)
    path = raw / FTTH / FTTH_FILE
    old = sha256_of(path)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # harmless bytes, still a different file
    out, before = previous_db(fixture_db, tmp_path)
    message = assert_cli_refused(raw, out, before, FTTH_FILE, old, sha256_of(path), f"python -m etl record {FTTH}")
    assert message.count("\n") == 2  # the refusal and "the previous database ... unchanged"


def test_new_file_is_refused_until_recorded(fixture_db: Path, tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)
    shutil.copy(raw / FTTH / FTTH_FILE, raw / FTTH / "ftth_household_takeup_by_prefecture_2025-03.csv")
    out, before = previous_db(fixture_db, tmp_path)
    assert_cli_refused(raw, out, before, "2025-03.csv", "not listed", f"run `python -m etl record {FTTH}`")


def test_listed_file_that_is_gone_is_refused(fixture_db: Path, tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)
    (raw / FTTH / FTTH_FILE).unlink()
    out, before = previous_db(fixture_db, tmp_path)
    assert_cli_refused(raw, out, before, FTTH_FILE, "listed in", "but missing")


def test_folder_without_source_md_is_refused(tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)
    (raw / FTTH / "SOURCE.md").unlink()
    with pytest.raises(InputError, match=f"{FTTH}: has no SOURCE.md"):
        verify(raw)


def test_record_is_the_two_step_way_to_replace_a_file(fixture_db: Path, tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)
    catalogue = tmp_path / "sources.toml"
    shutil.copy(ROOT / "layers" / "catalogue" / "sources.toml", catalogue)
    path = raw / FTTH / FTTH_FILE
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    command = [sys.executable, "-m", "etl", "record", FTTH, "--raw", str(raw), "--reference-date", "2025-03-31",
               "--catalogue", str(catalogue)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    assert f"{FTTH}/{FTTH_FILE}: sha256 " in result.stdout and sha256_of(path) in result.stdout
    md = (raw / FTTH / "SOURCE.md").read_text(encoding="utf-8")
    assert read_table(md.splitlines()) is not None
    assert "- **Reference date:** 2025-03-31." in md
    block = catalogue.read_text(encoding="utf-8").split(f"[sources.{FTTH}]")[1].split("\n[")[0]
    assert 'reference_date = "2025-03-31"' in block
    assert catalogue.read_text(encoding="utf-8").count('reference_date = "2025-03-31"') == 1
    report = build(raw, tmp_path / "after.duckdb")  # accepted now, with the same values (CRLF is harmless)
    assert report.row_counts["indicator_values"] == _count(fixture_db)


def test_record_refuses_an_unknown_source(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="source 'nope': is not a source folder"):
        record(fresh_raw(tmp_path), "nope", date(2025, 1, 1))


def test_stray_macos_files_are_not_inputs(tmp_path: Path) -> None:
    raw = fresh_raw(tmp_path)
    (raw / FTTH / f"._{FTTH_FILE}").write_bytes(b"\x00\x05\x16\x07Mac OS X")
    (raw / FTTH / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    verify(raw)
    assert render(raw / FTTH) == (raw / FTTH / "SOURCE.md").read_text(encoding="utf-8")


def _count(db: Path) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM indicator_values").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()
