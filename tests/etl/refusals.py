"""Shared steps of the refusal tests: break a copy of the fixture inputs, build, and check the refusal.

A refusal is judged the same way everywhere (issue 16): exit status 2, one
sentence naming the file (and the row or area), no traceback, and the previous
database byte-identical with no temporary file left beside it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl.build import build
from etl.provenance import record
from intake.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_RAW = ROOT / "tests" / "fixtures" / "raw"


def fresh_raw(tmp_path: Path) -> Path:
    """A private copy of every fixture input, free to be broken."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    return raw


def previous_db(fixture_db: Path, tmp_path: Path) -> tuple[Path, bytes]:
    """A good database at the output path, and its bytes, for the byte-identical check."""
    out = tmp_path / "out" / "atlas.duckdb"
    out.parent.mkdir()
    shutil.copy(fixture_db, out)
    return out, out.read_bytes()


def recorded(raw: Path, source_id: str) -> None:
    """Declare a broken file as deliberately replaced, so the check under test is not provenance."""
    record(raw, source_id)


def run_cli(raw: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``python -m etl build`` in a subprocess, with no user sources."""
    return subprocess.run(
        [sys.executable, "-m", "etl", "build", "--raw", str(raw), "--out", str(out), "--user", str(raw / "_none")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )


def assert_cli_refused(raw: Path, out: Path, before: bytes, *named: str) -> str:
    """Build through the CLI; assert the refusal contract and return the message."""
    result = run_cli(raw, out)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for text in named:
        assert text in result.stderr, f"{text!r} not in {result.stderr!r}"
    _assert_untouched(out, before)
    return result.stderr


def assert_build_refused(raw: Path, out: Path, before: bytes, *named: str) -> InputError:
    """Build through the library; assert the same contract (the CLI turns InputError into status 2)."""
    with pytest.raises(InputError) as info:
        build(raw, out)
    message = str(info.value)
    assert "\n" not in message
    for text in named:
        assert text in message, f"{text!r} not in {message!r}"
    _assert_untouched(out, before)
    return info.value


def _assert_untouched(out: Path, before: bytes) -> None:
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["atlas.duckdb"]
