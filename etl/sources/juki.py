"""Population by age band and households from the Basic Resident Register (住民基本台帳).

Publisher: 総務省「住民基本台帳に基づく人口、人口動態及び世帯数」
(https://www.soumu.go.jp/main_sosiki/jichi_gyousei/daityo/jinkou_jinkoudoutai-setaisuu.html).
Licence: CC BY 4.0 compatible (政府標準利用規約, as quoted by passaglia/japandata-sources).
Cadence: yearly, as of 1 January.

Files read:
``市区町村別年齢階級別人口_2304ssnen.xlsx`` (年齢階級別人口, 総計, 2023-01-01): three rows
(計/男/女) per area, 5-year bands in columns; only the 計 rows are kept, as table
``juki_age_bands`` (band ``総数`` is the published total, which 総務省 notes may differ
from the sum of the bands). ``2203ssjin.xlsx`` (人口・世帯数, 2022-01-01): table
``juki_households``. The reference date is read from each sheet's title (令和N年M月D日).

Both sheets list the nation, prefectures, 郡 subtotals, designated cities and their
wards, 東京都's 島しょ subtotal and the six 北方領土 villages (population 0). The atlas keeps municipalities
at the level of the other statistics: designated cities whole, wards, 郡 subtotals
(and 島しょ) and 北方領土 dropped. Every other row must be a municipality of the official code
list (LG6 check digit and name verified); an unknown code fails the build.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from etl.model import AreaIndex, Parsed
from etl.sources._cells import NORTHERN_TERRITORIES, area_rows, column_letter, require_area
from etl.validate import check_prefecture_totals
from intake.cells import code5_from_lg6, number_or_fail
from intake.dates import find_date
from intake.errors import InputError
from intake.names import fold_name
from intake.xlsx import load_rows

SOURCE_ID = "soumu_juki_population"
AGE_FILE = "市区町村別年齢階級別人口_2304ssnen.xlsx"
HOUSEHOLD_FILE = "2203ssjin.xlsx"
KEYS = ("団体コード", "都道府県名", "市区町村名")
TOTAL_BAND = "総数"
BANDS = [f"{a}歳～{a + 4}歳" for a in range(0, 100, 5)] + ["100歳以上"]
#: Subtotal rows that are neither 郡 nor wards: 東京都 島しょ (the island municipalities, code 13360).
SUBTOTAL_NAMES = frozenset({"島しょ"})

Lookup = dict[str, dict[str, Any]]


def reference_date(path: Path, title: object) -> date:
    """令和N年M月D日 (any era, or a Western date) in the sheet title → ``date`` (令和元年 = 2019)."""
    found = find_date(title)
    if found is None:
        raise InputError(path, "row 1 (title)", f"no date (令和N年M月D日) in '{title}'")
    return found


def _header_row(path: Path, rows: list[tuple[Any, ...]]) -> int:
    for r, row in enumerate(rows[:12]):
        if row and tuple(row[:3]) == KEYS:
            return r
    raise InputError(path, "rows 1-12", f"no header row starting with {KEYS}")


def _designated_cities(lookup: Lookup) -> dict[str, tuple[str, ...]]:
    """Prefecture code → folded names of its designated cities (政令指定都市), whose wards are dropped.

    Uses the code list's ``kind`` when present; otherwise any 市 qualifies, which is
    still safe because a ward row must also be absent from the list of municipalities.
    """
    cities: dict[str, list[str]] = {}
    for rec in lookup.values():
        kind = rec.get("kind")
        if rec["level"] == "municipality" and (
            kind == "designated_city" or (kind is None and str(rec["name_ja"]).endswith("市"))
        ):
            cities.setdefault(str(rec["prefecture_code"]), []).append(fold_name(str(rec["name_ja"])))
    return {pref: tuple(names) for pref, names in cities.items()}


def municipality_of(
    path: Path, where: str, row: tuple[Any, ...], lookup: Lookup, cities: dict[str, tuple[str, ...]]
) -> str | None:
    """The LG5 code if ``row`` is a municipality to keep, None for a row to drop, else InputError."""
    raw_code, pref, name = (str(c).strip() if c is not None else "" for c in row[:3])
    if raw_code == "-":  # 合計 (the nation)
        return None
    code5 = code5_from_lg6(raw_code, path, f"{where}, column '団体コード'")
    if code5.endswith("000"):
        require_area(lookup, code5, "prefecture", path, f"{where}, column '都道府県名'", name=pref)
        return None
    if code5 in NORTHERN_TERRITORIES:
        return None
    rec = lookup.get(code5)
    if rec is not None and rec["level"] == "municipality":
        require_area(lookup, code5, "municipality", path, f"{where}, column '市区町村名'", name=name)
        return code5
    folded = fold_name(name)
    if folded.endswith("郡") or folded in SUBTOTAL_NAMES:
        return None
    if folded.endswith("区") and any(folded.startswith(city) for city in cities.get(code5[:2] + "000", ())):
        return None
    raise InputError(
        path,
        f"{where}, column '団体コード'",
        f"'{raw_code}' ({name}) is not a municipality, ward or 郡 of the official code list",
    )


def _band_columns(path: Path, labels: tuple[Any, ...], header: int) -> list[tuple[str, int]]:
    """(band, column) pairs, checking that the band labels are exactly the published ones."""
    expected = [TOTAL_BAND, *BANDS]
    text = [str(c).strip() if c is not None else "" for c in labels]
    if TOTAL_BAND not in text:
        raise InputError(path, f"header row {header}, column '{TOTAL_BAND}'", "expected column is missing")
    start = text.index(TOTAL_BAND)
    for offset, band in enumerate(expected):
        found = text[start + offset] if start + offset < len(text) else ""
        if found != band:
            raise InputError(
                path,
                f"header row {header}, column {column_letter(start + offset)}",
                f"expected '{band}', found '{found}'",
            )
    return [(band, start + offset) for offset, band in enumerate(expected)]


def _age_from(band: str) -> int | None:
    return None if band == TOTAL_BAND else int(band.split("歳")[0])


def parse_age_bands(path: Path, lookup: Lookup) -> pd.DataFrame:
    rows = load_rows(path)
    as_of = reference_date(path, rows[0][0] if rows and rows[0] else None)
    header = _header_row(path, rows)
    cities = _designated_cities(lookup)
    if str(rows[header][3]).strip() != "性別":
        raise InputError(path, f"header row {header + 1}, column D", f"expected '性別', found '{rows[header][3]}'")
    bands = _band_columns(path, rows[header - 1], header)
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index in range(header + 1, len(rows)):
        row = rows[index]
        if not row or row[0] is None or str(row[3]).strip() != "計":
            continue
        where = f"row {index + 1}"
        code5 = municipality_of(path, where, row, lookup, cities)
        if code5 is None:
            continue
        if code5 in seen:
            raise InputError(path, f"{where}, column '団体コード'", f"'{code5}' appears twice")
        seen.add(code5)
        for band, col in bands:
            value, note = number_or_fail(row[col], path, f"{where}, column {column_letter(col)} ({band})")
            records.append(
                {
                    "area_code": code5,
                    "as_of": as_of,
                    "band": band,
                    "age_from": _age_from(band),
                    "population": value,
                    "note": note,
                }
            )
    frame = pd.DataFrame(records, columns=["area_code", "as_of", "band", "age_from", "population", "note"])
    frame["age_from"] = frame["age_from"].astype("Int64")
    frame["population"] = frame["population"].astype("float64")
    frame["note"] = frame["note"].astype("string")  # typed even when every note is empty
    return frame


def _household_columns(path: Path, rows: list[tuple[Any, ...]], header: int) -> dict[str, int]:
    """Columns of (人口, 計) and (世帯数, 世帯数) from the two label rows above the header."""
    groups, labels = rows[header - 2], rows[header - 1]
    pairs = [
        (str(g).strip() if g else "", str(lab).strip() if lab else "") for g, lab in zip(groups, labels, strict=False)
    ]
    wanted = {"population": ("人口", "計"), "households": ("世帯数", "世帯数")}
    found: dict[str, int] = {}
    for key, pair in wanted.items():
        if pair not in pairs:
            raise InputError(
                path, f"header rows {header - 1}-{header}, column '{pair[0]} {pair[1]}'", "expected column is missing"
            )
        found[key] = pairs.index(pair)
    return found


def _prefecture_code(row: tuple[Any, ...]) -> str | None:
    """LG5 of a prefecture total row (``130001`` → ``13000``), else None (checked by ``municipality_of``)."""
    raw = str(row[0]).strip() if row[0] is not None else ""
    return raw[:5] if len(raw) == 6 and raw.isdigit() and raw[2:5] == "000" else None


def _require_all(path: Path, codes: set[str], lookup: Lookup) -> None:
    """Every municipality of the code list has its row: a file that ends early is refused, not 'no data'."""
    missing = sorted(c for c, rec in lookup.items() if rec["level"] == "municipality" and c not in codes)
    if missing:
        named = ", ".join(f"{c} ({lookup[c]['name_ja']})" for c in missing[:3])
        raise InputError(path, "", f"{len(missing)} municipalities of the code list have no row, e.g. {named}: "
                         "the file ends early or lost rows")


def _areas_of(lookup: Lookup) -> pd.DataFrame:
    return pd.DataFrame(list(lookup.values()))


def parse_households(path: Path, lookup: Lookup) -> pd.DataFrame:
    rows = load_rows(path)
    as_of = reference_date(path, rows[0][0] if rows and rows[0] else None)
    header = _header_row(path, rows)
    cols = _household_columns(path, rows, header)
    cities = _designated_cities(lookup)
    records: list[dict[str, Any]] = []
    totals: list[dict[str, Any]] = []  # the prefecture rows, to check against their municipalities' sum
    where_of: dict[str, str] = {}
    for index in range(header + 1, len(rows)):
        row = rows[index]
        if not row or row[0] is None or row[1] is None:  # notes under the table
            continue
        where = f"row {index + 1}"
        code5 = municipality_of(path, where, row, lookup, cities)
        pref = _prefecture_code(row)
        if code5 is None and pref is None:
            continue
        population, p_note = number_or_fail(row[cols["population"]], path, f"{where}, column 人口 計")
        households, h_note = number_or_fail(row[cols["households"]], path, f"{where}, column 世帯数")
        note = "; ".join(n for n in (p_note, h_note) if n) or None
        record = {"area_code": code5 or pref, "as_of": as_of, "population": population, "households": households,
                  "note": note}
        if pref is not None:
            totals.append(record)
            where_of[str(pref)] = where
        else:
            records.append(record)
    frame = pd.DataFrame(records, columns=["area_code", "as_of", "population", "households", "note"])
    both = pd.DataFrame(records + totals, columns=frame.columns)
    check_prefecture_totals(path, both, ["population", "households"], AreaIndex(_areas_of(lookup)), where_of)
    dup = frame["area_code"].duplicated()
    if dup.any():
        raise InputError(path, "column '団体コード'", f"'{frame['area_code'][dup].iloc[0]}' appears twice")
    return frame.astype({"population": "float64", "households": "float64", "note": "string"})


def parse(raw_dir: Path, areas: AreaIndex) -> Parsed:
    folder = raw_dir / SOURCE_ID
    lookup = area_rows(areas)
    bands = parse_age_bands(folder / AGE_FILE, lookup)
    households = parse_households(folder / HOUSEHOLD_FILE, lookup)
    _require_all(folder / AGE_FILE, set(bands["area_code"]), lookup)
    _require_all(folder / HOUSEHOLD_FILE, set(households["area_code"]), lookup)
    files = {folder / AGE_FILE: int(bands["area_code"].nunique()), folder / HOUSEHOLD_FILE: len(households)}
    return Parsed(source_id=SOURCE_ID, files=files, tables={"juki_age_bands": bands, "juki_households": households})
