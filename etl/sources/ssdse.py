"""Context statistics from SSDSE-市区町村 (教育用標準データセット SSDSE-A, 2025 edition).

Publisher: 独立行政法人統計センター (NSTAC), compiled from e-Stat 社会・人口統計体系;
https://www.nstac.go.jp/use/literacy/ssdse/ . Licence: not stated in the repository
the file was taken from (e-Stat 利用規約 applies to the underlying data). Cadence: yearly.

Layout: CP932 CSV with three header rows (item codes such as ``A1101``, the survey
year, the Japanese label) and one row per municipality (1,741, designated cities
whole) keyed by ``R`` + LG5. Columns are found by item code, and each code's label
and year are checked, because a shifted column would silently mislabel a map.

Derived indicators (2020 census unless stated):
population = A1101 総人口; households = A7101 世帯数;
aged_65_share = A1303 / (A1301 + A1302 + A1303); aged_75_share = A1419 / (A1301 + A1302 + A1303).
single_elderly_household_share = A8301 65歳以上世帯員の単独世帯数 / A710101 一般世帯数;
habitable_density = A1101 / (B1103 可住地面積 [ha, 2023] / 100);
ict_establishments_per_1000 = C210839 事業所数（民営）（情報通信業）[経済センサス 2021-06-01] / A1101 × 1000.

The denominator is the population *of known age*: 総人口 includes 年齢不詳, and the
official 高齢化率 of the census divides by the population excluding 年齢不詳, so
A1303 / A1101 understates it wherever many ages are unknown (所沢市 25.42 % instead of
29.57 %, 浪江町 29.54 % instead of 33.89 %). Nationally the municipal sums give
35,335,805 / 123,214,261 = 28.68 % (28.01 % with 総人口); the census headline 28.6 %
is the 不詳補完値 (unknown ages imputed), a figure SSDSE does not carry.
The other shares were checked for the same fault and have none: the households
share divides by 一般世帯数 as SSDS defines it (高齢単身世帯の割合), and the
per-resident rates (density, ICT establishments) rightly count every resident.

Prefecture values are computed by summing the municipalities' counts and then
dividing (not by averaging municipal ratios), which reproduces the census ratio
for the prefecture; those rows carry the note '市区町村の合計から算出'. A zero
denominator (双葉町 had no residents in 2020 after the nuclear evacuation) gives
NaN with a note, never 0 or infinity.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from etl.model import AreaIndex, Parsed
from etl.sources._cells import NORTHERN_TERRITORIES, area_rows, require_area, values_frame
from intake.cells import number_or_fail
from intake.errors import InputError
from intake.text import short_row, text_rows

SOURCE_ID = "nstac_ssdse"
FILE_NAME = "SSDSE-A-2025.csv"
ENCODING = "cp932"
HEADER_ROWS = 3
CENSUS = date(2020, 10, 1)
#: 令和3年経済センサス‐活動調査 reference date.
ECONOMIC_CENSUS = date(2021, 6, 1)
PREFECTURE_NOTE = "市区町村の合計から算出"

#: Item code → (label in header row 3, year in header row 2).
ITEMS: dict[str, tuple[str, str]] = {
    "A1101": ("総人口", "2020"),
    "A1301": ("15歳未満人口", "2020"),
    "A1302": ("15～64歳人口", "2020"),
    "A1303": ("65歳以上人口", "2020"),
    "A1419": ("75歳以上人口", "2020"),
    "A7101": ("世帯数", "2020"),
    "A710101": ("一般世帯数", "2020"),
    "A8301": ("65歳以上世帯員の単独世帯数", "2020"),
    "B1103": ("可住地面積", "2023"),
    "C210839": ("事業所数（民営）（情報通信業）", "2021"),
}
KEY_COLUMNS = ("地域コード", "都道府県", "市区町村")
_CODE = re.compile(r"^R\d{5}$")


@dataclass(frozen=True)
class Derived:
    """One indicator: numerator item, denominator items (summed; none = a count), scale, date."""

    indicator_id: str
    numerator: str
    denominator: tuple[str, ...]
    scale: float
    as_of: date


#: 年齢判明人口: the three age groups, which exclude 年齢不詳 (the official 高齢化率 denominator).
KNOWN_AGE = ("A1301", "A1302", "A1303")

DERIVED = (
    Derived("population", "A1101", (), 1.0, CENSUS),
    Derived("households", "A7101", (), 1.0, CENSUS),
    Derived("aged_65_share", "A1303", KNOWN_AGE, 100.0, CENSUS),
    Derived("aged_75_share", "A1419", KNOWN_AGE, 100.0, CENSUS),
    Derived("single_elderly_household_share", "A8301", ("A710101",), 100.0, CENSUS),
    # ha → km²: people per km² = people / (ha / 100) = 100 · people / ha
    Derived("habitable_density", "A1101", ("B1103",), 100.0, CENSUS),
    Derived("ict_establishments_per_1000", "C210839", ("A1101",), 1000.0, ECONOMIC_CENSUS),
)

Cell = tuple[float, str | None]


def _read(path: Path) -> pd.DataFrame:
    """Every row as wide as the widest: a shorter one is a line cut off, not blanks."""
    records = text_rows(path, ENCODING)
    width = max((len(r) for _, r in records), default=0)
    for line, cells in records:
        if len(cells) < width:
            raise InputError(path, f"line {line}", short_row(len(cells), width))
    return pd.DataFrame([list(r) for _, r in records], dtype=object)


def _columns(path: Path, raw: pd.DataFrame) -> dict[str, int]:
    """Item code → column position, after checking label and year of each."""
    if len(raw) <= HEADER_ROWS:
        raise InputError(path, "", f"expected {HEADER_ROWS} header rows and data rows, found {len(raw)} rows")
    codes, years, labels = (list(raw.iloc[r]) for r in range(HEADER_ROWS))
    for position, key in enumerate(KEY_COLUMNS):
        if labels[position] != key:
            raise InputError(
                path, f"header row 3, column {position + 1}", f"expected '{key}', found '{labels[position]}'"
            )
    found: dict[str, int] = {}
    for item, (label, year) in ITEMS.items():
        if item not in codes:
            raise InputError(path, f"header row 1, column '{item}' ({label})", "item code not found")
        col = codes.index(item)
        if labels[col] != label:
            raise InputError(path, f"header row 3, column '{item}'", f"label is '{labels[col]}', expected '{label}'")
        if years[col] != year:
            raise InputError(
                path, f"header row 2, column '{item}' ({label})", f"year is '{years[col]}', expected {year}"
            )
        found[item] = col
    return found


def _municipal_counts(
    path: Path, raw: pd.DataFrame, columns: dict[str, int], areas: AreaIndex
) -> dict[str, dict[str, Cell]]:
    """LG5 code → item → (value, missing-reason), checking every code and name."""
    lookup = area_rows(areas)
    counts: dict[str, dict[str, Cell]] = {}
    for index in range(HEADER_ROWS, len(raw)):
        row = raw.iloc[index]
        where = f"row {index + 1}"
        text = str(row[0]).strip()
        if not _CODE.match(text):
            raise InputError(path, f"{where}, column '地域コード'", f"'{text}' is not 'R' + a 5-digit code")
        code5 = text[1:]
        rec = require_area(lookup, code5, "municipality", path, f"{where}, column '地域コード'", name=str(row[2]))
        if str(row[1]).strip() != rec["prefecture_name"]:
            raise InputError(path, f"{where}, column '都道府県'", f"'{row[1]}' is not the prefecture of {code5}")
        if code5 in counts:
            raise InputError(path, f"{where}, column '地域コード'", f"'{text}' appears twice")
        counts[code5] = {
            item: number_or_fail(row[col], path, f"{where}, column '{item}' ({ITEMS[item][0]})")
            for item, col in columns.items()
        }
    return counts


def _compute(spec: Derived, cells: dict[str, Cell]) -> Cell:
    """Apply one ``Derived`` rule; a missing input or zero denominator gives NaN and the reason."""
    numerator, note = cells[spec.numerator]
    if math.isnan(numerator):
        return math.nan, f"{ITEMS[spec.numerator][0]}: {note}"
    if not spec.denominator:
        return numerator * spec.scale, None
    for item in spec.denominator:
        part, note = cells[item]
        if math.isnan(part):
            return math.nan, f"{ITEMS[item][0]}: {note}"
    denominator = sum(cells[item][0] for item in spec.denominator)
    if denominator == 0:
        label = "・".join(ITEMS[item][0] for item in spec.denominator)
        return math.nan, f"{label}が0のため算出できない"
    return numerator / denominator * spec.scale, None


def _prefecture_counts(counts: dict[str, dict[str, Cell]], areas: AreaIndex) -> dict[str, dict[str, Cell]]:
    """Sum the municipal counts per prefecture; any gap makes the sum missing, with a reason."""
    munis = areas.municipalities
    totals: dict[str, dict[str, Cell]] = {}
    for pref_code, members in munis.groupby("prefecture_code", sort=True):
        codes = [c for c in members["code"] if c not in NORTHERN_TERRITORIES]
        absent = [c for c in codes if c not in counts]
        cells: dict[str, Cell] = {}
        for item in ITEMS:
            if absent:
                cells[item] = (math.nan, f"{len(absent)}市区町村がファイルにない（例 {absent[0]}）")
                continue
            parts = [counts[c][item] for c in codes]
            gaps = [note for value, note in parts if math.isnan(value)]
            cells[item] = (
                (math.nan, f"市区町村の値に欠損あり（{gaps[0]}）") if gaps else (sum(v for v, _ in parts), None)
            )
        totals[str(pref_code)] = cells
    return totals


def _rows(counts: dict[str, dict[str, Cell]], extra_note: str | None) -> list[dict[str, Any]]:
    rows = []
    for code5, cells in counts.items():
        for spec in DERIVED:
            value, note = _compute(spec, cells)
            if extra_note:
                note = extra_note if note is None else f"{extra_note}; {note}"
            rows.append(
                {
                    "indicator_id": spec.indicator_id,
                    "area_code": code5,
                    "as_of": spec.as_of,
                    "value": value,
                    "note": note,
                }
            )
    return rows


def parse(raw_dir: Path, areas: AreaIndex) -> Parsed:
    path = raw_dir / SOURCE_ID / FILE_NAME
    raw = _read(path)
    columns = _columns(path, raw)
    counts = _municipal_counts(path, raw, columns, areas)
    prefectures = _prefecture_counts(counts, areas)
    values = values_frame(_rows(counts, None) + _rows(prefectures, PREFECTURE_NOTE))
    return Parsed(source_id=SOURCE_ID, files={path: len(counts)}, values=values)
