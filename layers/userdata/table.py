"""Read a user's CSV or XLSX into rows that remember where they came from.

Official Japanese tables are CP932 or UTF-8 (with or without BOM) and often
carry title and note rows around the table (e-Stat downloads, SSDSE). The
reader decodes strictly: a file that is not what the spec declares is refused
with the line of the first bad byte, because a silently mis-decoded file would
produce names that match nothing, or worse, the wrong thing.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from layers.userdata.report import UserDataError
from layers.userdata.spec import UserSpec

Cell = str | int | float | date | datetime | None

_BOMS_UNSUPPORTED = {codecs.BOM_UTF16_LE: "UTF-16", codecs.BOM_UTF16_BE: "UTF-16", codecs.BOM_UTF32_LE: "UTF-32"}


def fold_label(text: object) -> str:
    """Compare headers and names the way a reader would: width-folded, no spaces or line breaks."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


@dataclass(frozen=True)
class Table:
    """The data rows of a user file. ``rows`` holds (line or row number, cells)."""

    file: str
    header: tuple[str, ...]
    header_line: int
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]
    unit: str  # "line" for CSV (what a text editor shows), "row" for XLSX (what Excel shows)

    def column(self, name: str, key: str) -> int:
        """Index of the column called ``name`` (the spec's ``key``), or a clear error."""
        wanted = fold_label(name)
        found = [i for i, h in enumerate(self.header) if fold_label(h) == wanted]
        if len(found) == 1:
            return found[0]
        where = f"{self.unit} {self.header_line} (header)"
        if found:
            return self._ambiguous(name, key, where, found)
        header = tuple(h for h in self.header[:30] if str(h).strip())
        shown = ", ".join(f"'{h}'" for h in header)
        raise UserDataError(
            self.file,
            where,
            f"no column '{name}' (spec {key}); the header has: {shown}",
            "no_column",
            {"name": name, "key": key, "header": header},
        )

    def _ambiguous(self, name: str, key: str, where: str, found: list[int]) -> int:
        problem = f"{len(found)} columns are called '{name}' (spec {key}); rename one"
        raise UserDataError(
            self.file, where, problem, "duplicate_column", {"name": name, "key": key, "count": len(found)}
        )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _strict(data: bytes, encoding: str, file: str, declared: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UserDataError(
            file,
            f"line {_line_of(data, exc.start)}",
            f"not valid {declared} (byte {exc.start}); check the encoding",
            "bad_encoding",
            {"encoding": declared, "byte": exc.start},
        ) from None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _first_bad_line(data: bytes, encoding: str) -> int:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return _line_of(data, exc.start)
    return 1


def decode(data: bytes, encoding: str, file: str) -> str:
    """Bytes to text. ``auto``: a BOM or valid UTF-8 means UTF-8, otherwise CP932 or an error."""
    for bom, name in _BOMS_UNSUPPORTED.items():
        if data.startswith(bom):
            problem = f"{name} text is not supported; save the file as UTF-8 or CP932"
            raise UserDataError(file, "line 1", problem, "unsupported_encoding", {"encoding": name})
    is_utf8 = data.startswith(codecs.BOM_UTF8) or (_decodes(data, "utf-8") and not data.isascii())
    if encoding == "cp932" and is_utf8:
        raise UserDataError(
            file,
            "line 1",
            "encoding is declared 'cp932' but the file is UTF-8; set encoding = \"utf-8\"",
            "declared_cp932_is_utf8",
        )
    if encoding == "utf-8" and not _decodes(data, "utf-8") and _decodes(data, "cp932"):
        problem = "encoding is declared 'utf-8' but the file is CP932 (Shift_JIS); set encoding = \"cp932\""
        raise UserDataError(file, f"line {_first_bad_line(data, 'utf-8')}", problem, "declared_utf8_is_cp932")
    if encoding == "cp932":
        return _strict(data, "cp932", file, "CP932 (Shift_JIS)")
    if encoding == "utf-8" or is_utf8 or data.isascii():
        return _strict(data, "utf-8-sig", file, "UTF-8")
    return _strict(data, "cp932", file, "UTF-8 or CP932")


def _csv_records(text: str, delimiter: str, file: str) -> list[tuple[int, tuple[Cell, ...]]]:
    """Records with the line each starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, tuple[Cell, ...]]] = []
    previous_end = 0
    try:
        for cells in reader:
            records.append((previous_end + 1, tuple(cells)))
            previous_end = reader.line_num
    except csv.Error as exc:
        raise UserDataError(
            file, f"line {previous_end + 1}", f"not readable as CSV: {exc}", "bad_csv", {"detail": str(exc)}
        ) from None
    return records


def _xlsx_cell(cell: Any) -> Cell:
    value = cell.value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float) and "%" in str(cell.number_format or ""):
        # Excel stores 12.3% as 0.123 and shows "12.3%": keep what the user sees.
        return f"{round(value * 100, 10)}%"
    return value  # type: ignore[no-any-return]


#: Bounds on what one sheet or text table may hold, checked before and while reading, so a
#: 5 KB workbook declaring cells A1 and XFD1048576 cannot make a worker allocate 17 billion cells.
#: A municipal table has ~1,900 rows; a long table over years and indicators stays far below these.
MAX_ROWS = 200_000
MAX_COLUMNS = 2_000
MAX_CELLS = 5_000_000


def _too_large(file: str, sheet: str, dimension: str) -> UserDataError:
    limits = {"max_rows": f"{MAX_ROWS:,}", "max_columns": f"{MAX_COLUMNS:,}", "max_cells": f"{MAX_CELLS:,}"}
    problem = (
        f"the sheet spans {dimension}, more than this reader accepts "
        f"({limits['max_rows']} rows, {limits['max_columns']} columns, {limits['max_cells']} cells)"
    )
    return UserDataError(
        file, f"sheet '{sheet}'", problem, "sheet_too_large", {"sheet": sheet, "dimension": dimension, **limits}
    )


def _check_declared(ws: Any, file: str) -> None:
    """Refuse on the sheet's own ``<dimension>`` before reading a cell (it may be absent or lie)."""
    rows, cols = ws.max_row, ws.max_column
    if rows is None or cols is None:
        return
    rows, cols = rows - ws.min_row + 1, cols - ws.min_column + 1
    if rows > MAX_ROWS or cols > MAX_COLUMNS or rows * cols > MAX_CELLS:
        raise _too_large(file, ws.title, ws.calculate_dimension())


def _stream_rows(ws: Any, file: str) -> list[tuple[int, tuple[Cell, ...]]]:
    """Rows as stored, bounded while streaming: the declared dimension is not trusted."""
    from openpyxl.utils import get_column_letter

    ws.reset_dimensions()  # openpyxl would otherwise pad every row to the declared width
    records: list[tuple[int, tuple[Cell, ...]]] = []
    width = 0
    for number, row in enumerate(ws.iter_rows(), start=1):
        width = max(width, len(row))
        if number > MAX_ROWS or width > MAX_COLUMNS or number * width > MAX_CELLS:
            raise _too_large(file, ws.title, f"A1:{get_column_letter(min(width, 16384) or 1)}{number} or more")
        records.append((number, tuple(_xlsx_cell(c) for c in row)))
    # Pad to a rectangle, as a sheet looks in Excel (bounded: rows × width ≤ MAX_CELLS).
    return [(n, cells + (None,) * (width - len(cells))) for n, cells in records]


def _xlsx_records(data: bytes, sheet: str | None, file: str) -> list[tuple[int, tuple[Cell, ...]]]:
    from openpyxl import load_workbook  # imported late: only XLSX uploads need it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken or non-XLSX file
        raise UserDataError(
            file, "", f"not a readable XLSX workbook: {exc}", "bad_xlsx", {"detail": str(exc)}
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            problem = f"no such sheet; the workbook has {book.sheetnames}"
            raise UserDataError(
                file, f"sheet '{sheet}'", problem, "no_sheet", {"sheet": sheet, "sheets": tuple(book.sheetnames)}
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        _check_declared(ws, file)
        return _stream_rows(ws, file)
    except UserDataError:
        raise
    except Exception as exc:  # a damaged sheet XML surfaces only while streaming
        raise UserDataError(
            file, "", f"not a readable XLSX workbook: {exc}", "bad_xlsx", {"detail": str(exc)}
        ) from None
    finally:
        book.close()


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_table(spec: UserSpec, data: bytes | None = None, file: str | None = None) -> Table:
    """Read the data file named by ``spec`` (or the given bytes, e.g. an upload) into a ``Table``."""
    file = file or str(spec.data_path)
    if data is None:
        try:
            data = spec.data_path.read_bytes()
        except OSError as exc:
            problem = f"cannot read the data file: {exc}"
            raise UserDataError(spec.where, "file", problem, "cannot_read_data", {"detail": str(exc)}) from None
    if spec.is_xlsx:
        records, unit = _xlsx_records(data, spec.sheet, file), "row"
    else:
        records, unit = _csv_records(decode(data, spec.encoding, file), spec.delimiter, file), "line"
    return _slice(records, spec, file, unit)


def _slice(records: list[tuple[int, tuple[Cell, ...]]], spec: UserSpec, file: str, unit: str) -> Table:
    """Header at ``header_row``; data after ``skip_rows``; ``footer_rows`` notes dropped; blank rows ignored."""
    if len(records) < spec.header_row:
        raise UserDataError(
            file,
            f"header_row {spec.header_row}",
            f"the file has only {len(records)} row(s)",
            "too_few_rows",
            {"header_row": spec.header_row, "rows": len(records)},
        )
    header_line, header_cells = records[spec.header_row - 1]
    body = [(n, cells) for n, cells in records[spec.header_row + spec.skip_rows :] if not all(map(is_blank, cells))]
    if spec.footer_rows:
        body = body[: -spec.footer_rows]
    if not body:
        raise UserDataError(file, f"{unit} {header_line}", "no data rows below the header", "no_data_rows")
    header = tuple("" if c is None else str(c) for c in header_cells)
    return Table(file=file, header=header, header_line=header_line, rows=tuple(body), unit=unit)
