"""Reading the Digital Agency DX dashboard's wide layout: area names across, labelled rows down.

The files carry **no codes**, so columns are tied to codes by position
against the 総務省 code list, and every name is still compared (``fold_name``
folds 檮/梼 and ケ/ヶ) so a shifted column stops the build instead of giving
one town another's values. Split from ``etl.sources.dx_dashboard``, which
turns the matched rows into indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from intake.errors import InputError
from intake.names import fold_name
from intake.text import text_rows, without_empty_trailing_columns


@dataclass(frozen=True)
class Row:
    """A data row: 1-based line number, column 1 (group), column 2 (label, stripped), area cells."""

    line: int
    group: str
    label: str
    cells: list[str]


@dataclass(frozen=True)
class WideTable:
    """A wide file whose area columns have been matched to codes by position."""

    path: Path
    codes: list[str]
    rows: list[Row]

    def row(self, label: str) -> Row:
        hits = [r for r in self.rows if r.label == label]
        if not hits:
            raise InputError(self.path, f"row '{label}'", "row label not found (missing or renamed)")
        if len(hits) > 1:
            raise InputError(self.path, f"row '{label}'", f"label appears {len(hits)} times")
        return hits[0]

    def where(self, row: Row, index: int) -> str:
        return f"row {row.line} '{row.label}', column {index + 3} ({self.codes[index]})"


def read_wide(path: Path, areas: pd.DataFrame) -> WideTable:
    """Read a wide file and tie its columns to ``areas`` (code, name_ja) by position."""
    rows = [list(cells) for _, cells in text_rows(path, "utf-8-sig")]
    if len(rows) < 2:
        raise InputError(path, "", "no data rows")
    width = len(rows[0])
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            raise InputError(path, f"row {line}", f"has {len(row)} cells; the header row has {width}")
    if rows[0][-1].strip() == "":
        rows = without_empty_trailing_columns(_drop_trailing_column(path, rows))
    _check_names(path, rows[0][2:], areas)
    body = [Row(n, r[0].strip(), r[1].strip(), r[2:]) for n, r in enumerate(rows[1:], start=2)]
    return WideTable(path, list(areas["code"]), body)


def _drop_trailing_column(path: Path, rows: list[list[str]]) -> list[list[str]]:
    """The municipal comparison file ends in an unnamed, empty column; anything in it is an error."""
    for line, row in enumerate(rows[1:], start=2):
        if row[-1].strip():
            raise InputError(path, f"row {line}, column {len(row)}", f"value '{row[-1]}' in a column with no name")
    return [r[:-1] for r in rows]


def _explain_count(path: Path, names: list[str], areas: pd.DataFrame, level: str) -> None:
    """Name the area behind a column-count mismatch: the first place the file and the code list part.

    A count alone ("157 area columns; expected 156") sends the reader to the wrong
    file; what matters is which municipality one side has and the other lacks.
    """
    expected = [str(n) for n in areas["name_ja"]]
    codes = [str(c) for c in areas["code"]]
    index = next((i for i, (a, b) in enumerate(zip(names, expected, strict=False)) if fold_name(a) != fold_name(b)),
                 min(len(names), len(expected)))
    plural = {"municipality": "municipalities", "prefecture": "prefectures"}.get(level, f"{level}s")
    counts = f"{len(names)} area columns, {len(expected)} {plural} in the code list (soumu_local_gov_code)"
    if len(names) > len(expected):
        after = f" after '{expected[index - 1]}' ({codes[index - 1]})" if index else ""
        problem = f"'{names[index]}'{after} is not in the code list: is it missing from the code list? ({counts})"
    else:
        found = f"'{names[index]}' is found instead" if index < len(names) else "the file ends"
        problem = f"the code list's '{expected[index]}' ({codes[index]}) has no column ({found}; {counts})"
    raise InputError(path, f"row 1, column {index + 3}", problem)


def _check_names(path: Path, names: list[str], areas: pd.DataFrame) -> None:
    level = str(areas["level"].iloc[0]) if len(areas) else "area"
    if len(names) != len(areas):
        _explain_count(path, names, areas, level)
    for index, (found, expected, code) in enumerate(zip(names, areas["name_ja"], areas["code"], strict=True)):
        if fold_name(found) != fold_name(expected):
            raise InputError(
                path, f"column {index + 3}", f"expected '{expected}' ({code}) at this position, found '{found}'"
            )
