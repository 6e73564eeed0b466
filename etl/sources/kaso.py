"""総務省「過疎地域市町村等一覧」(令和4年4月1日), matched to codes by a third party.

Publisher of the list: 総務省 (original ``000807167.xlsx``); codes matched by
``suesu1204/seed-japan-data`` (``과소지역_매칭/kaso_match.csv``, commit 08ebfa18).
Licence: not stated. Cadence: the list changes when 過疎法 (過疎地域の持続的発展の
支援に関する特別措置法, 令和3年法律第19号) designations are revised. This is a
secondary source: the file was re-assembled from text (see SOURCE.md).

The 過疎 class per municipality is one of:

* ``全部`` (全部過疎, 過疎法 第2条: the whole municipality is designated),
* ``一部`` (一部過疎, 第3条: only some former municipalities count; they are
  listed in ``partial_area``, separated by ``、``),
* ``みなし`` (みなし過疎, 第42条: treated as wholly designated),

and municipalities not in the list have no class (NULL, not "not depopulated"
by any other measure). ``partial_area`` is kept as one row per former
municipality in the table ``kaso_partial(area_code, partial_area)``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.model import Parsed
from intake.codes import CodeError, normalise
from intake.errors import InputError
from intake.text import read_text_table

SOURCE_ID = "kaso_list_derived"
FILE_NAME = "kaso_match.csv"

#: kaso_kind in the file → the class stored in ``areas.kaso_class``.
CLASSES = {"全部過疎": "全部", "一部過疎": "一部", "みなし過疎": "みなし"}
REQUIRED = ("pref", "kaso_name", "kaso_kind", "partial_area", "muni_code")


def _read(path: Path) -> pd.DataFrame:
    return read_text_table(path, "utf-8-sig", list(REQUIRED))


def _record(path: Path, row: int, rec: dict[str, str]) -> dict[str, str]:
    where = f"row {row}"
    try:
        code = normalise(rec["muni_code"])
    except CodeError as exc:
        raise InputError(path, f"{where}, column 'muni_code'", str(exc)) from None
    kind = rec["kaso_kind"].strip()
    if kind not in CLASSES:
        raise InputError(path, f"{where}, column 'kaso_kind'", f"'{kind}' is not one of {sorted(CLASSES)}")
    partial = rec["partial_area"].strip()
    if (kind == "一部過疎") != bool(partial):
        raise InputError(path, f"{where}, column 'partial_area'", f"{kind} with partial_area '{partial}'")
    return {"code": code, "name": rec["kaso_name"].strip(), "kaso_class": CLASSES[kind], "partial_area": partial}


def parse(raw_dir: Path) -> Parsed:
    """``tables``: ``kaso`` (code, name, kaso_class) and ``kaso_partial`` (area_code, partial_area)."""
    path = raw_dir / SOURCE_ID / FILE_NAME
    frame = _read(path)
    # row = line number in the file (the header is line 1); no field spans lines.
    records = [_record(path, row, rec) for row, rec in enumerate(frame.to_dict("records"), start=2)]
    kaso = pd.DataFrame.from_records(records, columns=["code", "name", "kaso_class", "partial_area"])
    dup = kaso["code"].duplicated()
    if dup.any():
        first = int(dup.to_numpy().argmax())
        raise InputError(path, f"row {first + 2}", f"muni_code {kaso['code'].iloc[first]} is listed twice")
    partial = (
        kaso.loc[kaso["partial_area"] != "", ["code", "partial_area"]]
        .assign(partial_area=lambda f: f["partial_area"].str.split("、"))
        .explode("partial_area")
        .assign(partial_area=lambda f: f["partial_area"].str.strip())
        .rename(columns={"code": "area_code"})
        .reset_index(drop=True)
    )
    return Parsed(
        source_id=SOURCE_ID,
        files={path: len(kaso)},
        tables={"kaso": kaso[["code", "name", "kaso_class"]], "kaso_partial": partial},
    )
