"""XLSX workbooks read bounded and streaming: the one workbook reader for the build and the upload.

openpyxl's read-only mode streams the sheet XML; the sheet's own
``<dimension>`` is checked first, and since it may be absent or lie, rows,
columns and cells are capped again while streaming (``intake.limits``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from intake.cells import Cell
from intake.containers import check_workbook
from intake.errors import InputError
from intake.limits import Deadline, exceeds, too_large


def _xlsx_cell(cell: Any, shown: bool) -> Cell:
    value = cell.value
    if isinstance(value, bool):
        return str(value)
    if shown and isinstance(value, int | float) and "%" in str(cell.number_format or ""):
        # Excel stores 12.3% as 0.123 and shows "12.3%": keep what the user sees.
        return f"{round(value * 100, 10)}%"
    return value  # type: ignore[no-any-return]


def _check_declared(ws: Any, file: str) -> None:
    """Refuse on the sheet's own ``<dimension>`` before reading a cell (it may be absent or lie)."""
    rows, cols = ws.max_row, ws.max_column
    if rows is None or cols is None:
        return
    rows, cols = rows - ws.min_row + 1, cols - ws.min_column + 1
    if exceeds(rows, cols):
        raise too_large(file, f"sheet '{ws.title}'", ws.calculate_dimension())


def _stream_rows(ws: Any, file: str, shown: bool) -> list[tuple[int, tuple[Cell, ...]]]:
    """Rows as stored, bounded while streaming: the declared dimension is not trusted."""
    from openpyxl.utils import get_column_letter

    ws.reset_dimensions()  # openpyxl would otherwise pad every row to the declared width
    records: list[tuple[int, tuple[Cell, ...]]] = []
    width, deadline = 0, Deadline(file)
    for number, row in enumerate(ws.iter_rows(), start=1):
        width = max(width, len(row))
        if exceeds(number, width):
            size = f"A1:{get_column_letter(min(width, 16384) or 1)}{number} 以上"
            raise too_large(file, f"sheet '{ws.title}'", size)
        deadline.tick(number)
        records.append((number, tuple(_xlsx_cell(c, shown) for c in row)))
    # Pad to a rectangle, as a sheet looks in Excel (bounded: rows × width ≤ MAX_CELLS).
    return [(n, cells + (None,) * (width - len(cells))) for n, cells in records]


def xlsx_records(
    data: bytes, sheet: str | None, file: str, shown: bool = True
) -> list[tuple[int, tuple[Cell, ...]]]:
    """Rows (Excel's row number, cells) of ``sheet`` (None: the first), padded to the widest row.

    ``shown``: a percent-formatted number is read as the user sees it (0.123 shown
    as 12.3% reads "12.3%"), which a user's spec relies on; official files are
    read as stored (``shown=False``).
    """
    from openpyxl import load_workbook  # imported late: only XLSX readers need it

    check_workbook(data, file)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken or non-XLSX file
        raise InputError.of(file, "", "bad_xlsx", detail=str(exc)) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError.of(file, f"sheet '{sheet}'", "no_sheet", sheet=sheet, sheets=tuple(book.sheetnames))
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        _check_declared(ws, file)
        return _stream_rows(ws, file, shown)
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet XML surfaces only while streaming
        raise InputError.of(file, "", "bad_xlsx", detail=str(exc)) from None
    finally:
        book.close()


def load_rows(path: Path) -> list[tuple[Any, ...]]:
    """All cell values of the first sheet of an official XLSX file, as stored (the build's reader)."""
    if not path.is_file():
        raise InputError(path, "", "file not found")
    return [cells for _, cells in xlsx_records(path.read_bytes(), None, str(path), shown=False)]
