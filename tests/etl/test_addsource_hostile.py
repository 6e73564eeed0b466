"""``python -m etl add-source`` given a hostile spec (issue 15): each refused with one line and exit 2.

A spec may come from someone else. Each case runs the real CLI (``etl.cli.main``)
against the fixture inputs and checks what the user sees (one ``error:`` line
naming the file and the problem, no traceback, nothing of a file it was not
asked to read) and that nothing changed: no database written, no user folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from etl.cli import main
from intake.files import MAX_DATA_BYTES, MAX_SPEC_BYTES
from tests.etl.sources.areas_for_tests import FIXTURE_RAW, ROOT

USER = ROOT / "tests" / "fixtures" / "user"
SECRET = "SECRET-FIRST-LINE-of-a-file-elsewhere"


def _spec(folder: Path, file: str) -> Path:
    """The good ``names_utf8`` fixture spec, its ``file`` key pointing at ``file``, its data next to it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(USER / "names_utf8.csv", folder / "names_utf8.csv")
    text = (USER / "names_utf8.toml").read_text(encoding="utf-8")
    spec = folder / "spec.toml"
    spec.write_text(text.replace('file = "names_utf8.csv"', f"file = {file!r}"), encoding="utf-8")
    return spec


def _run(spec: Path | str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Exit code and everything printed; the database and user folder must not exist afterwards."""
    user, out = tmp_path / "data" / "user", tmp_path / "atlas.duckdb"
    code = main(["add-source", str(spec), "--raw", str(FIXTURE_RAW), "--user", str(user), "--out", str(out)])
    printed = capsys.readouterr()
    assert not out.exists() and not user.exists()
    return code, printed.out + printed.err


def _refused(code: int, printed: str, *phrases: str) -> None:
    assert code == 2, printed
    assert "Traceback" not in printed and SECRET not in printed and "root:" not in printed
    first, *rest = printed.splitlines()
    assert first.startswith("error: ") and rest == ["the previous database (if any) was left unchanged"], printed
    for phrase in phrases:
        assert phrase in first, (phrase, first)


def test_deeply_nested_toml_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "nested.toml"
    spec.write_text("a = " + "[" * 5_000 + "]" * 5_000 + "\n", encoding="utf-8")
    _refused(*_run(spec, tmp_path, capsys), "nested.toml", "nested too deeply")


def test_nested_tables_are_a_one_line_error_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "inline.toml"
    spec.write_text("a = " + "{b = " * 3_000 + "1" + "}" * 3_000 + "\n", encoding="utf-8")
    _refused(*_run(spec, tmp_path, capsys), "inline.toml", "not valid TOML")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_the_spec_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _refused(*_run("/dev/zero", tmp_path, capsys), "/dev/zero", "not a regular file")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_as_the_data_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = _spec(tmp_path / "in", "/dev/zero")
    _refused(*_run(spec, tmp_path, capsys), "spec.toml", "'/dev/zero' is not a data file")
    link = tmp_path / "linked"
    spec = _spec(link, "zero.csv")
    (link / "zero.csv").symlink_to("/dev/zero")  # a link named like data, to a device
    _refused(*_run(spec, tmp_path, capsys), "zero.csv' is not a data file")
    named = tmp_path / "named"
    spec = _spec(named, "zero.csv")
    (named / "zero.csv").symlink_to(named / "dev.csv")
    os.symlink("/dev/zero", named / "dev.csv")  # even when every name on the way says .csv
    _refused(*_run(spec, tmp_path, capsys), "zero.csv' is not a data file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_or_a_folder_as_the_data_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = _spec(tmp_path / "in", "pipe.csv")
    os.mkfifo(tmp_path / "in" / "pipe.csv")  # opening it for reading would block until a writer came
    _refused(*_run(spec, tmp_path, capsys), "pipe.csv", "not a regular file")
    spec = _spec(tmp_path / "dir", "folder.csv")
    (tmp_path / "dir" / "folder.csv").mkdir()
    _refused(*_run(spec, tmp_path, capsys), "folder.csv", "not a regular file")
    _refused(*_run(tmp_path / "dir", tmp_path, capsys), "not a regular file")  # a folder as the spec


def test_no_other_file_is_read_or_echoed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A spec naming a file that is not data (absolute, ``..``, through a link) gets no line of it back."""
    secret = tmp_path / "private" / "id_key"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n1,2\n", encoding="utf-8")
    for file in (str(secret), "../private/id_key"):
        _refused(*_run(_spec(tmp_path / "in", file), tmp_path, capsys), "id_key' is not a data file")
    spec = _spec(tmp_path / "linked", "notes.csv")
    (tmp_path / "linked" / "notes.csv").symlink_to(secret)
    _refused(*_run(spec, tmp_path, capsys), "notes.csv' is not a data file")
    if Path("/etc/passwd").is_file():
        _refused(*_run(_spec(tmp_path / "etc", "/etc/passwd"), tmp_path, capsys), "'/etc/passwd' is not a data file")


def test_a_data_file_named_like_the_spec_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``fixture_names.toml`` as data: the installed spec would overwrite it (and the build read it as a spec)."""
    folder = tmp_path / "in"
    spec = _spec(folder, "fixture_names.toml")
    shutil.copy(USER / "names_utf8.csv", folder / "fixture_names.toml")
    _refused(*_run(spec, tmp_path, capsys), "spec.toml", "fixture_names.toml", "is a .toml file")


def test_oversized_spec_and_data_are_refused_before_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    big_spec = tmp_path / "big.toml"
    big_spec.write_text("#" * (MAX_SPEC_BYTES + 1), encoding="utf-8")
    _refused(*_run(big_spec, tmp_path, capsys), "big.toml", "larger than")
    spec = _spec(tmp_path / "in", "huge.csv")
    with (tmp_path / "in" / "huge.csv").open("wb") as fh:
        fh.truncate(MAX_DATA_BYTES + 1)  # sparse: the size is refused from the file system, nothing is read
    _refused(*_run(spec, tmp_path, capsys), "huge.csv", "larger than")


def test_a_spec_that_is_not_utf8_names_the_byte_not_the_text(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "latin.toml"
    spec.write_bytes(SECRET.encode() + b" = 1\n\xff\xfe")
    _refused(*_run(spec, tmp_path, capsys), "latin.toml", "not UTF-8 (byte")


def test_the_good_spec_still_lands_and_the_copy_is_the_checked_bytes(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    spec = _spec(folder, "names_utf8.csv")
    user, out = tmp_path / "data" / "user", tmp_path / "atlas.duckdb"
    code = main(["add-source", str(spec), "--raw", str(FIXTURE_RAW), "--user", str(user), "--out", str(out)])
    assert code == 0, capsys.readouterr()
    copied = user / "fixture_names" / "names_utf8.csv"
    assert copied.read_bytes() == (folder / "names_utf8.csv").read_bytes()
    assert sorted(p.name for p in copied.parent.iterdir()) == ["fixture_names.toml", "names_utf8.csv"]
