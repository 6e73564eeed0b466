"""マイナンバーカード交付状況 (My Number Card issuance), 2017-03-08 … 2022-12-31.

Publisher of the numbers: 総務省「マイナンバーカード交付状況について」 (PDF/Excel);
extracted to CSV by Code for Japan, github.com/codeforjapan/mynumbercard_statistics
(branch gh-pages, ``static/data/``, commit 3c7a1dad). Licence: the repository's
MIT licence covers its code; 総務省 states no licence for the data. Cadence:
irregular in 2017-2019, monthly from 2020; one folder per 算出基準日
(``<YYYYMMDD>``), which is used as ``as_of``.

Each folder holds ``all_localgovs.csv`` (1,741 municipalities; designated
cities whole) and ``all_prefectures.csv`` (47), UTF-8 with BOM. The indicator
``mynumber_issuance_rate`` is the published 人口に対する交付枚数率 (%, cumulative
cards issued per 住民基本台帳 resident); the counts behind it go to the
``mynumber_counts`` table. Every row is checked: the rate must be 0-100 and
agree with 交付枚数 / 総数 to rounding, so a shifted column cannot pass.

Residents at the date shown: each snapshot carries the population its rate
divides by (総数（人口）) and that population's date (人口算出基準日, a 1 January).
The basis is not always the snapshot's own year: 26 of the 46 snapshots use the
previous year's 1 January (e.g. 20220731 → 2021-01-01; the new year's register
count is adopted in August or September). Both go to ``mynumber_counts``
(``population``, ``population_as_of``) and to ``residents_at_date`` (one row per
indicator value: the residents the value speaks for, and their date), so the
dashboard counts residents at the date shown instead of the 2020 census. The
same area and basis date carry the same population in every snapshot; the
parser refuses a file where they differ.

Codes: ``団体コード`` is LG6 written as an integer, so the leading zero is lost
(``11002`` is ``011002``); ``intake.codes.normalise`` restores it and checks the
check digit. From 20210801 on, 三宅村 and 八丈町 (東京都) have ``<NA>``; they are
filled with their official codes only after their names are checked, and any
other ``<NA>`` stops the build. The prefecture file has no code column, so
prefecture names are matched to the code list's prefectures (47 unique names).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from etl.model import VALUE_COLUMNS, AreaIndex, Parsed
from etl.validate import check_prefecture_totals
from intake.codes import CodeError, normalise
from intake.dates import read_date
from intake.errors import InputError
from intake.names import same_name
from intake.text import text_rows, without_empty_trailing_columns

SOURCE_ID = "mynumbercard_codeforjapan"
INDICATOR_ID = "mynumber_issuance_rate"
DATA_DIR = Path("static") / "data"
MUNICIPAL_FILE = "all_localgovs.csv"
PREFECTURE_FILE = "all_prefectures.csv"

MUNICIPAL_COLUMNS = (
    "算出基準日",
    "都道府県名",
    "市区町村名",
    "総数（人口）",
    "交付枚数",
    "人口に対する交付枚数率",
    "人口算出基準日",
    "交付件数基準日",
    "団体コード",
)
PREFECTURE_COLUMNS = (
    "算出基準日",
    "都道府県名",
    "総数（人口）",
    "交付枚数",
    "人口に対する交付枚数率",
    "人口算出基準日",
    "交付枚数算出基準日",
)
#: Rows published without a code (<NA>) from 20210801 on -> their LG6 in the 総務省 code list.
KNOWN_MISSING_CODES = {("東京都", "三宅村"): "133817", ("東京都", "八丈町"): "134015"}
#: The published rate has one decimal; allow for rounding of the quotient.
RATE_TOLERANCE = 0.06

_SNAPSHOT = re.compile(r"^\d{8}$")

#: (file, line number, row) -> LG5 code of the row's area.
CodeOf = Callable[[Path, int, dict[str, str]], str]


def snapshot_dirs(raw_dir: Path) -> list[tuple[date, Path]]:
    """Every ``<YYYYMMDD>`` folder, oldest first; none at all is an error."""
    base = raw_dir / SOURCE_ID / DATA_DIR
    if not base.is_dir():
        raise InputError(base, "", "folder not found")
    out = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and _SNAPSHOT.match(p.name)):
        try:
            day = date(int(folder.name[:4]), int(folder.name[4:6]), int(folder.name[6:]))
        except ValueError as exc:
            raise InputError(folder, "folder name", f"'{folder.name}' is not a date: {exc}") from exc
        out.append((day, folder))
    if not out:
        raise InputError(base, "", "no <YYYYMMDD> snapshot folders")
    return out


def read_rows(path: Path, columns: tuple[str, ...], day: date) -> list[tuple[int, dict[str, str]]]:
    """Rows as dicts with their line number; header and 算出基準日 must match the folder."""
    rows = without_empty_trailing_columns([list(cells) for _, cells in text_rows(path, "utf-8-sig")])
    if not rows or tuple(c.strip() for c in rows[0]) != columns:
        raise InputError(path, "row 1", f"header {rows[0] if rows else []} is not {list(columns)}")
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns):
            raise InputError(path, f"row {line}", f"has {len(row)} cells; expected {len(columns)}")
        record = dict(zip(columns, (c.strip() for c in row), strict=True))
        if read_date(record["算出基準日"]) != day:  # 2024/03/31 or 令和6年3月31日: the same day
            raise InputError(
                path, f"row {line}", f"算出基準日 {record['算出基準日']} is not the folder date {day:%Y/%m/%d}"
            )
        out.append((line, record))
    return out


def _counts(path: Path, line: int, record: dict[str, str]) -> tuple[int, int, float]:
    """(population, issued, rate) with the sanity checks on the rate."""
    where = f"row {line}"
    try:
        population, issued = int(record["総数（人口）"]), int(record["交付枚数"])
        rate = float(record["人口に対する交付枚数率"])
    except ValueError as exc:
        raise InputError(path, where, f"non-numeric count or rate: {exc}") from exc
    if not 0 <= rate <= 100:
        raise InputError(path, where, f"rate {rate} is outside 0-100")
    if population <= 0 or abs(issued / population * 100 - rate) > RATE_TOLERANCE:
        raise InputError(path, where, f"rate {rate} does not match 交付枚数 {issued} / 総数 {population}")
    return population, issued, rate


def municipal_code(
    path: Path, line: int, record: dict[str, str], prefecture_of: dict[str, str], name_of: dict[str, str]
) -> str:
    """LG5 of a municipal row: restore the lost zero, fill the two known <NA>s, check the list.

    ``prefecture_of`` and ``name_of`` map each municipality code of the code list to
    its prefecture and its name: two codes swapped between rows must not go unnoticed.
    """
    raw, pref, name = record["団体コード"], record["都道府県名"], record["市区町村名"]
    where = f"row {line} ({pref} {name})"
    if raw in ("", "<NA>"):
        if (pref, name) not in KNOWN_MISSING_CODES:
            raise InputError(path, where, f"団体コード is '{raw}'; only 三宅村 and 八丈町 are known to lack it")
        raw = KNOWN_MISSING_CODES[(pref, name)]
    try:
        code = normalise(raw, width_hint=6)
    except CodeError as exc:
        raise InputError(path, where, str(exc)) from exc
    if code not in prefecture_of:
        raise InputError(path, where, f"団体コード {raw} ({code}) is not a municipality in the code list")
    if prefecture_of[code] != pref:
        raise InputError(path, where, f"code {code} belongs to {prefecture_of[code]}, not {pref}")
    if not same_name(name, name_of[code]):
        raise InputError(path, where, f"code {code} is {name_of[code]} in the code list, not {name}")
    return code


def _population_date(path: Path, line: int, record: dict[str, str], day: date) -> date:
    """人口算出基準日: a 1 January on or before the snapshot (the 住民基本台帳 count it divides by)."""
    text = record["人口算出基準日"]
    try:
        basis = read_date(text)
    except ValueError as exc:
        raise InputError(path, f"row {line}, column '人口算出基準日'", f"'{text}' is not a date ({exc})") from None
    if basis is None:
        raise InputError(path, f"row {line}, column '人口算出基準日'", f"'{text}' is not a date")
    if (basis.month, basis.day) != (1, 1) or basis > day or basis.year < day.year - 1:
        raise InputError(
            path, f"row {line}, column '人口算出基準日'", f"{basis} is not 1 January of {day.year} or {day.year - 1}"
        )
    return basis


def _read_level(
    path: Path, day: date, level_areas: pd.DataFrame, code_of: CodeOf
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    columns = MUNICIPAL_COLUMNS if path.name == MUNICIPAL_FILE else PREFECTURE_COLUMNS
    values, counts, seen = [], [], set()
    for line, record in read_rows(path, columns, day):
        code = code_of(path, line, record)
        if code in seen:
            raise InputError(path, f"row {line}", f"area {code} appears twice")
        seen.add(code)
        population, issued, rate = _counts(path, line, record)
        basis = _population_date(path, line, record, day)
        values.append({"indicator_id": INDICATOR_ID, "area_code": code, "as_of": day, "value": rate, "note": None})
        counts.append(
            {"area_code": code, "as_of": day, "population": population, "population_as_of": basis, "issued": issued}
        )
    missing = sorted(set(level_areas["code"]) - seen)
    if missing:
        raise InputError(path, "", f"{len(missing)} area(s) of the code list are missing, e.g. {missing[:5]}")
    return values, counts


def _prefecture_lookup(areas: AreaIndex) -> CodeOf:
    code_by_name = dict(zip(areas.prefectures["name_ja"], areas.prefectures["code"], strict=True))

    def code_of(path: Path, line: int, record: dict[str, str]) -> str:
        name = record["都道府県名"]
        if name not in code_by_name:
            raise InputError(path, f"row {line}", f"都道府県名 '{name}' is not a prefecture of the code list")
        return str(code_by_name[name])

    return code_of


def _municipal_lookup(areas: AreaIndex) -> CodeOf:
    frame = areas.municipalities
    prefecture_of = dict(zip(frame["code"], frame["prefecture_name"], strict=True))
    name_of = dict(zip(frame["code"], frame["name_ja"], strict=True))

    def code_of(path: Path, line: int, record: dict[str, str]) -> str:
        return municipal_code(path, line, record, prefecture_of, name_of)

    return code_of


def parse(raw_dir: Path, areas: AreaIndex) -> Parsed:
    levels = (
        (MUNICIPAL_FILE, areas.municipalities, _municipal_lookup(areas)),
        (PREFECTURE_FILE, areas.prefectures, _prefecture_lookup(areas)),
    )
    values: list[dict[str, object]] = []
    counts: list[dict[str, object]] = []
    files: dict[Path, int] = {}
    for day, folder in snapshot_dirs(raw_dir):
        day_counts: list[dict[str, object]] = []
        for name, level_areas, code_of in levels:
            new_values, new_counts = _read_level(folder / name, day, level_areas, code_of)
            values += new_values
            day_counts += new_counts
            files[folder / name] = len(new_values)
        # both files of a snapshot: each prefecture's counts must be its municipalities' sum
        check_prefecture_totals(folder / PREFECTURE_FILE, pd.DataFrame(day_counts), ["population", "issued"], areas)
        counts += day_counts
    frame = pd.DataFrame.from_records(values, columns=VALUE_COLUMNS).astype({"value": "float64", "note": "string"})
    columns = ["area_code", "as_of", "population", "population_as_of", "issued"]
    table = pd.DataFrame.from_records(counts, columns=columns)
    table[["population", "issued"]] = table[["population", "issued"]].astype("int64")
    _check_one_population_per_basis(table)
    tables = {"mynumber_counts": table, "residents_at_date": residents_at_date(table)}
    return Parsed(source_id=SOURCE_ID, files=files, values=frame, tables=tables)


def _check_one_population_per_basis(table: pd.DataFrame) -> None:
    """Two snapshots dividing by the same 1 January count must use the same count."""
    spread = table.groupby(["area_code", "population_as_of"])["population"].nunique()
    if (spread > 1).any():
        code, basis = spread[spread > 1].index[0]
        raise InputError(
            SOURCE_ID, f"area {code}, 人口算出基準日 {basis}", "snapshots give different populations for the same date"
        )


def residents_at_date(counts: pd.DataFrame) -> pd.DataFrame:
    """Per value of ``mynumber_issuance_rate``: the residents it speaks for and their date."""
    return pd.DataFrame(
        {
            "indicator_id": INDICATOR_ID,
            "area_code": counts["area_code"],
            "as_of": counts["as_of"],
            "residents": counts["population"].astype("int64"),
            "residents_as_of": counts["population_as_of"],
            "basis": "住民基本台帳人口（人口算出基準日）",
            "source_id": SOURCE_ID,
        }
    )
