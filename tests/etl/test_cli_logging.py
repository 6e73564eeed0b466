"""``python -m etl`` is observable: a line per source as it is read, warnings for
what was dropped, a final summary a person reads; ``-v`` and ``-q`` change how
much is said. Runs the real CLI on the fixture inputs."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from etl.sources import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "raw"


def _build(tmp_path: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> str:
    out = tmp_path / "atlas.duckdb"
    code = main(["build", "--raw", str(FIXTURE_RAW), "--user", str(tmp_path / "no-user"), "--out", str(out), *flags])
    assert code == 0
    return capsys.readouterr().err


def test_build_logs_each_source_the_drops_and_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _build(tmp_path, capsys)
    for module in REGISTRY:
        source_id = module.SOURCE_ID
        assert re.search(rf"INFO +read {source_id}: .+, [\d,]+ rows in \d+\.\d s", err), (source_id, err)
    con = duckdb.connect(str(tmp_path / "atlas.duckdb"), read_only=True)
    dropped = con.execute("SELECT count(*) FROM boundary_dropped").fetchone()
    municipalities = con.execute("SELECT count(*) FROM areas WHERE level = 'municipality'").fetchone()
    values = con.execute("SELECT count(*), count(*) - count(value) FROM indicator_values").fetchone()
    con.close()
    assert dropped and municipalities and values
    # every dropped boundary feature group is a warning (tests/etl/sources/test_boundaries.py has one),
    # and the summary counts them
    assert len(re.findall(r"WARNING +\S+: dropped \d+ feature", err)) == dropped[0]
    summary = err.strip().splitlines()[-1]
    assert f"{municipalities[0]:,} municipalities" in summary, summary
    assert f"{values[0]:,} values, {values[1]:,} missing" in summary, summary
    assert re.search(rf"; {dropped[0]} warning\(s\)$", summary), summary
    assert "table indicator_values" not in err  # per-table counts only with -v


def test_quiet_keeps_warnings_and_verbose_adds_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quiet = _build(tmp_path, capsys, "-q")
    assert "INFO" not in quiet and "built" not in quiet
    assert all(" WARNING " in line for line in quiet.strip().splitlines()), quiet
    assert main(["check", "--raw", str(FIXTURE_RAW), "--user", str(tmp_path / "no-user"), "-v"]) == 0
    verbose = capsys.readouterr().err
    assert re.search(r"DEBUG +  \S+SSDSE-A-2025\.csv: [\d,]+ rows", verbose), verbose[-2000:]
    assert re.search(r"INFO +ok: \d+ parsed inputs", verbose)
