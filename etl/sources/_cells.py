"""Helpers the tabular source parsers share on top of ``intake`` (which reads cells, codes and files).

Official tables mark a missing figure with a dash, an ellipsis, asterisks or a
blank; ``intake.cells`` keeps such a cell as NaN with the mark quoted in
``note`` so a reader can see why (STYLE.md, "missing is not zero"). Here:
checking a code against the official code list before any value is kept, and
shaping the long value table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from etl.model import VALUE_COLUMNS, AreaIndex
from intake.errors import InputError
from intake.names import same_name


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


def column_letter(index: int) -> str:
    """Excel column letter of a 0-based position (0 → 'A')."""
    return str(get_column_letter(index + 1))

