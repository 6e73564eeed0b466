"""The ranking table as CSV and XLSX bytes for spreadsheets.

CSV is UTF-8 with a byte-order mark and CRLF line ends: Excel in a Japanese
locale reads a BOM-less file as CP932 and garbles every name. The CSV stays a
plain rectangle (one header row, then data) so it loads into any tool; the
XLSX is the presentation copy with a title row, a subtitle row, Japanese
headers with units, the rows, and the source lines under them.

Formula injection (OWASP "CSV Injection"): a *text* cell that begins with
``=``, ``+``, ``-`` or ``@`` (and, as OWASP adds, a tab or carriage return) is
prefixed with ``'`` so a spreadsheet shows it as text instead of running it.
Numbers are never touched: -3.5 stays the number -3.5, which no spreadsheet
evaluates as a formula. So pass numeric columns as numbers (a column with
``decimals`` set); a negative number stored as text is neutralised like any
other text. Missing values are empty cells, never 0.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.export.meta import ExportMeta
from dashboard.i18n import t

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None


@dataclass(frozen=True)
class Column:
    """One exported column: the frame's key, headers in both languages, unit, and number format.

    ``decimals`` None marks a text column; an int marks a numeric column shown
    with that many decimals.
    """

    key: str
    header_ja: str
    header_en: str
    unit: str = ""
    decimals: int | None = None
    unit_en: str = ""

    def header(self, lang: str = "ja") -> str:
        """Header with its unit, e.g. ``値（%）`` or ``Value (%)`` (``unit_en`` when set, as ``Indicator.unit_for``)."""
        text = self.header_en if lang == "en" else self.header_ja
        unit = self.unit_en if lang == "en" and self.unit_en else self.unit
        if not unit:
            return text
        return f"{text} ({unit})" if lang == "en" else f"{text}（{unit}）"


def neutralise(value: Any) -> Cell:
    """A cell value safe to open in a spreadsheet (see the module docstring)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return None if isinstance(value, float) and math.isnan(value) else value
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return neutralise(value.item())
    if value is pd.NA or value is pd.NaT:
        return None
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def _numeric(value: Any, decimals: int, rounded: bool) -> Cell:
    cell = neutralise(value)
    if not isinstance(cell, int | float):
        return cell
    if decimals == 0:
        return int(round(cell))
    return round(float(cell), decimals) if rounded else float(cell)


def table_rows(frame: pd.DataFrame, columns: Sequence[Column], *, rounded: bool = True) -> list[list[Cell]]:
    """Data rows as neutralised cells; numbers rounded to the declared decimals when ``rounded``."""
    missing = [c.key for c in columns if c.key not in frame.columns]
    if missing:
        raise KeyError(f"table is missing column(s) {', '.join(missing)}")
    rows: list[list[Cell]] = []
    for record in frame[[c.key for c in columns]].itertuples(index=False, name=None):
        rows.append(
            [
                neutralise(v) if c.decimals is None else _numeric(v, c.decimals, rounded)
                for v, c in zip(record, columns, strict=True)
            ]
        )
    return rows


def table_csv(frame: pd.DataFrame, columns: Sequence[Column], lang: str = "ja") -> bytes:
    """UTF-8-with-BOM CSV: one header row (with units), then the rows as shown on screen."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(c.header(lang)) for c in columns])
    for row in table_rows(frame, columns):
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def table_xlsx(frame: pd.DataFrame, columns: Sequence[Column], meta: ExportMeta) -> bytes:
    """One-sheet workbook: title, subtitle, header row, rows (full precision), source lines."""
    book = Workbook()
    sheet = book.active
    sheet.title = t("export_sheet", meta.lang)
    book.properties.title = meta.title
    book.properties.creator = "Digital divide atlas"
    sheet.append([neutralise(meta.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([neutralise(" ".join(p for p in (meta.subtitle, meta.counts) if p))])
    sheet.append([])
    sheet.append([neutralise(c.header(meta.lang)) for c in columns])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in table_rows(frame, columns, rounded=False):
        sheet.append(row)
    _format_numbers(sheet, columns, header_row + 1)
    last = sheet.max_row
    sheet.append([])
    for line in meta.footer_lines():
        sheet.append([neutralise(line)])
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{max(last, header_row)}"
    _fit_widths(sheet, columns, meta.lang, table_rows(frame, columns))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _format_numbers(sheet: Any, columns: Sequence[Column], first_row: int) -> None:
    for index, column in enumerate(columns, start=1):
        if column.decimals is None:
            continue
        fmt = "#,##0" if column.decimals == 0 else "#,##0." + "0" * column.decimals
        for (cell,) in sheet.iter_rows(min_row=first_row, min_col=index, max_col=index):
            if isinstance(cell.value, int | float):
                cell.number_format = fmt


def display_width(text: str) -> int:
    """Width in half-width characters: CJK full-width characters count as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit_widths(sheet: Any, columns: Sequence[Column], lang: str, rows: Iterable[Sequence[Cell]]) -> None:
    widths = [display_width(c.header(lang)) for c in columns]
    for row in rows:
        for i, value in enumerate(row):
            text = value if isinstance(value, str) else "" if value is None else f"{value:,}"
            widths[i] = max(widths[i], display_width(text))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 48)
