"""総務省「全国地方公共団体コード」(令和6年1月1日現在): the official code list.

Publisher: 総務省 (https://www.soumu.go.jp/denshijiti/code.html), file
``000925835.xlsx`` as re-published in ``yhoriuchi/make_smd_level_data``.
Licence: not stated (政府標準利用規約 applies to 総務省 pages). Cadence: the list
is republished whenever a municipality is created, merged or renamed.

Two sheets are read:

* ``R6.1.1現在の団体``: 47 prefectures, 1,741 municipalities and the 6 北方領土
  villages, in official order (which is ascending code order; checked here
  because the DX dashboard assigns codes by position).
* ``R6.1.1政令指定都市``: the 20 designated cities and their 171 wards. A few
  codes in this sheet are stored as numbers, so the leading zero may be lost.

Every 団体コード is an LG6 whose check digit is verified. Kana are half-width
katakana in the file and are stored full-width (NFKC).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from etl.model import Parsed
from intake.codes import check_digit, is_valid_code6
from intake.errors import InputError
from intake.xlsx import xlsx_records

SOURCE_ID = "soumu_local_gov_code"
FILE_NAME = "000925835.xlsx"
SHEET_ALL = "R6.1.1現在の団体"
SHEET_DESIGNATED = "R6.1.1政令指定都市"

#: Header text (after NFKC and with the in-cell line break removed) → column name.
HEADERS = {
    "団体コード": "code6",
    "都道府県名(漢字)": "prefecture_name",
    "市区町村名(漢字)": "name_ja",
    "都道府県名(カナ)": "prefecture_kana",
    "市区町村名(カナ)": "name_kana",
}

#: The six villages of the 北方領土 (Northern Territories), which keep codes in
#: the list but have no functioning municipal government; statistics (My Number,
#: DX dashboard, SSDSE) cover the other 1,741. Identified by code, not by name,
#: because 泊村 also names a real village (01403); the name is checked too so a
#: renumbered list cannot silently drop the wrong rows.
NORTHERN_TERRITORIES = {
    "01695": "色丹村",
    "01696": "泊村",
    "01697": "留夜別村",
    "01698": "留別村",
    "01699": "紗那村",
    "01700": "蘂取村",
}

#: Tokyo's 23 special wards (特別区) are municipalities in their own right.
SPECIAL_WARDS = frozenset(f"131{n:02d}" for n in range(1, 24))

_SUFFIX_KIND = {"市": "city", "町": "town", "村": "village", "区": "special_ward"}


def _header_key(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).replace("\n", "").replace(" ", "").strip()


def _check_header(path: Path, sheet: str, header: tuple[Any, ...]) -> None:
    """Fail on a missing or renamed column, naming the one expected."""
    for index, expected in enumerate(HEADERS):
        found = _header_key(header[index]) if index < len(header) else ""
        if found != expected:
            column = get_column_letter(index + 1)
            raise InputError(
                path, f"sheet '{sheet}', column {column} '{expected}'", f"header is '{found}' (missing or renamed)"
            )


def _code6(path: Path, sheet: str, row: int, raw: object) -> str:
    """Accept text or a number that lost its leading zero; verify the check digit."""
    text = str(raw).strip() if raw is not None else ""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        text = str(int(raw)).zfill(6)
    where = f"sheet '{sheet}', row {row}"
    if len(text) != 6 or not text.isdigit():
        raise InputError(path, where, f"団体コード '{text}' is not a 6-digit code")
    if not is_valid_code6(text):
        raise InputError(path, where, f"団体コード '{text}' has a wrong check digit (expected {check_digit(text[:5])})")
    return text


def _rows(path: Path, sheet: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (Excel row number, record) for the data rows of one sheet."""
    if not path.is_file():
        raise InputError(path, "", "file not found")
    records = xlsx_records(path.read_bytes(), sheet, str(path), shown=False)
    _check_header(path, sheet, records[0][1] if records else ())
    for number, values in records[1:]:
        if not values or (values[0] is None and not any(values[: len(HEADERS)])):
            continue
        record = dict(zip(HEADERS.values(), values[: len(HEADERS)], strict=False))
        record["code6"] = _code6(path, sheet, number, record["code6"])
        yield number, record


def _kana(value: object) -> str | None:
    return unicodedata.normalize("NFKC", str(value)).strip() if value else None


def _kind(path: Path, row: int, code5: str, name: str) -> str:
    if code5 in SPECIAL_WARDS:
        return "special_ward"
    kind = _SUFFIX_KIND.get(name[-1:])
    if kind is None or kind == "special_ward":
        raise InputError(path, f"sheet '{SHEET_ALL}', row {row}", f"cannot tell the kind of '{name}' ({code5})")
    return kind


def read_code_list(path: Path) -> tuple[pd.DataFrame, int]:
    """All prefectures and municipalities, 北方領土 villages dropped, in file order; rows read."""
    records: list[dict[str, Any]] = []
    previous = ""
    read = 0
    for row, rec in _rows(path, SHEET_ALL):
        read += 1
        code6 = rec["code6"]
        code5 = code6[:5]
        where = f"sheet '{SHEET_ALL}', row {row}"
        if code5 <= previous:
            raise InputError(path, where, f"code {code5} is out of order or repeated (official order is code order)")
        previous = code5
        if code5 in NORTHERN_TERRITORIES:
            if rec["name_ja"] != NORTHERN_TERRITORIES[code5]:
                raise InputError(
                    path,
                    where,
                    f"{code5} is '{rec['name_ja']}', expected 北方領土 village '{NORTHERN_TERRITORIES[code5]}'",
                )
            continue
        is_pref = code5.endswith("000")
        if not rec["prefecture_name"] or (not is_pref and not rec["name_ja"]):
            raise InputError(path, where, "name is empty")
        name = str(rec["prefecture_name"] if is_pref else rec["name_ja"]).strip()
        records.append(
            {
                "code": code5,
                "code6": code6,
                "level": "prefecture" if is_pref else "municipality",
                "prefecture_code": code5[:2] + "000",
                "prefecture_name": str(rec["prefecture_name"]).strip(),
                "name_ja": name,
                "name_kana": _kana(rec["prefecture_kana"] if is_pref else rec["name_kana"]),
                "kind": "prefecture" if is_pref else _kind(path, row, code5, name),
            }
        )
    return pd.DataFrame.from_records(records), read


def read_designated(path: Path) -> pd.DataFrame:
    """Designated cities and their wards: ``code, code6, name_ja, name_kana, is_city``.

    A row is a city when its name ends in 市 and its code is not a ward of the
    preceding city (ward names such as 札幌市中央区 end in 区).
    """
    records = [
        {
            "code": rec["code6"][:5],
            "code6": rec["code6"],
            "name_ja": str(rec["name_ja"]).strip(),
            "name_kana": _kana(rec["name_kana"]),
            "is_city": str(rec["name_ja"]).strip().endswith("市"),
        }
        for _, rec in _rows(path, SHEET_DESIGNATED)
    ]
    frame = pd.DataFrame.from_records(records, columns=["code", "code6", "name_ja", "name_kana", "is_city"])
    return frame.astype({"code": "str", "code6": "str", "name_ja": "str", "name_kana": "str", "is_city": bool})


def designated_wards(designated: pd.DataFrame) -> pd.DataFrame:
    """``ward_code, ward_code6, name_ja, name_kana, city_code`` for every ward.

    The sheet lists each city followed by its wards, so a ward belongs to the
    city row above it.
    """
    is_city = designated["is_city"].astype(bool)
    wards = designated.assign(city_code=designated["code"].where(is_city).ffill()).loc[~is_city]
    return wards.rename(columns={"code": "ward_code", "code6": "ward_code6"})[
        ["ward_code", "ward_code6", "name_ja", "name_kana", "city_code"]
    ].reset_index(drop=True)


def parse(raw_dir: Path) -> Parsed:
    """``tables``: ``code_list`` (see ``read_code_list``) and ``designated`` (see ``read_designated``)."""
    path = raw_dir / SOURCE_ID / FILE_NAME
    if not path.exists():
        raise InputError(path, "", "file is missing")
    code_list, read = read_code_list(path)
    designated = read_designated(path)
    unknown = sorted(set(designated.loc[designated["is_city"], "code"]) - set(code_list["code"]))
    if unknown:
        raise InputError(path, f"sheet '{SHEET_DESIGNATED}'", f"designated city {unknown[0]} is not in '{SHEET_ALL}'")
    code_list.loc[code_list["code"].isin(designated.loc[designated["is_city"], "code"]), "kind"] = "designated_city"
    return Parsed(
        source_id=SOURCE_ID,
        files={path: read + len(designated)},
        tables={"code_list": code_list, "designated": designated},
    )
