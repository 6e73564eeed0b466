"""デジタル庁「自治体DXの取組に関するダッシュボード」 data tables.

Publisher: デジタル庁 (Digital Agency); the survey behind it is run by 総務省.
Copied from github.com/onodso/jichitai-dx-Zoom-tool (``data/source/``, commit
f56b3291). Licence: not stated. Cadence: yearly survey; the files carry no
date. Each item's ``as_of`` is its 調査時点 from the publisher's data-definition
page where that page pins it (the 7 推進体制 items: 2023-04-01), else the
release the tables match (2024-07-12) marked as not pinned: see
``etl.sources.dx_dates``, which also writes the ``indicator_dates`` table.

Layout: four wide CSVs (UTF-8 BOM, CRLF). Row 1 holds area names only,
columns 1-2 a category and an indicator label; the municipal comparison file
(only it, of the four) ends in an empty column. Because there are **no
codes** and 20+ municipal names are duplicated (府中市, 伊達市, 池田町×4 …),
codes are assigned **by position**:
the municipal columns follow the 総務省 code list (which is in code order)
without the 6 北方領土 villages, and the prefecture columns run 01…47. Every
name is still compared with the code list (``fold_name`` folds 檮/梼 and
ケ/ヶ), so a shifted or reordered column stops the build instead of silently
giving one town another's values (``etl.sources.dx_wide`` reads that layout).
Rows are found by their label, never by position.

Emitted indicators (municipalities; prefectures where the row exists: the
prefecture files have no My Number row, no 26-procedure rows and no
childcare/care usage rows):

* ``mynumber_holding_rate``, ``online_procedures_26``, ``online_procedures_32``:
  the published integer percentages. 草津町 and 天川村 have a bare ``%`` for the
  32-procedure rate (their counts are 0 of 0): NaN with a note.
* ``dx_governance_score``: how many of the 7 推進体制 items are ``実施``;
  ``dx_adoption_score``: how many of AI, RPA and telework. ``調査無し`` (8
  Ishikawa municipalities: the publisher's definitions page says they were
  excluded from the 2023-04-01 survey after the 2024 Noto earthquake) makes
  the score NaN.
* ``online_usage_32_median`` / ``online_usage_26_median``: the median share of
  applications filed online over a **fixed basket** of procedures, with the
  reasons for a missing value kept apart (``not_online``, ``not_reported``,
  ``not_surveyed``) and the number of procedures each value rests on in the
  ``online_usage_basis`` table: see ``etl.sources.dx_usage``.

Tables: ``dx_measures`` (each yes/no item, NULL for 調査無し), ``dx_procedure_counts``
(numerator/denominator of the 32-procedure rate) and ``procedure_usage`` (every
procedure's usage rate; ``position`` is the 1-based order within its group in
the file it comes from, so municipal and prefectural positions differ).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.model import VALUE_COLUMNS, AreaIndex, Parsed
from etl.sources import dx_releases, dx_usage
from etl.sources.dx_dates import RELEASE, SCORE_OF_MEASURE_DATE, indicator_dates, item_date
from etl.sources.dx_wide import WideTable, read_wide
from intake.errors import InputError

SOURCE_ID = "digital_agency_dx_dashboard"
#: Kept for callers that want the release the tables match; values carry their own dates.
AS_OF = RELEASE

MUNICIPAL_COMPARISON = "市区町村毎のDX進捗状況_市区町村比較.csv"
MUNICIPAL_USAGE = "市区町村毎のDX進捗状況_行政手続のオンライン申請率.csv"
PREFECTURE_COMPARISON = "都道府県のDX進捗状況_都道府県比較.csv"
PREFECTURE_USAGE = "都道府県のDX進捗状況_行政手続のオンライン申請率.csv"

NOTE_NOT_SURVEYED = dx_usage.NOTE_NOT_SURVEYED
NOTE_BARE_PERCENT = "value missing in source (bare %)"
NOTE_BLANK = "blank in source"
NOTE_USAGE_BLANK = "not reported / not run online"
NOTE_NO_USAGE = dx_usage.NOTE_NOT_REPORTED


@dataclass(frozen=True)
class Measure:
    """One yes/no row of a comparison file and the score it counts toward."""

    id: str
    label_ja: str
    label_en: str
    score: str


_GOV, _ADOPT = "dx_governance_score", "dx_adoption_score"
MEASURES: tuple[Measure, ...] = (
    Measure("cio", "CIOの任命", "CIO appointed", _GOV),
    Measure("cio_adviser", "CIO補佐官等の任命", "CIO adviser appointed", _GOV),
    Measure("dx_policy", "全体方針策定", "Overall DX policy adopted", _GOV),
    Measure("dx_organisation", "全庁的な体制構築", "Organisation-wide DX structure", _GOV),
    Measure("external_talent", "外部人材活用", "External digital talent used", _GOV),
    Measure("staff_development", "職員育成の取組", "Staff development programme", _GOV),
    Measure("all_staff_training", "全職員対象研修の実施", "Training for all staff", _GOV),
    Measure("ai", "AIの導入状況", "AI adopted", _ADOPT),
    Measure("rpa", "RPAの導入状況", "RPA adopted", _ADOPT),
    Measure("telework", "テレワークの導入状況", "Telework adopted", _ADOPT),
)
_FLAGS: dict[str, bool | None] = {"実施": True, "未実施": False, "調査無し": None}

_RATE_32 = "よく使う32手続のオンライン化状況"
MUNICIPAL_RATES = {
    "mynumber_holding_rate": "マイナンバーカードの保有状況",
    "online_procedures_26": "子育て・介護26手続のオンライン化状況",
    "online_procedures_32": _RATE_32,
}
PREFECTURE_RATES = {"online_procedures_32": _RATE_32}
COUNT_ROWS = {
    "implemented": _RATE_32 + "_実施されている手続総数（分母）",
    "online": _RATE_32 + "_実施されている手続総数のうち「オンライン化済」と回答した手続数（分子）",
}
#: Group label in column 1 of the usage files -> (group_id, indicator id).
USAGE_GROUPS = {
    "よく使う32手続のオンライン申請利用状況": ("common32", "online_usage_32_median"),
    "子育て・介護の26手続のオンライン申請利用状況": ("care26", "online_usage_26_median"),
}

_PERCENT = re.compile(r"^(-?\d+(?:\.\d+)?)%$")
_COUNT = re.compile(r"^\d+$")


def parse_percent(cell: str, path: Path, where: str, blank_note: str) -> tuple[float, str | None]:
    """'72%' -> 72.0; a bare '%', 調査無し or a blank -> NaN with the reason; outside 0-100 -> InputError."""
    text = cell.strip()
    if text == "%":
        return math.nan, NOTE_BARE_PERCENT
    if text == "調査無し":
        return math.nan, NOTE_NOT_SURVEYED
    if text == "":
        return math.nan, blank_note
    match = _PERCENT.match(text)
    if not match:
        raise InputError(path, where, f"'{cell}' is not a percentage")
    value = float(match.group(1))
    if not 0 <= value <= 100:
        raise InputError(path, where, f"percentage {value} is outside 0-100")
    return value, None


def _value(indicator_id: str, code: str, value: float, note: str | None) -> dict[str, object]:
    as_of = item_date(indicator_id).as_of
    return {"indicator_id": indicator_id, "area_code": code, "as_of": as_of, "value": value, "note": note}


def rate_values(table: WideTable, rates: dict[str, str]) -> list[dict[str, object]]:
    out = []
    for indicator_id, label in rates.items():
        row = table.row(label)
        for index, (code, cell) in enumerate(zip(table.codes, row.cells, strict=True)):
            value, note = parse_percent(cell, table.path, table.where(row, index), NOTE_BLANK)
            out.append(_value(indicator_id, code, value, note))
    return out


def measures_table(table: WideTable) -> pd.DataFrame:
    """One row per area and yes/no item: 実施 -> true, 未実施 -> false, 調査無し -> NULL."""
    records = []
    for measure in MEASURES:
        row = table.row(measure.label_ja)
        for index, (code, cell) in enumerate(zip(table.codes, row.cells, strict=True)):
            text = cell.strip()
            if text not in _FLAGS:
                raise InputError(table.path, table.where(row, index), f"'{cell}' is not 実施/未実施/調査無し")
            flag = _FLAGS[text]
            when = SCORE_OF_MEASURE_DATE[measure.score]
            records.append(
                {
                    "area_code": code,
                    "measure_id": measure.id,
                    "as_of": when.as_of,
                    "date_certain": when.certain,
                    "group_ja": row.group,
                    "label_ja": measure.label_ja,
                    "label_en": measure.label_en,
                    "value": flag,
                    "note": NOTE_NOT_SURVEYED if flag is None else None,
                }
            )
    frame = pd.DataFrame.from_records(records)
    # Explicit dtypes so DuckDB gets BOOLEAN / VARCHAR even when no cell is NULL (or all are).
    return frame.astype({"value": "boolean", "note": "string"})


def score_values(measures: pd.DataFrame) -> list[dict[str, object]]:
    """Count the 実施 items per area; any 調査無し item makes the score unknown."""
    score_of = {m.id: m.score for m in MEASURES}
    scored = measures.assign(score=measures["measure_id"].map(score_of))
    out = []
    for (indicator_id, code), group in scored.groupby(["score", "area_code"], sort=False):
        if group["value"].isna().any():
            out.append(_value(str(indicator_id), str(code), math.nan, NOTE_NOT_SURVEYED))
        else:
            out.append(_value(str(indicator_id), str(code), float(group["value"].sum()), None))
    return out


def counts_table(table: WideTable) -> pd.DataFrame:
    """Numerator and denominator of the 32-procedure rate, kept as published."""
    columns: dict[str, list[int | None]] = {}
    for name, label in COUNT_ROWS.items():
        row = table.row(label)
        cells = []
        for index, cell in enumerate(row.cells):
            text = cell.strip()
            if text and not _COUNT.match(text):
                raise InputError(table.path, table.where(row, index), f"'{cell}' is not a count")
            cells.append(int(text) if text else None)
        columns[name] = cells
    frame = pd.DataFrame({"area_code": table.codes, "as_of": item_date("dx_procedure_counts").as_of, **columns})
    for name in COUNT_ROWS:
        frame[name] = frame[name].astype("Int64")
    bad = frame[(frame["online"] > frame["implemented"]).fillna(False)]
    if len(bad):
        raise InputError(table.path, f"column of {bad['area_code'].iloc[0]}", "more procedures online than run")
    return frame


def usage_table(table: WideTable, required: tuple[str, ...]) -> pd.DataFrame:
    """Every procedure row of a usage file; blanks stay NULL with the reason."""
    records: list[dict[str, object]] = []
    seen: dict[str, list[str]] = {}
    for row in table.rows:
        if row.group not in USAGE_GROUPS:
            raise InputError(
                table.path, f"row {row.line}", f"unknown group '{row.group}'; expected {list(USAGE_GROUPS)}"
            )
        group_id = USAGE_GROUPS[row.group][0]
        labels = seen.setdefault(group_id, [])
        if row.label in labels or not row.label:
            raise InputError(table.path, f"row {row.line}", f"procedure label '{row.label}' is empty or repeated")
        labels.append(row.label)
        for index, (code, cell) in enumerate(zip(table.codes, row.cells, strict=True)):
            value, note = parse_percent(cell, table.path, table.where(row, index), NOTE_USAGE_BLANK)
            records.append(
                {
                    "area_code": code,
                    "group_id": group_id,
                    "position": len(labels),
                    "procedure_ja": row.label,
                    "as_of": item_date("procedure_usage").as_of,
                    "value": value,
                    "note": note,
                }
            )
    for group_label, (group_id, _) in USAGE_GROUPS.items():
        if group_id in required and group_id not in seen:
            raise InputError(table.path, f"row group '{group_label}'", "not found (missing or renamed)")
    frame = pd.DataFrame.from_records(records)
    return frame.astype({"position": "int32", "note": "string"})


#: group_id → the comparison row saying how many of the group's procedures are online.
ONLINE_ROWS = {"care26": "子育て・介護26手続のオンライン化状況", "common32": _RATE_32}


def online_status(table: WideTable, counts: pd.DataFrame, groups: tuple[str, ...]) -> dict[tuple[str, str], str | None]:
    """(group, area) → ``not_online`` / ``not_surveyed`` from the comparison file, else None.

    The 32 group is "not online" when 0 of the procedures the area runs are online
    (the published counts; 草津町 and 天川村 run none, 0 of 0); the 26 group when
    its オンライン化状況 is 0 %.
    """
    online = counts.set_index("area_code")["online"]
    status: dict[tuple[str, str], str | None] = {}
    for group_id in groups:
        row = table.row(ONLINE_ROWS[group_id])
        for index, (code, cell) in enumerate(zip(table.codes, row.cells, strict=True)):
            rate, note = parse_percent(cell, table.path, table.where(row, index), NOTE_BLANK)
            if note == NOTE_NOT_SURVEYED:
                status[(group_id, code)] = NOTE_NOT_SURVEYED
            elif group_id == "common32" and not pd.isna(online.get(code)):
                status[(group_id, code)] = dx_usage.NOTE_NOT_ONLINE if online[code] == 0 else None
            else:
                status[(group_id, code)] = dx_usage.NOTE_NOT_ONLINE if rate == 0 else None
    return status


def usage_medians(
    path: Path, level: str, usage: pd.DataFrame, status: dict[tuple[str, str], str | None]
) -> tuple[list[dict[str, object]], pd.DataFrame]:
    """Basket medians (``etl.sources.dx_usage``) as value rows, plus their basis table."""
    try:
        rows, basis = dx_usage.medians(level, usage, status)
    except KeyError as exc:  # a basket procedure renamed or dropped in a new release
        raise InputError(path, "procedure rows", str(exc.args[0])) from None
    out = []
    for r in rows:
        note = r["note"]
        out.append(
            _value(
                str(r["indicator_id"]),
                str(r["area_code"]),
                float(str(r["value"])),
                note if isinstance(note, str) else None,
            )
        )
    return out, basis


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Areas of one level in official order: the 総務省 list is in code order."""
    return frame.sort_values("code", kind="stable").reset_index(drop=True)


def parse(raw_dir: Path, areas: AreaIndex) -> Parsed:
    """Every release in the folder (``etl.sources.dx_releases``): the shipped one and newer ``<YYYYMMDD>/`` ones."""
    parts = []
    for release, folder in dx_releases.releases(raw_dir / SOURCE_ID):
        part = parse_release(folder, areas)
        parts.append(part if release == RELEASE else dx_releases.redate(part, release))
    return dx_releases.combine(parts)


def parse_release(folder: Path, areas: AreaIndex) -> Parsed:
    """Municipal files against the code list's municipalities, prefecture files against its prefectures."""
    levels = (
        (
            _ordered(areas.municipalities),
            MUNICIPAL_COMPARISON,
            MUNICIPAL_USAGE,
            MUNICIPAL_RATES,
            ("common32", "care26"),
        ),
        (_ordered(areas.prefectures), PREFECTURE_COMPARISON, PREFECTURE_USAGE, PREFECTURE_RATES, ("common32",)),
    )
    values: list[dict[str, object]] = []
    tables: dict[str, list[pd.DataFrame]] = {
        "dx_measures": [],
        "dx_procedure_counts": [],
        "procedure_usage": [],
        "online_usage_basis": [],
    }
    files: dict[Path, int] = {}
    for level_areas, comparison_name, usage_name, rates, groups in levels:
        comparison = read_wide(folder / comparison_name, level_areas)
        usage = read_wide(folder / usage_name, level_areas)
        measures = measures_table(comparison)
        procedures = usage_table(usage, groups)
        counts = counts_table(comparison)
        level = str(level_areas["level"].iloc[0])
        medians, basis = usage_medians(usage.path, level, procedures, online_status(comparison, counts, groups))
        values += rate_values(comparison, rates) + score_values(measures) + medians
        tables["dx_measures"].append(measures)
        tables["dx_procedure_counts"].append(counts)
        tables["procedure_usage"].append(procedures)
        tables["online_usage_basis"].append(basis.assign(as_of=item_date("procedure_usage").as_of))
        files[comparison.path] = len(comparison.rows)
        files[usage.path] = len(usage.rows)
    frame = pd.DataFrame.from_records(values, columns=VALUE_COLUMNS).astype({"value": "float64", "note": "string"})
    joined = {name: pd.concat(parts, ignore_index=True) for name, parts in tables.items()}
    joined["indicator_dates"] = indicator_dates(set(frame["indicator_id"]))
    return Parsed(source_id=SOURCE_ID, files=files, values=frame, tables=joined)
