"""Reference dates as Japanese tables and their users write them.

A figure's reference date (基準日) is part of the claim: a value without the
day it refers to cannot be compared. One reader for the build and the upload.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from intake.cells import Cell

_JA_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_SLASH_DATE = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$")


def read_date(cell: Cell) -> date | None:
    """A reference date from a cell: a spreadsheet date, ``2024-03-31``, ``2024/3/31`` or ``2024年3月31日``.

    A bare year or 年度 is refused: it does not say which day the figure refers to.
    """
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        return None
    text = unicodedata.normalize("NFKC", cell).strip()
    match = _SLASH_DATE.match(text) or _JA_DATE.match(text)
    if match is None:
        text = text.split(" ")[0].split("T")[0]
        match = _SLASH_DATE.match(text)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
