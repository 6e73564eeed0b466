"""Cell-level helpers shared by the tabular source parsers.

Official tables mark a missing figure with a dash, an ellipsis, asterisks or a
blank; the atlas keeps such a cell as NaN with the mark quoted in ``note`` so a
reader can see why (STYLE.md, "missing is not zero"). Codes arrive as LG6 text
and are checked against the official code list before any value is kept.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from etl.codes import CodeError, normalise
from etl.errors import InputError
from etl.model import VALUE_COLUMNS, AreaIndex, normalise_name

#: Marks that official Japanese tables use for "no figure" (該当なし, 不詳, 秘匿, 未集計).
MISSING_MARKS = frozenset({"", "-", "－", "‐", "―", "—", "…", "...", "・・・", "*", "**", "***", "x", "X", "ｘ", "Ｘ"})

_LG6 = re.compile(r"^\d{6}$")
#: Old/variant kanji some publishers keep (住民基本台帳 writes 須惠町 for 須恵町, 40344),
#: folded on top of ``etl.model.normalise_name`` before names are compared.
_VARIANTS = str.maketrans({"惠": "恵"})


def same_name(given: str, official: str) -> bool:
    """True when ``given`` is ``official`` up to variant spellings and a leading 郡 name."""
    folded_given = normalise_name(given).translate(_VARIANTS)
    return folded_given.endswith(normalise_name(official).translate(_VARIANTS))


def cell_number(raw: object) -> tuple[float, str | None]:
    """Return ``(value, None)`` for a number, ``(nan, reason)`` for a missing mark.

    Raises ``ValueError`` for any other text, which callers turn into an
    ``InputError`` naming the file, row and column.
    """
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return math.nan, "元データが空欄（値なし）"
    if isinstance(raw, bool):
        raise ValueError(f"'{raw}' is not a number")
    if isinstance(raw, int | float):
        return float(raw), None
    text = str(raw).strip().replace(",", "")
    try:
        return float(text), None
    except ValueError:
        pass
    if text in MISSING_MARKS:
        return math.nan, "元データが空欄（値なし）" if not text else f"元データが「{text}」（値なし）"
    raise ValueError(f"'{raw}' is neither a number nor a known missing-value mark")


def number_or_fail(raw: object, file: Path, where: str) -> tuple[float, str | None]:
    """``cell_number`` that raises ``InputError`` naming the cell."""
    try:
        return cell_number(raw)
    except ValueError as exc:
        raise InputError(file, where, str(exc)) from None


def code5_from_lg6(raw: object, file: Path, where: str) -> str:
    """LG6 text → LG5, checking form and check digit."""
    text = "" if raw is None else str(raw).strip()
    if not _LG6.match(text):
        raise InputError(file, where, f"'{text}' is not a 6-digit local government code (LG6)")
    try:
        return normalise(text)
    except CodeError as exc:
        raise InputError(file, where, str(exc)) from None


def area_rows(areas: AreaIndex) -> dict[str, dict[str, Any]]:
    """Code → area record, built once per parse (the frame is small)."""
    frame = areas.frame
    return {str(rec["code"]): rec for rec in frame.to_dict("records")}


def require_area(
    lookup: dict[str, dict[str, Any]],
    code5: str,
    level: str,
    file: Path,
    where: str,
    name: str | None = None,
) -> dict[str, Any]:
    """The area record for ``code5``; fail unless it exists at ``level`` and ``name`` agrees.

    ``name`` may carry a leading 郡 (住民基本台帳 writes ``野付郡別海町``), so a
    match is a suffix match after folding known variant spellings.
    """
    rec = lookup.get(code5)
    if rec is None or rec["level"] != level:
        raise InputError(file, where, f"code '{code5}' is not a {level} in the official code list")
    if name is not None:
        if not same_name(name, str(rec["name_ja"])):
            raise InputError(
                file, where, f"name '{name}' does not match the code list ('{rec['name_ja']}' for {code5})"
            )
    return rec


def read_text_table(path: Path, encoding: str, columns: list[str]) -> pd.DataFrame:
    """Read a small CSV as text with the exact header ``columns``; blanks stay ''.

    ``utf-8-sig`` tolerates a BOM; any missing or renamed column is named in the error.
    """
    if not path.is_file():
        raise InputError(path, "", "file not found")
    try:
        frame = pd.read_csv(path, encoding=encoding, dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(path, "", f"cannot be read as {encoding} CSV: {exc}") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            path, f"column '{missing[0]}'", f"header is missing or renamed (found {list(frame.columns)})"
        )
    return frame[columns]


def line_of(index: int, header_rows: int = 1) -> str:
    """Human row reference for data row ``index`` (0-based) of a CSV."""
    return f"row {index + header_rows + 1}"


def values_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows → the long value table with the declared column order and dtypes."""
    frame = pd.DataFrame(rows, columns=VALUE_COLUMNS)
    frame["value"] = frame["value"].astype("float64")
    frame["note"] = frame["note"].astype(object).where(frame["note"].notna(), None)
    return frame


#: The six 北方領土 villages (色丹村 … 蘂取村): listed in the code list, but no
#: statistics are collected there, so sources either omit them or report 0.
NORTHERN_TERRITORIES = frozenset({"01695", "01696", "01697", "01698", "01699", "01700"})


def load_rows(path: Path) -> list[tuple[Any, ...]]:
    """All cell values of the first sheet of an xlsx file (read-only, cached values)."""
    if not path.is_file():
        raise InputError(path, "", "file not found")
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a broken zip
        raise InputError(path, "", f"cannot be opened as xlsx: {exc}") from None
    try:
        return [tuple(row) for row in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def column_letter(index: int) -> str:
    """Excel column letter of a 0-based position (0 → 'A')."""
    return str(get_column_letter(index + 1))
