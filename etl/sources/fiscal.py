"""Main fiscal indicators of every municipality (全市町村の主要財政指標), FY2022.

Publisher: 総務省 (https://www.soumu.go.jp/iken/zaisei/ , 地方公共団体の主要財政指標一覧).
Licence: not stated in the repository the file was taken from (総務省 site terms apply).
Cadence: yearly, for the fiscal year closed the previous March.

Layout of ``全市町村の主要財政指標_000917808.xlsx``: one sheet; row 1 is the title
(``…（令和４年度）``, which gives the fiscal year), row 2 the header (団体コード as LG6
text, 都道府県名, 団体名, then the five indicators), then 1,741 municipalities and a
final 全国市町村平均 row, which is skipped (it is not an area).

財政力指数 becomes the indicator ``fiscal_capability_index`` dated the last day of
the fiscal year (FY2022 → 2023-03-31). All five columns are also kept in the
``fiscal_indicators`` table. A ``-`` is NaN: for 将来負担比率 総務省 prints ``-`` when
the resources available exceed the future burden (the ratio would be negative).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from etl.model import AreaIndex, Parsed
from etl.sources._cells import area_rows, require_area, values_frame
from intake.cells import code5_from_lg6, number_or_fail
from intake.dates import find_fiscal_year
from intake.errors import InputError
from intake.xlsx import load_rows

SOURCE_ID = "soumu_fiscal_indicators"
FILE_NAME = "全市町村の主要財政指標_000917808.xlsx"
INDICATOR_ID = "fiscal_capability_index"
#: Header label → column of ``fiscal_indicators``.
MEASURES = {
    "財政力指数": "fiscal_capability_index",
    "経常収支比率": "current_balance_ratio",
    "実質公債費比率": "real_debt_service_ratio",
    "将来負担比率": "future_burden_ratio",
    "ラスパイレス指数": "laspeyres_index",
}
KEYS = ("団体コード", "都道府県名", "団体名")
NATIONAL_ROW = "全国市町村平均"
TABLE_COLUMNS = ["area_code", "fiscal_year", *MEASURES.values()]


def _fiscal_year(path: Path, title: object) -> int:
    """令和N年度 (or 平成N年度, 2022年度) in the title → Western fiscal year (令和元年度 = 2019)."""
    year = find_fiscal_year(title)
    if year is None:
        raise InputError(path, "row 1 (title)", f"no fiscal year (令和N年度) in '{title}'")
    return year


def _header(path: Path, rows: list[tuple[Any, ...]]) -> tuple[int, dict[str, int]]:
    """Index of the header row and label → column position, naming any missing label."""
    for r, row in enumerate(rows[:10]):
        if row and row[0] == KEYS[0]:
            labels = [str(c).strip() if c is not None else "" for c in row]
            positions: dict[str, int] = {}
            for label in (*KEYS, *MEASURES):
                if label not in labels:
                    raise InputError(path, f"header row {r + 1}, column '{label}'", "expected column is missing")
                positions[label] = labels.index(label)
            return r, positions
    raise InputError(path, "rows 1-10", f"no header row starting with '{KEYS[0]}'")


def _record(
    path: Path, excel_row: int, row: tuple[Any, ...], cols: dict[str, int], lookup: dict[str, dict[str, Any]]
) -> tuple[str, dict[str, tuple[float, str | None]]]:
    where = f"row {excel_row}"
    code5 = code5_from_lg6(row[cols["団体コード"]], path, f"{where}, column '団体コード'")
    rec = require_area(lookup, code5, "municipality", path, f"{where}, column '団体名'", name=str(row[cols["団体名"]]))
    if str(row[cols["都道府県名"]]).strip() != rec["prefecture_name"]:
        raise InputError(
            path, f"{where}, column '都道府県名'", f"'{row[cols['都道府県名']]}' is not the prefecture of {code5}"
        )
    cells = {label: number_or_fail(row[cols[label]], path, f"{where}, column '{label}'") for label in MEASURES}
    index, _ = cells["財政力指数"]
    if index == index and index < 0:
        raise InputError(path, f"{where}, column '財政力指数'", f"{index} is negative")
    return code5, cells


def _rows(
    path: Path, rows: list[tuple[Any, ...]], header: int, cols: dict[str, int], areas: AreaIndex
) -> list[tuple[str, dict[str, tuple[float, str | None]]]]:
    """Every municipality row after the header; blank rows and the national average are skipped."""
    lookup = area_rows(areas)
    records: list[tuple[str, dict[str, tuple[float, str | None]]]] = []
    seen: set[str] = set()
    for offset, row in enumerate(rows[header + 1 :]):
        first = row[cols["団体コード"]] if row else None
        if first is None or str(first).strip() in ("", NATIONAL_ROW):
            continue
        excel_row = header + offset + 2
        code5, cells = _record(path, excel_row, row, cols, lookup)
        if code5 in seen:
            raise InputError(path, f"row {excel_row}, column '団体コード'", f"'{code5}' appears twice")
        seen.add(code5)
        records.append((code5, cells))
    return records


def parse(raw_dir: Path, areas: AreaIndex) -> Parsed:
    path = raw_dir / SOURCE_ID / FILE_NAME
    rows = load_rows(path)
    fiscal_year = _fiscal_year(path, rows[0][0] if rows and rows[0] else None)
    as_of = date(fiscal_year + 1, 3, 31)
    header, cols = _header(path, rows)
    records = _rows(path, rows, header, cols, areas)
    table = pd.DataFrame(
        [
            {"area_code": code5, "fiscal_year": fiscal_year, **{MEASURES[k]: v for k, (v, _) in cells.items()}}
            for code5, cells in records
        ],
        columns=TABLE_COLUMNS,
    )
    table[list(MEASURES.values())] = table[list(MEASURES.values())].astype("float64")
    values = [
        {
            "indicator_id": INDICATOR_ID,
            "area_code": code5,
            "as_of": as_of,
            "value": cells["財政力指数"][0],
            "note": cells["財政力指数"][1],
        }
        for code5, cells in records
    ]
    return Parsed(
        source_id=SOURCE_ID, files={path: len(table)}, values=values_frame(values), tables={"fiscal_indicators": table}
    )
