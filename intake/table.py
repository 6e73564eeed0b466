"""Read a user's CSV or XLSX, as its spec describes it, into rows that remember where they came from.

Official Japanese tables often carry title and note rows around the table
(e-Stat downloads, SSDSE); the spec says where the header and the data are.
Decoding is ``intake.text``'s, workbooks are ``intake.xlsx``'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.cells import Cell
from intake.containers import check_text
from intake.errors import InputError
from intake.names import fold_label
from intake.spec import UserSpec
from intake.text import csv_records, decode, is_utf16
from intake.xlsx import xlsx_records


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
        raise InputError.of(self.file, where, "no_column", name=name, key=key, header=header)

    def _ambiguous(self, name: str, key: str, where: str, found: list[int]) -> int:
        raise InputError.of(self.file, where, "duplicate_column", name=name, key=key, count=len(found))


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_table(spec: UserSpec, data: bytes | None = None, file: str | None = None) -> Table:
    """Read the data file named by ``spec`` (or the given bytes, e.g. an upload) into a ``Table``."""
    file = file or str(spec.data_path)
    if data is None:
        try:
            data = spec.data_path.read_bytes()
        except OSError as exc:
            raise InputError.of(spec.where, "file", "cannot_read_data", detail=str(exc)) from None
    if spec.is_xlsx:
        records, unit = xlsx_records(data, spec.sheet, file), "row"
    else:
        check_text(data, file)
        text = decode(data, spec.encoding, file)
        records, unit = csv_records(text, _delimiter(data, text, spec.delimiter), file), "line"
    return _slice(records, spec, file, unit)


def _delimiter(data: bytes, text: str, declared: str) -> str:
    """Excel's 「Unicode テキスト」 is UTF-16 and tab-separated, whatever the file is called."""
    if is_utf16(data) and declared == "," and "\t" in text[: text.find("\n") if "\n" in text else None]:
        return "\t"
    return declared


def _slice(records: list[tuple[int, tuple[Cell, ...]]], spec: UserSpec, file: str, unit: str) -> Table:
    """Header at ``header_row``; data after ``skip_rows``; ``footer_rows`` notes dropped; blank rows ignored."""
    if len(records) < spec.header_row:
        where = f"header_row {spec.header_row}"
        raise InputError.of(file, where, "too_few_rows", header_row=spec.header_row, rows=len(records))
    header_line, header_cells = records[spec.header_row - 1]
    body = [(n, cells) for n, cells in records[spec.header_row + spec.skip_rows :] if not all(map(is_blank, cells))]
    if spec.footer_rows:
        body = body[: -spec.footer_rows]
    if not body:
        raise InputError.of(file, f"{unit} {header_line}", "no_data_rows")
    header = tuple("" if c is None else str(c) for c in header_cells)
    return Table(file=file, header=header, header_line=header_line, rows=tuple(body), unit=unit)
