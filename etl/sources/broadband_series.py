"""Broadband availability figures transcribed from published pages.

Publisher: 総務省 四国総合通信局 press release 2015-08-11
(https://www.soumu.go.jp/soutsu/shikoku/press/20150811.html) for
``ultra_high_speed_availability_shikoku_2012_2015.csv`` (超高速ブロードバンド利用可能世帯率,
four Shikoku prefectures and Japan, March 2012-2015); 総務省 surveys as quoted by news
pages and the 情報通信白書 for ``ftth_coverage_national_and_notes.csv`` (isolated figures,
each row naming its page). Licence: 政府標準利用規約 (総務省). Cadence: none; fixed snapshot.

No complete table exists for these measures, so the parser keeps every figure
but routes it by what it is: the Shikoku prefecture rows become the indicator
``ultra_high_speed_availability``; national rows go to ``national_values`` (reference
lines, not map colours), with indicator id ``ftth_coverage`` or
``broadband_coverage`` for the notes file; every row of the notes file is also kept
in ``reference_values`` so nothing is lost. The notes file's prefecture figures
(five or six prefectures per date) are too sparse for a map and live only there.
All rows carry the note 'transcribed secondary source'. Prefecture names in the
notes file are mapped to codes through the official list, where prefecture names
are unique.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from etl.model import AreaIndex, Parsed
from etl.sources._cells import area_rows, line_of, require_area, values_frame
from intake.cells import code5_from_lg6, number_or_fail
from intake.errors import InputError
from intake.names import fold_name
from intake.text import read_text_table

SOURCE_ID = "soumu_broadband_series"
SERIES_FILE = "ultra_high_speed_availability_shikoku_2012_2015.csv"
NOTES_FILE = "ftth_coverage_national_and_notes.csv"
SERIES_COLUMNS = ["area_code", "area", "as_of", "ultra_high_speed_available_households_pct"]
NOTES_COLUMNS = ["area", "as_of", "measure", "value_pct", "source_reference"]
NOTE = "transcribed secondary source"
NATIONAL_NAME = "全国"
#: e-Stat's 標準地域コード for the whole country, used in ``reference_values``.
NATIONAL_CODE = "00000"
#: Measure text (English prefix of the ``measure`` column) → indicator id.
MEASURES = {
    "FTTH household coverage": "ftth_coverage",
    "broadband household coverage": "broadband_coverage",
}


def _date(path: Path, where: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(path, f"{where}, column 'as_of'", f"'{text}' is not a YYYY-MM-DD date") from None


def _percent(path: Path, where: str, raw: str) -> tuple[float, str]:
    value, missing = number_or_fail(raw, path, where)
    if value == value and not 0 <= value <= 100:
        raise InputError(path, where, f"percentage {value} is outside 0-100")
    return value, NOTE if missing is None else f"{missing}; {NOTE}"


def _national(indicator_id: str, as_of: date, value: float, note: str) -> dict[str, Any]:
    return {"indicator_id": indicator_id, "as_of": as_of, "value": value, "note": note, "source_id": SOURCE_ID}


def _series(path: Path, lookup: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    frame = read_text_table(path, "utf-8-sig", SERIES_COLUMNS)
    values: list[dict[str, Any]] = []
    national: list[dict[str, Any]] = []
    for i, raw in enumerate(frame.to_dict("records")):
        where = line_of(i)
        as_of = _date(path, where, raw["as_of"])
        value, note = _percent(path, f"{where}, column '{SERIES_COLUMNS[3]}'", raw[SERIES_COLUMNS[3]])
        if not raw["area_code"].strip():
            if raw["area"].strip() != NATIONAL_NAME:
                raise InputError(
                    path, f"{where}, column 'area_code'", f"blank code but area '{raw['area']}' is not {NATIONAL_NAME}"
                )
            national.append(_national("ultra_high_speed_availability", as_of, value, note))
            continue
        code5 = code5_from_lg6(raw["area_code"], path, f"{where}, column 'area_code'")
        require_area(lookup, code5, "prefecture", path, f"{where}, column 'area'", name=raw["area"])
        values.append(
            {
                "indicator_id": "ultra_high_speed_availability",
                "area_code": code5,
                "as_of": as_of,
                "value": value,
                "note": note,
            }
        )
    return values, national


def _measure(path: Path, where: str, text: str) -> str:
    for prefix, indicator_id in MEASURES.items():
        if text.strip().startswith(prefix):
            return indicator_id
    raise InputError(path, f"{where}, column 'measure'", f"unknown measure '{text}' (expected one of {list(MEASURES)})")


def _prefecture_codes(areas: AreaIndex) -> dict[str, str]:
    prefs = areas.prefectures
    return {fold_name(n): str(c) for n, c in zip(prefs["name_ja"], prefs["code"], strict=True)}


def _notes(path: Path, areas: AreaIndex) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(national_values rows, reference_values rows) of the notes file."""
    frame = read_text_table(path, "utf-8-sig", NOTES_COLUMNS)
    by_name = _prefecture_codes(areas)
    national: list[dict[str, Any]] = []
    reference: list[dict[str, Any]] = []
    for i, raw in enumerate(frame.to_dict("records")):
        where = line_of(i)
        as_of = _date(path, where, raw["as_of"])
        indicator_id = _measure(path, where, raw["measure"])
        value, note = _percent(path, f"{where}, column 'value_pct'", raw["value_pct"])
        name = raw["area"].strip()
        if name == NATIONAL_NAME:
            code5 = NATIONAL_CODE
            national.append(_national(indicator_id, as_of, value, note))
        else:
            found = by_name.get(fold_name(name))
            if found is None:
                raise InputError(
                    path, f"{where}, column 'area'", f"'{name}' is not a prefecture in the official code list"
                )
            code5 = found
        reference.append(
            {
                "area_code": code5,
                "as_of": as_of,
                "measure": raw["measure"].strip(),
                "value": value,
                "source_reference": raw["source_reference"].strip(),
            }
        )
    return national, reference


def parse(raw_dir: Path, areas: AreaIndex) -> Parsed:
    folder = raw_dir / SOURCE_ID
    lookup = area_rows(areas)
    series_values, series_national = _series(folder / SERIES_FILE, lookup)
    notes_national, reference = _notes(folder / NOTES_FILE, areas)
    values = values_frame(series_values)
    dup = values.duplicated(["indicator_id", "area_code", "as_of"])
    if dup.any():
        first = values[dup].iloc[0]
        raise InputError(
            folder, f"area '{first['area_code']}', {first['as_of']}", f"'{first['indicator_id']}' given twice"
        )
    national = pd.DataFrame(
        series_national + notes_national, columns=["indicator_id", "as_of", "value", "note", "source_id"]
    )
    national["value"] = national["value"].astype("float64")
    refs = pd.DataFrame(reference, columns=["area_code", "as_of", "measure", "value", "source_reference"])
    refs["value"] = refs["value"].astype("float64")
    files = {folder / SERIES_FILE: len(series_values) + len(series_national), folder / NOTES_FILE: len(reference)}
    return Parsed(
        source_id=SOURCE_ID, files=files, values=values, tables={"national_values": national, "reference_values": refs}
    )
