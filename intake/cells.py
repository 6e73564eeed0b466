"""Read the numbers of a table as official tables write them: the build's and the upload's one rule.

Japanese statistical tables write thousands with commas (``1,234``),
negative numbers with a triangle (``△12``, as in 地方財政 tables), and leave a
cell as ``-``, ``…`` or ``x`` when there is no figure or it is suppressed
(e-Stat's 「－」「…」「ｘ」 conventions). Those become missing values with the
marker kept as the reason; they are never read as 0. Anything else that is not
a number is an error for the user to fix.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from intake.codes import CodeError, normalise
from intake.errors import InputError
from intake.messages import english

#: What a cell of a CSV (text) or XLSX (typed) table can hold.
Cell = str | int | float | date | datetime | None

#: Cell texts that mean "no figure" (after width folding, so －, ｘ and Ｘ are here too), with the
#: reason kept in the note: 該当なし, 不詳, 秘匿, 未集計, 調査無し (総務省 DX dashboard). One list for
#: the build and the upload.
MISSING_MARKERS = frozenset(
    {
        "-",
        "−",
        "―",
        "‐",
        "ー",
        "—",
        "...",
        "…",
        "‥",
        "・・・",
        "x",
        "X",
        "*",
        "**",
        "***",
        "NA",
        "N/A",
        "#N/A",
        "n.a.",
        "不詳",
        "秘匿",
        "調査無し",
        "該当なし",
    }
)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_LG6 = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Reading:
    """A parsed cell: a value, or missing with a note, or an error message.

    ``error_code`` (``not_a_number``, ``not_finite``) and ``marker`` (the
    missing-value mark as written, None for a blank cell) let another language
    word the same reading (``intake.messages``).
    """

    value: float = math.nan
    note: str | None = None
    error: str | None = None
    percent_sign: bool = False
    error_code: str = ""
    marker: str | None = None


def _error(code: str, cell: Cell) -> Reading:
    return Reading(error=english(code, {"cell": str(cell)}), error_code=code)


def read_number(cell: Cell) -> Reading:
    """One cell to a float; see the module docstring for the accepted spellings."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return Reading(note="blank in source")
    if isinstance(cell, bool) or isinstance(cell, date | datetime):
        return _error("not_a_number", cell)
    if isinstance(cell, int | float):
        if math.isfinite(cell):
            return Reading(float(cell))
        return _error("not_finite", cell)
    text = unicodedata.normalize("NFKC", cell).strip()
    if text in MISSING_MARKERS or cell.strip() in MISSING_MARKERS:  # ‥ folds to ".." under NFKC
        return Reading(note=f"'{cell.strip()}' in source", marker=cell.strip())
    percent = text.endswith("%")
    text = text.removesuffix("%").replace(",", "").replace(" ", "").strip()
    if text[:1] in ("△", "▲"):
        text = "-" + text[1:]
    if not _NUMBER.match(text):
        return _error("not_a_number", cell)
    value = float(text)
    if not math.isfinite(value):  # "1e999" is spelled like a number but is infinite as a float
        return _error("not_finite", cell)
    return Reading(value, percent_sign=percent)


#: No figure the atlas maps comes near this (Japan's population is ~1.2e8, its GDP in yen ~6e14);
#: a larger value is a slip or an attack, and ±1e308 overflowed the map's tick maths (issue 15).
ABSOLUTE_BOUND = 1e15
#: Units that count things (people, households, bodies, facilities, items): never negative.
COUNT_UNITS = frozenset({"人", "世帯", "件", "団体", "所", "か所", "箇所", "施設", "校", "台", "回", "項目", "戸", "社",
                         "persons", "people", "households", "items"})


def plausible_range(unit: str, low: object = None, high: object = None) -> tuple[float, float]:
    """The values an indicator in ``unit`` can take: a declared ``low``/``high`` where given, else by unit.

    A share in % lies in 0-100 and a count is at least 0 unless the spec
    declares otherwise (``plausible_min``/``plausible_max``); every value lies
    within ±``ABSOLUTE_BOUND`` whatever is declared.
    """
    default_low = 0.0 if unit.strip() == "%" or unit.strip().lower() in COUNT_UNITS else -ABSOLUTE_BOUND
    default_high = 100.0 if unit.strip() == "%" else ABSOLUTE_BOUND

    def declared(value: object, default: float) -> float:
        number = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        return min(max(float(value), -ABSOLUTE_BOUND), ABSOLUTE_BOUND) if number else default  # type: ignore[arg-type]

    return declared(low, default_low), declared(high, default_high)


def cell_number(raw: object) -> tuple[float, str | None]:
    """The build's reading: ``(value, None)`` for a number, ``(nan, reason)`` for a missing mark.

    The same rule as ``read_number``, with the reason worded as the atlas stores
    it (Japanese, 元データが「-」（値なし）). Raises ``ValueError`` for any other
    text, and for a percent sign (an official table states its unit in the
    header), which callers turn into an ``InputError`` naming the file, row and column.
    """
    if isinstance(raw, float) and math.isnan(raw):
        raw = None
    if isinstance(raw, bool):
        raise ValueError(f"'{raw}' is not a number")
    reading = read_number(raw if isinstance(raw, str | int | float | date | datetime) or raw is None else str(raw))
    if reading.error or reading.percent_sign:
        raise ValueError(f"'{raw}' is neither a number nor a known missing-value mark")
    if math.isnan(reading.value):
        return math.nan, f"元データが「{reading.marker}」（値なし）" if reading.marker else "元データが空欄（値なし）"
    return reading.value, None


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
