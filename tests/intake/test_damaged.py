"""Hostile and damaged files are refused at the reader, in one sentence naming the file (issues 15, 16).

The same checks serve an upload (``read_table``) and the build (``text_rows``, ``load_rows``), so
each case is asserted through both doors where both apply.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from intake import InputError, Table, UserSpec, read_table
from intake.limits import MAX_COLUMNS, MAX_UNPACKED_BYTES
from intake.text import read_text_table, text_rows
from intake.xlsx import load_rows

HTML = b'<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not Found</body></html>\n'
LFS = (
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
)


def _read(data: bytes, name: str, **spec: object) -> Table:
    user = UserSpec(
        where=name, file=name, base_dir=None, source_id="upload", source_entry={}, indicators=(), **spec  # type: ignore[arg-type]
    )
    return read_table(user, data, name)


def _refused(data: bytes, name: str, code: str, **spec: object) -> InputError:
    with pytest.raises(InputError) as info:
        _read(data, name, **spec)
    assert info.value.code == code, str(info.value)
    assert str(info.value).startswith(f"{name}: "), str(info.value)
    assert "\n" not in str(info.value)  # one sentence, no traceback
    return info.value


def _refused_by_build(tmp_path: Path, data: bytes, name: str, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_rows(path) if name.endswith(".xlsx") else text_rows(path, "utf-8-sig")
    assert info.value.code == code and str(info.value).startswith(str(path)), str(info.value)


# ------------------------------------------------------------------ containers
@pytest.mark.parametrize(
    ("data", "code"),
    [(b"", "empty_file"), (b"\xef\xbb\xbf\r\n", "empty_file"), (HTML, "html_page"), (LFS, "lfs_pointer")],
    ids=["empty", "bom-only", "html", "lfs"],
)
@pytest.mark.parametrize("name", ["survey.csv", "survey.xlsx"])
def test_placeholders_saved_in_place_of_the_data_are_named(tmp_path: Path, data: bytes, code: str, name: str) -> None:
    _refused(data, name, code)
    _refused_by_build(tmp_path, data, name, code)


def test_an_xlsx_that_is_not_a_zip_or_is_an_old_xls_is_named(tmp_path: Path) -> None:
    assert "not a zip file" in str(_refused("団体コード,値\n".encode(), "survey.xlsx", "bad_xlsx"))
    _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "survey.xlsx", "xls_format")
    _refused_by_build(tmp_path, b"PK\x03\x04 truncated", "survey.xlsx", "bad_xlsx")


def test_a_zip_that_unpacks_beyond_the_bound_is_refused_before_reading() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_UNPACKED_BYTES + 1))
    assert len(out.getvalue()) < 200_000  # small on the wire
    error = _refused(out.getvalue(), "bomb.xlsx", "unpacks_too_large")
    assert "64.0 MB" in str(error)


def test_header_only_file_is_named() -> None:
    _refused("団体コード,値\n".encode(), "survey.csv", "no_data_rows")


def test_binary_bytes_are_not_decoded_as_text(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256))
    _refused(data, "survey.csv", "binary_file")
    _refused_by_build(tmp_path, data, "survey.csv", "binary_file")


# ------------------------------------------------------------------ shape
def test_a_hundred_thousand_columns_are_refused_at_the_first_line() -> None:
    data = ("団体コード," + ",".join(f"c{i}" for i in range(100_000)) + "\n131016,1\n").encode()
    error = _refused(data, "wide.csv", "table_too_large")
    assert error.where == "line 1" and f"{MAX_COLUMNS:,}" in str(error)


def test_text_table_of_the_build_refuses_a_row_longer_than_its_header(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t\.csv: line 3: 3 cells but the header has 2"):
        read_text_table(path, "utf-8-sig", ["a", "b"])


# ------------------------------------------------------------------ encodings
CSV = "団体コード,市区町村,値\n131016,千代田区,1\n"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (CSV.encode("cp932"), "UTF-8 file re-saved as CP932"),
        (CSV.encode("utf-8"), "CP932 file re-saved as UTF-8"),
        (b"\xef\xbb\xbf" + CSV.encode("utf-8"), "CP932 file re-saved as UTF-8 with BOM"),
        (CSV.replace("\n", "\r\n").encode("utf-16"), "UTF-16 with BOM, comma-separated"),
        (CSV.replace(",", "\t").replace("\n", "\r\n").encode("utf-16"), "Excel Unicode text (UTF-16, tabs)"),
    ],
    ids=["cp932", "utf8", "utf8-bom", "utf16-comma", "excel-unicode-text"],
)
def test_encodings_are_detected_and_read(data: bytes, what: str) -> None:
    table = _read(data, "survey.csv")
    assert table.header == ("団体コード", "市区町村", "値"), what
    assert table.rows == ((2, ("131016", "千代田区", "1")),), what


def test_excel_unicode_text_is_read_as_tabs_even_when_called_txt_or_csv() -> None:
    data = "\ufeff団体コード\t値\r\n131016\t1\r\n".encode("utf-16-le")
    assert _read(data, "survey.txt", delimiter="\t").header == ("団体コード", "値")
    assert _read(data, "survey.csv").header == ("団体コード", "値")


@pytest.mark.parametrize(
    ("data", "encoding", "code"),
    [
        (CSV.encode("utf-16"), "cp932", "unsupported_encoding"),
        (CSV.encode("utf-32"), "auto", "unsupported_encoding"),
        (CSV.encode("utf-8"), "cp932", "declared_cp932_is_utf8"),
        (CSV.encode("cp932"), "utf-8", "declared_utf8_is_cp932"),
        ("団体コード,値\n".encode("cp932") + b"\x81\x7f\n", "auto", "bad_encoding"),
        (b"\xef\xbb\xbf" + CSV.encode("cp932"), "auto", "bad_encoding"),
    ],
    ids=["utf16-declared-cp932", "utf32", "utf8-declared-cp932", "cp932-declared-utf8", "neither", "bom-then-cp932"],
)
def test_undecodable_or_contradicting_encodings_are_refused_by_name(data: bytes, encoding: str, code: str) -> None:
    error = _refused(data, "survey.csv", code, encoding=encoding)
    assert error.where.startswith("line "), str(error)


def test_the_build_refuses_a_file_in_the_other_encoding_by_name(tmp_path: Path) -> None:
    path = tmp_path / "official.csv"
    path.write_bytes(CSV.encode("cp932"))
    with pytest.raises(InputError) as info:
        text_rows(path, "utf-8-sig")
    assert info.value.code == "declared_utf8_is_cp932" and str(info.value).startswith(f"{path}: line 1: ")


# ------------------------------------------------------------------ seconds
@pytest.mark.parametrize("name", ["slow.csv", "slow.xlsx"])
def test_reading_stops_when_the_cpu_budget_is_spent(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """With no budget left the reader stops at its first check (row 1,024), naming the file and the row."""
    import intake.limits

    rows = "団体コード,値\n" + "131016,1\n" * 2_000
    if name.endswith(".xlsx"):
        from openpyxl import Workbook

        book = Workbook()
        for line in rows.splitlines():
            book.active.append(line.split(","))  # type: ignore[union-attr]
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
    else:
        data = rows.encode()
    assert _read(data, name).rows  # within the budget: read
    monkeypatch.setattr(intake.limits, "MAX_SECONDS", -1.0)
    error = _refused(data, name, "too_slow")
    assert error.where in ("line 1024", "row 1024")
