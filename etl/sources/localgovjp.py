"""Code for FUKUI「日本の地方自治体一覧オープンデータ」: office locations.

Publisher: Code for FUKUI (https://github.com/code4fukui/localgovjp, commit
232edc3a), derived from 国土地理院 and J-LIS 全国自治体マップ検索. Licence: CC0.
Cadence: updated irregularly by the maintainers.

Used for the latitude/longitude of each government office (市役所・町村役場
and 都道府県庁), which place map labels and markers, and for English names:
each municipality's published hiragana reading (``citykana``) romanised by
``etl.romaji`` (Hepburn, no macrons), and each prefecture's ``pref_en``. The
official code list's kana (総務省) is not used for this: it writes small ゃ/ゅ/ょ
as full-size in 14 entries (シヨウナイマチ for 庄内町), which cannot be
romanised without guessing. Two files:

* ``localgovjp-utf8.csv`` (UTF-8 with BOM): 1,741 municipalities plus 175
  designated-city wards; ``lgcode`` is LG6 text.
* ``prefjp-utf8.csv`` (UTF-8 without BOM): 47 prefectures; ``lgcode`` is LG6
  written without its leading zero (``10006`` for Hokkaido).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.model import Parsed
from etl.romaji import ReadingError, romanise
from intake.codes import CodeError, normalise
from intake.errors import InputError
from intake.text import read_text_table

SOURCE_ID = "code4fukui_localgovjp"
MUNICIPAL_FILE = "localgovjp-utf8.csv"
PREFECTURE_FILE = "prefjp-utf8.csv"

#: Bounding box of Japan (沖ノ鳥島 20.4°N … 択捉島 45.6°N, 与那国島 122.9°E … 南鳥島 154.0°E).
_LAT = (20.0, 46.0)
_LON = (122.0, 154.0)

OFFICE_COLUMNS = ["code", "name", "lat", "lon"]
ENGLISH_COLUMNS = ["code", "name_en", "name_en_source"]
#: Recorded beside each English name (``areas.name_en_source``) so a reader can trace it.
MUNICIPAL_BASIS = f"{SOURCE_ID}/{MUNICIPAL_FILE} citykana, Hepburn (etl.romaji)"
PREFECTURE_BASIS = f"{SOURCE_ID}/{PREFECTURE_FILE} pref_en"


def _renamed(frame: pd.DataFrame, name_column: str) -> pd.DataFrame:
    # The files are read with utf-8-sig: a BOM is tolerated when present.
    return frame.rename(columns={name_column: "name", "lng": "lon"})


def _coordinate(path: Path, row: int, column: str, text: str, bounds: tuple[float, float]) -> float:
    """A blank stays missing (NaN); anything else must be a number inside Japan."""
    if not text.strip():
        return float("nan")
    try:
        value = float(text)
    except ValueError:
        raise InputError(path, f"row {row}, column '{column}'", f"'{text}' is not a number") from None
    if not bounds[0] <= value <= bounds[1]:
        raise InputError(path, f"row {row}, column '{column}'", f"{value} is outside Japan {bounds}")
    return value


def _offices(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    records = []
    for index, rec in enumerate(frame.itertuples(index=False)):
        row = index + 2  # line number in the file: the header is line 1
        try:
            code = normalise(rec.lgcode, width_hint=6)
        except CodeError as exc:
            raise InputError(path, f"row {row}, column 'lgcode'", str(exc)) from None
        records.append(
            {
                "code": code,
                "name": str(rec.name).replace(" ", "").replace("\u3000", ""),
                "lat": _coordinate(path, row, "lat", str(rec.lat), _LAT),
                "lon": _coordinate(path, row, "lng", str(rec.lon), _LON),
            }
        )
    offices = pd.DataFrame.from_records(records, columns=OFFICE_COLUMNS)
    dup = offices["code"].duplicated()
    if dup.any():
        raise InputError(path, f"row {int(dup.to_numpy().argmax()) + 2}", "lgcode is repeated")
    return offices


def _english(codes: pd.Series, names: list[str | None], basis: str) -> pd.DataFrame:
    """One row per code; a name left None (no published reading) stays NULL, with no basis."""
    return pd.DataFrame(
        {"code": codes.to_numpy(), "name_en": names, "name_en_source": [basis if n else None for n in names]},
        columns=ENGLISH_COLUMNS,
    ).astype(object)


def _romanised(path: Path, frame: pd.DataFrame) -> list[str | None]:
    """``romanise(city, citykana)`` per row; a blank reading is missing, an unreadable one an error."""
    english: list[str | None] = []
    for index, (name, reading) in enumerate(zip(frame["city"], frame["citykana"], strict=True)):
        reading = str(reading).replace("\u3000", " ").strip()
        try:
            english.append(romanise(str(name).replace("\u3000", " "), reading) if reading else None)
        except ReadingError as exc:
            raise InputError(path, f"row {index + 2}, column 'citykana'", str(exc)) from None
    return english


def parse(raw_dir: Path) -> Parsed:
    """``tables``: ``offices`` (``code`` LG5, ``name``, ``lat``, ``lon``) and ``english``
    (``code``, ``name_en``, ``name_en_source``), for municipalities, wards and prefectures."""
    folder = raw_dir / SOURCE_ID
    municipal_path, prefecture_path = folder / MUNICIPAL_FILE, folder / PREFECTURE_FILE
    municipal_raw = read_text_table(municipal_path, "utf-8-sig", ["lgcode", "city", "citykana", "lat", "lng"])
    prefecture_raw = read_text_table(prefecture_path, "utf-8-sig", ["lgcode", "pref", "pref_en", "lat", "lng"])
    municipal = _offices(municipal_path, _renamed(municipal_raw, "city"))
    prefectures = _offices(prefecture_path, _renamed(prefecture_raw, "pref"))
    english = pd.concat(
        [
            _english(
                prefectures["code"], [str(v).strip() or None for v in prefecture_raw["pref_en"]], PREFECTURE_BASIS
            ),
            _english(municipal["code"], _romanised(municipal_path, municipal_raw), MUNICIPAL_BASIS),
        ],
        ignore_index=True,
    )
    english = english.astype(object).where(english.notna(), None)  # concat turns None into NaN
    return Parsed(
        source_id=SOURCE_ID,
        files={municipal_path: len(municipal), prefecture_path: len(prefectures)},
        tables={"offices": pd.concat([prefectures, municipal], ignore_index=True), "english": english},
    )
