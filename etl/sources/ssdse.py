"""Context statistics from SSDSE-市区町村 (教育用標準データセット SSDSE-A, 2025 edition).

Publisher: 独立行政法人統計センター (NSTAC), compiled from e-Stat 社会・人口統計体系;
https://www.nstac.go.jp/use/literacy/ssdse/ . Licence: not stated in the repository
the file was taken from (e-Stat 利用規約 applies to the underlying data). Cadence: yearly.

New editions: the folder may hold several ``SSDSE-A-YYYY.csv``; the newest is
read. Every item's year comes from the file's own header row 2 and dates the
values (国勢調査 items: 1 October of that year, which must be a census year;
経済センサス items: that round's date), so an edition with newer data needs no
code change, and one whose years cannot be dated is refused with the file and
column named.

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
#: The shipped edition; a newer ``SSDSE-A-YYYY.csv`` put beside it is read instead (``edition``).
FILE_NAME = "SSDSE-A-2025.csv"
_EDITION = re.compile(r"^SSDSE-A-(\d{4})\.csv$")
ENCODING = "cp932"
HEADER_ROWS = 3
CENSUS = date(2020, 10, 1)
#: 令和3年経済センサス‐活動調査 reference date.
ECONOMIC_CENSUS = date(2021, 6, 1)
PREFECTURE_NOTE = "市区町村の合計から算出"

#: Item code → (label in header row 3, what its year in header row 2 dates): ``census``
#: (国勢調査, as of 1 October of a year divisible by 5), ``economic_census``
#: (経済センサス‐活動調査, ``ECONOMIC_CENSUS_DATES``) or ``area`` (any year; not a value date).
ITEMS: dict[str, tuple[str, str]] = {
    "A1101": ("総人口", "census"),
    "A1301": ("15歳未満人口", "census"),
    "A1302": ("15～64歳人口", "census"),
    "A1303": ("65歳以上人口", "census"),
    "A1419": ("75歳以上人口", "census"),
    "A7101": ("世帯数", "census"),
    "A710101": ("一般世帯数", "census"),
    "A8301": ("65歳以上世帯員の単独世帯数", "census"),
    "B1103": ("可住地面積", "area"),
    "C210839": ("事業所数（民営）（情報通信業）", "economic_census"),
}
#: 経済センサス‐活動調査 rounds and their reference dates (平成28年, 令和3年).
ECONOMIC_CENSUS_DATES = {2016: date(2016, 6, 1), 2021: ECONOMIC_CENSUS}
KEY_COLUMNS = ("地域コード", "都道府県", "市区町村")
_CODE = re.compile(r"^R\d{5}$")


@dataclass(frozen=True)
class Derived:
    """One indicator: numerator item, denominator items (summed; none = a count), scale, date."""

    indicator_id: str
    numerator: str
    denominator: tuple[str, ...]
    scale: float
    dated_by: str  # the ITEMS kind whose year dates the value


#: 年齢判明人口: the three age groups, which exclude 年齢不詳 (the official 高齢化率 denominator).
KNOWN_AGE = ("A1301", "A1302", "A1303")

DERIVED = (
    Derived("population", "A1101", (), 1.0, "census"),
    Derived("households", "A7101", (), 1.0, "census"),
    Derived("aged_65_share", "A1303", KNOWN_AGE, 100.0, "census"),
    Derived("aged_75_share", "A1419", KNOWN_AGE, 100.0, "census"),
    Derived("single_elderly_household_share", "A8301", ("A710101",), 100.0, "census"),
    # ha → km²: people per km² = people / (ha / 100) = 100 · people / ha
    Derived("habitable_density", "A1101", ("B1103",), 100.0, "census"),
    Derived("ict_establishments_per_1000", "C210839", ("A1101",), 1000.0, "economic_census"),
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


def edition(folder: Path) -> Path:
    """The newest ``SSDSE-A-YYYY.csv`` in ``folder``: a newer edition dropped in is read without code changes."""
    if not folder.is_dir():
        raise InputError(folder, "", "folder not found")
    found = sorted((int(m.group(1)), p) for p in folder.iterdir() if (m := _EDITION.match(p.name)) and p.is_file())
    if not found:
        raise InputError(folder, "", "no SSDSE-A-YYYY.csv file")
    return found[-1][1]


def _item_date(path: Path, item: str, year_text: str) -> date | None:
    """The reference date an item's header year stands for; a year we cannot date is refused."""
    label, kind = ITEMS[item]
    where = f"header row 2, column '{item}' ({label})"
    if not re.fullmatch(r"\d{4}", year_text):
        raise InputError(path, where, f"year is '{year_text}', not a 4-digit year")
    year = int(year_text)
    if kind == "census":
        if year % 5:
            raise InputError(path, where, f"year is '{year_text}', not a 国勢調査 year (every 5 years)")
        return date(year, 10, 1)
    if kind == "economic_census":
        if year not in ECONOMIC_CENSUS_DATES:
            known = ", ".join(str(y) for y in ECONOMIC_CENSUS_DATES)
            raise InputError(path, where, f"year is '{year_text}', not a 経済センサス‐活動調査 round ({known})")
        return ECONOMIC_CENSUS_DATES[year]
    return None


def _columns(path: Path, raw: pd.DataFrame) -> tuple[dict[str, int], dict[str, date]]:
    """Item code → column position, after checking label and year of each; kind → reference date."""
    if len(raw) <= HEADER_ROWS:
        raise InputError(path, "", f"expected {HEADER_ROWS} header rows and data rows, found {len(raw)} rows")
    codes, years, labels = (list(raw.iloc[r]) for r in range(HEADER_ROWS))
    if str(codes[0]).strip() != path.stem:
        raise InputError(path, "header row 1, column 1", f"edition is '{codes[0]}', but the file is named {path.name}")
    for position, key in enumerate(KEY_COLUMNS):
        if labels[position] != key:
            raise InputError(
                path, f"header row 3, column {position + 1}", f"expected '{key}', found '{labels[position]}'"
            )
    found: dict[str, int] = {}
    dates: dict[str, date] = {}
    for item, (label, kind) in ITEMS.items():
        if item not in codes:
            raise InputError(path, f"header row 1, column '{item}' ({label})", "item code not found")
        col = codes.index(item)
        if labels[col] != label:
            raise InputError(path, f"header row 3, column '{item}'", f"label is '{labels[col]}', expected '{label}'")
        when = _item_date(path, item, str(years[col]).strip())
        if when is not None and dates.setdefault(kind, when) != when:
            raise InputError(path, f"header row 2, column '{item}' ({label})", f"year differs from other {kind} items")
        found[item] = col
    return found, dates


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


def _rows(counts: dict[str, dict[str, Cell]], extra_note: str | None, dates: dict[str, date]) -> list[dict[str, Any]]:
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
                    "as_of": dates[spec.dated_by],
                    "value": value,
                    "note": note,
                }
            )
    return rows


def parse(raw_dir: Path, areas: AreaIndex) -> Parsed:
    """The newest edition in the folder (older ones stay for the record but are not read)."""
    path = edition(raw_dir / SOURCE_ID)
    raw = _read(path)
    columns, dates = _columns(path, raw)
    counts = _municipal_counts(path, raw, columns, areas)
    prefectures = _prefecture_counts(counts, areas)
    values = values_frame(_rows(counts, None, dates) + _rows(prefectures, PREFECTURE_NOTE, dates))
    return Parsed(source_id=SOURCE_ID, files={path: len(counts)}, values=values)
