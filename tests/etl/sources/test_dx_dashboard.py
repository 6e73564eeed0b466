"""The DX dashboard parser on the sliced fixture, on edited copies of it, and on the real files.

Expected numbers below were read off the raw CSVs (the fixture is a column slice of them).
"""

from __future__ import annotations

import csv
import io
import math
import shutil
import statistics
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.model import AreaIndex, Parsed
from etl.sources import dx_dashboard, dx_releases, dx_usage
from etl.sources.dx_dashboard import (
    AS_OF,
    MUNICIPAL_COMPARISON,
    MUNICIPAL_USAGE,
    NOTE_BARE_PERCENT,
    NOTE_NO_USAGE,
    NOTE_NOT_SURVEYED,
    NOTE_USAGE_BLANK,
    PREFECTURE_COMPARISON,
    SOURCE_ID,
    parse,
)
from etl.sources.dx_usage import NOTE_NOT_ONLINE
from intake.errors import InputError
from layers.registry import load_catalogue
from tests.etl.sources.dx_areas_for_tests import FIXTURE_RAW, REAL_RAW, fixture_areas, full_areas

CHIYODA, CHUO, AOGASHIMA, YUSUHARA, TOKYO, KOCHI = "13101", "13102", "13402", "39405", "13000", "39000"

Rows = list[list[str]]


@pytest.fixture(scope="module")
def areas() -> AreaIndex:
    return fixture_areas()


@pytest.fixture(scope="module")
def parsed(areas: AreaIndex) -> Parsed:
    return parse(FIXTURE_RAW, areas)


def value(parsed: Parsed, indicator_id: str, code: str) -> tuple[float, object]:
    rows = parsed.values[(parsed.values["indicator_id"] == indicator_id) & (parsed.values["area_code"] == code)]
    assert len(rows) == 1, (indicator_id, code)
    note = rows["note"].iloc[0]
    return float(rows["value"].iloc[0]), None if pd.isna(note) else note


def edited_copy(tmp_path: Path, file_name: str, edit: Callable[[Rows], None]) -> Path:
    """A raw dir holding the fixture files, with ``file_name`` edited and re-written as BOM + CRLF."""
    target = tmp_path / SOURCE_ID
    shutil.copytree(FIXTURE_RAW / SOURCE_ID, target)
    with (target / file_name).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    (target / file_name).write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return tmp_path


def set_cell(label: str, column_name: str | None, text: str) -> Callable[[Rows], None]:
    """Set the cell of row ``label`` in the column headed ``column_name`` (None: the label itself)."""

    def edit(rows: Rows) -> None:
        column = 1 if column_name is None else rows[0].index(column_name)
        for row in rows[1:]:
            if row[1].strip() == label:
                row[column] = text

    return edit


# ------------------------------------------------------------------ values


def test_indicators_and_levels_match_the_catalogue(parsed: Parsed, areas: AreaIndex) -> None:
    """Each indicator has values at exactly the levels the catalogue declares for it."""
    catalogue = load_catalogue()
    level_of = dict(zip(areas.frame["code"], areas.frame["level"], strict=True))
    emitted = parsed.values.assign(level=parsed.values["area_code"].map(level_of))
    for indicator_id, rows in emitted.groupby("indicator_id"):
        declared = catalogue.indicators[str(indicator_id)]
        assert declared.source_id == SOURCE_ID
        assert set(rows["level"]) == set(declared.levels), indicator_id
    declared_here = {i.id for i in catalogue.indicators.values() if i.source_id == SOURCE_ID}
    assert set(emitted["indicator_id"]) == declared_here


def test_tables_get_sql_types(parsed: Parsed) -> None:
    """BOOLEAN and VARCHAR even where the fixture has no NULL (or only NULLs) in a column."""
    con = duckdb.connect()
    try:
        for name, frame in parsed.tables.items():
            con.register("frame", frame)
            types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE frame)").fetchall())
            con.unregister("frame")
            assert "NULL" not in types.values(), (name, types)
            if name == "dx_measures":
                assert types["value"] == "BOOLEAN" and types["note"] == "VARCHAR"
            if name == "procedure_usage":
                assert (types["position"], types["as_of"], types["value"]) == ("INTEGER", "DATE", "DOUBLE")
    finally:
        con.close()


def test_governance_is_dated_to_its_survey_and_the_rest_to_the_release_marked_unconfirmed(parsed: Parsed) -> None:
    """調査時点 from the publisher's data definitions: 推進体制 items 2023-04-01; the others not pinned."""
    governance, release = date(2023, 4, 1), date(2024, 7, 12)
    assert AS_OF == release
    dates = parsed.values.groupby("indicator_id")["as_of"].agg(set).to_dict()
    assert dates.pop("dx_governance_score") == {governance}
    assert all(found == {release} for found in dates.values()), dates
    table = parsed.tables["indicator_dates"].set_index("indicator_id")
    assert set(table.index) == set(parsed.values["indicator_id"])
    assert table.loc["dx_governance_score", "date_certain"] and table.loc["dx_governance_score", "as_of"] == governance
    assert "2023-04-01" in table.loc["dx_governance_score", "basis_en"]
    unpinned = table.drop("dx_governance_score")
    assert not unpinned["date_certain"].any() and set(unpinned["as_of"]) == {release}
    for text in table["basis_en"]:
        assert "推定" not in text and text.isascii()
    assert table["citation_en"].str.startswith("https://digital.go.jp/en/resources/govdashboard/").all()
    measures = parsed.tables["dx_measures"]
    governance_items = {"cio", "cio_adviser", "dx_policy", "dx_organisation", "external_talent", "staff_development"}
    pinned = measures[measures["measure_id"].isin(governance_items | {"all_staff_training"})]
    assert set(pinned["as_of"]) == {governance} and pinned["date_certain"].all()
    adoption = measures[measures["measure_id"].isin({"ai", "rpa", "telework"})]
    assert set(adoption["as_of"]) == {release} and not adoption["date_certain"].any()
    assert set(parsed.tables["dx_procedure_counts"]["as_of"]) == {release}


def test_every_fixture_area_gets_every_indicator_of_its_level(parsed: Parsed, areas: AreaIndex) -> None:
    values = parsed.values
    assert not values.duplicated(["indicator_id", "area_code", "as_of"]).any()
    municipal = values[values["area_code"].isin(areas.municipalities["code"])]
    prefectural = values[values["area_code"].isin(areas.prefectures["code"])]
    assert len(municipal) + len(prefectural) == len(values)
    assert municipal.groupby("indicator_id").size().to_dict() == dict.fromkeys(
        [
            "dx_adoption_score",
            "dx_governance_score",
            "mynumber_holding_rate",
            "online_procedures_26",
            "online_procedures_32",
            "online_usage_26_median",
            "online_usage_32_median",
        ],
        len(areas.municipalities),
    )
    assert set(prefectural["indicator_id"]) == {
        "dx_adoption_score",
        "dx_governance_score",
        "online_procedures_32",
        "online_usage_32_median",
    }
    assert set(prefectural["area_code"]) == {"13000", "36000", "37000", "38000", "39000"}


def test_chiyoda_values_match_the_raw_file(parsed: Parsed) -> None:
    assert value(parsed, "mynumber_holding_rate", CHIYODA) == (71.0, None)
    assert value(parsed, "online_procedures_26", CHIYODA) == (50.0, None)
    assert value(parsed, "online_procedures_32", CHIYODA) == (36.0, None)
    # CIO and CIO adviser 未実施, the other 5 governance items 実施; AI, RPA, telework 実施.
    assert value(parsed, "dx_governance_score", CHIYODA) == (5.0, None)
    assert value(parsed, "dx_adoption_score", CHIYODA) == (3.0, None)
    assert value(parsed, "mynumber_holding_rate", CHUO) == (78.0, None)


def test_yusuhara_variant_spelling_is_accepted(parsed: Parsed, areas: AreaIndex) -> None:
    with (FIXTURE_RAW / SOURCE_ID / MUNICIPAL_COMPARISON).open(encoding="utf-8-sig") as fh:
        assert "檮原町" in next(csv.reader(fh))
    assert areas.name(YUSUHARA) == "梼原町"
    assert value(parsed, "mynumber_holding_rate", YUSUHARA) == (80.0, None)
    assert value(parsed, "dx_governance_score", YUSUHARA) == (2.0, None)
    assert value(parsed, "dx_adoption_score", YUSUHARA) == (0.0, None)


def _basket_rates(parsed: Parsed, code: str, level: str, group_id: str) -> list[float]:
    """The area's reported rates for the procedures of the fixed basket, from the usage table."""
    usage = parsed.tables["procedure_usage"]
    rows = usage[(usage["area_code"] == code) & (usage["group_id"] == group_id)]
    basket = dx_usage.basket_of(level, group_id, list(rows["procedure_ja"]))
    return list(rows.loc[rows["procedure_ja"].isin(basket), "value"].dropna())


def test_usage_median_is_over_the_fixed_basket(parsed: Parsed) -> None:
    chiyoda_32 = _basket_rates(parsed, CHIYODA, "municipality", "common32")
    # read off the raw file: 8 of the 32 reported, eLTAX 70.7 and the two 100s (入札参加資格, 入札) left out
    assert chiyoda_32 == [94.9, 18.5, 68.8, 80.1, 4.9]
    assert value(parsed, "online_usage_32_median", CHIYODA) == (pytest.approx(68.8), None)
    chiyoda_26 = _basket_rates(parsed, CHIYODA, "municipality", "care26")
    assert len(chiyoda_26) == 19
    assert value(parsed, "online_usage_26_median", CHIYODA) == (pytest.approx(statistics.median(chiyoda_26)), None)
    tokyo_32 = _basket_rates(parsed, TOKYO, "prefecture", "common32")
    assert len(tokyo_32) >= dx_usage.MIN_PROCEDURES
    assert value(parsed, "online_usage_32_median", TOKYO) == (pytest.approx(statistics.median(tokyo_32)), None)
    basis = parsed.tables["online_usage_basis"].set_index(["indicator_id", "area_code"])
    assert tuple(basis.loc[("online_usage_32_median", CHIYODA), ["procedures", "basket_size", "too_few"]]) == (
        5,
        8,
        False,
    )
    assert tuple(basis.loc[("online_usage_26_median", CHIYODA), ["procedures", "basket_size"]]) == (19, 26)
    assert tuple(basis.loc[("online_usage_32_median", TOKYO), ["basket_size"]]) == (7,)


def test_every_median_says_how_many_procedures_it_rests_on(parsed: Parsed) -> None:
    medians = parsed.values[parsed.values["indicator_id"].str.startswith("online_usage_")]
    basis = parsed.tables["online_usage_basis"]
    joined = medians.merge(basis, on=["indicator_id", "area_code"], how="left", validate="one_to_one")
    assert joined["procedures"].notna().all()
    few = joined[joined["value"].notna() & (joined["procedures"] < dx_usage.MIN_PROCEDURES)]
    assert len(few) and few["too_few"].all() and few["note"].str.startswith("few_procedures: ").all()
    enough = joined[joined["value"].notna() & (joined["procedures"] >= dx_usage.MIN_PROCEDURES)]
    assert not enough["too_few"].any() and enough["note"].isna().all()
    assert not joined.loc[joined["value"].isna(), "too_few"].any()


def test_area_without_any_reported_procedure_is_not_reported_or_not_online(parsed: Parsed) -> None:
    comparison = parsed.values.set_index(["indicator_id", "area_code"])["value"]
    counts = parsed.tables["dx_procedure_counts"].set_index("area_code")["online"]
    reasons = {
        "online_usage_26_median": NOTE_NOT_ONLINE
        if comparison[("online_procedures_26", AOGASHIMA)] == 0
        else NOTE_NO_USAGE,
        "online_usage_32_median": NOTE_NOT_ONLINE if counts[AOGASHIMA] == 0 else NOTE_NO_USAGE,
    }
    for indicator_id, reason in reasons.items():
        got, note = value(parsed, indicator_id, AOGASHIMA)
        assert math.isnan(got) and note == reason


@pytest.mark.parametrize(
    ("label", "text", "indicator_id", "reason"),
    [
        ("子育て・介護26手続のオンライン化状況", "0%", "online_usage_26_median", NOTE_NOT_ONLINE),
        ("子育て・介護26手続のオンライン化状況", "調査無し", "online_usage_26_median", NOTE_NOT_SURVEYED),
        (dx_dashboard.COUNT_ROWS["online"], "0", "online_usage_32_median", NOTE_NOT_ONLINE),
        ("よく使う32手続のオンライン化状況", "調査無し", "online_usage_32_median", NOTE_NOT_SURVEYED),
    ],
)
def test_not_online_and_not_surveyed_are_kept_apart_from_not_reported(
    tmp_path: Path, areas: AreaIndex, label: str, text: str, indicator_id: str, reason: str
) -> None:
    """Chiyoda reports filing rates; once the comparison file says nothing is online (or 調査無し), no median."""
    raw = edited_copy(tmp_path, MUNICIPAL_COMPARISON, set_cell(label, "千代田区", text))
    result = parse(raw, areas)
    got, note = value(result, indicator_id, CHIYODA)
    assert math.isnan(got) and note == reason
    assert {NOTE_NOT_ONLINE, NOTE_NOT_SURVEYED, NOTE_NO_USAGE} == {
        dx_usage.NOTE_NOT_ONLINE,
        dx_usage.NOTE_NOT_SURVEYED,
        dx_usage.NOTE_NOT_REPORTED,
    }
    assert len({n.split(":")[0] for n in (NOTE_NOT_ONLINE, NOTE_NOT_SURVEYED, NOTE_NO_USAGE)}) == 3


def test_a_renamed_basket_procedure_stops_with_the_file_named(tmp_path: Path, areas: AreaIndex) -> None:
    raw = edited_copy(tmp_path, MUNICIPAL_USAGE, set_cell("転出届", None, "転出届（オンライン）"))
    with pytest.raises(InputError, match="転出届") as err:
        parse(raw, areas)
    assert err.value.file.endswith(MUNICIPAL_USAGE)


def test_prefecture_values(parsed: Parsed) -> None:
    assert value(parsed, "online_procedures_32", TOKYO) == (71.0, None)
    assert value(parsed, "online_procedures_32", KOCHI) == (94.0, None)
    assert value(parsed, "dx_governance_score", TOKYO) == (6.0, None)  # only 外部人材活用 未実施
    assert value(parsed, "dx_governance_score", KOCHI) == (5.0, None)


# ------------------------------------------------------------------ tables


def test_measures_table(parsed: Parsed, areas: AreaIndex) -> None:
    measures = parsed.tables["dx_measures"]
    assert str(measures["value"].dtype) == "boolean"
    assert len(measures) == 10 * len(areas.frame)
    chiyoda = measures[measures["area_code"] == CHIYODA].set_index("measure_id")["value"].to_dict()
    assert chiyoda == {
        "cio": False,
        "cio_adviser": False,
        "dx_policy": True,
        "dx_organisation": True,
        "external_talent": True,
        "staff_development": True,
        "all_staff_training": True,
        "ai": True,
        "rpa": True,
        "telework": True,
    }
    ai = measures[(measures["area_code"] == TOKYO) & (measures["measure_id"] == "ai")].iloc[0]
    assert (ai["group_ja"], ai["label_ja"], ai["label_en"]) == ("自治体業務のDX", "AIの導入状況", "AI adopted")


def test_procedure_counts_table(parsed: Parsed) -> None:
    counts = parsed.tables["dx_procedure_counts"].set_index("area_code")
    assert counts.loc[CHIYODA, ["implemented", "online"]].tolist() == [22, 8]
    assert counts.loc[TOKYO, ["implemented", "online"]].tolist() == [24, 17]


def test_procedure_usage_table_keeps_blanks_as_null(parsed: Parsed) -> None:
    usage = parsed.tables["procedure_usage"]
    chiyoda = usage[(usage["area_code"] == CHIYODA) & (usage["group_id"] == "common32")].set_index("position")
    assert chiyoda.loc[1, "procedure_ja"] == "図書館の図書貸出予約等" and chiyoda.loc[1, "value"] == 94.9
    water = chiyoda.loc[5]
    assert water["procedure_ja"] == "水道使用開始届等" and pd.isna(water["value"]) and water["note"] == NOTE_USAGE_BLANK
    per_area = usage.groupby(["area_code", "group_id"]).size()
    assert per_area[(CHIYODA, "common32")] == 26 and per_area[(CHIYODA, "care26")] == 26
    assert per_area[(TOKYO, "common32")] == 30 and (TOKYO, "care26") not in per_area
    assert set(usage["as_of"]) == {AS_OF}


# ------------------------------------------------------------ missing data


def test_bare_percent_is_missing_with_note(tmp_path: Path, areas: AreaIndex) -> None:
    raw = edited_copy(tmp_path, MUNICIPAL_COMPARISON, set_cell("よく使う32手続のオンライン化状況", "中央区", "%"))
    got, note = value(parse(raw, areas), "online_procedures_32", CHUO)
    assert math.isnan(got) and note == NOTE_BARE_PERCENT


def test_not_surveyed_makes_governance_unknown(tmp_path: Path, areas: AreaIndex) -> None:
    governance = [m.label_ja for m in dx_dashboard.MEASURES if m.score == "dx_governance_score"]

    def edit(rows: Rows) -> None:
        for label in governance:
            set_cell(label, "中央区", "調査無し")(rows)

    result = parse(edited_copy(tmp_path, MUNICIPAL_COMPARISON, edit), areas)
    got, note = value(result, "dx_governance_score", CHUO)
    assert math.isnan(got) and note == NOTE_NOT_SURVEYED
    assert value(result, "dx_adoption_score", CHUO) == (3.0, None)
    chuo = result.tables["dx_measures"][result.tables["dx_measures"]["area_code"] == CHUO]
    assert chuo["value"].isna().sum() == 7 and set(chuo.loc[chuo["value"].isna(), "note"]) == {NOTE_NOT_SURVEYED}


# ------------------------------------------------------------------ errors


def swap_columns(a: str, b: str) -> Callable[[Rows], None]:
    def edit(rows: Rows) -> None:
        i, j = rows[0].index(a), rows[0].index(b)
        for row in rows:
            row[i], row[j] = row[j], row[i]

    return edit


def test_name_in_wrong_position_stops(tmp_path: Path, areas: AreaIndex) -> None:
    raw = edited_copy(tmp_path, MUNICIPAL_COMPARISON, swap_columns("千代田区", "中央区"))
    with pytest.raises(InputError) as err:
        parse(raw, areas)
    assert MUNICIPAL_COMPARISON in err.value.file
    assert err.value.where == "column 3"
    assert "'千代田区'" in err.value.problem and "'中央区'" in err.value.problem


def test_prefecture_name_in_wrong_position_stops(tmp_path: Path, areas: AreaIndex) -> None:
    raw = edited_copy(tmp_path, PREFECTURE_COMPARISON, swap_columns("香川県", "愛媛県"))
    with pytest.raises(InputError, match="column 5: expected '香川県'.*found '愛媛県'"):
        parse(raw, areas)


def test_column_count_mismatch_stops(tmp_path: Path, areas: AreaIndex) -> None:
    def drop_last_area(rows: Rows) -> None:
        for row in rows:
            del row[-2]

    raw = edited_copy(tmp_path, MUNICIPAL_COMPARISON, drop_last_area)
    last = areas.municipalities.iloc[-1]
    # the message names the area that has no column, not only the counts
    match = f"{MUNICIPAL_COMPARISON}: row 1, column .*: the code list's '{last['name_ja']}' \\({last['code']}\\) has no"
    with pytest.raises(InputError, match=match):
        parse(raw, areas)


def test_renamed_row_label_stops(tmp_path: Path, areas: AreaIndex) -> None:
    raw = edited_copy(tmp_path, MUNICIPAL_COMPARISON, set_cell("AIの導入状況", None, "AI導入状況"))
    with pytest.raises(InputError) as err:
        parse(raw, areas)
    assert MUNICIPAL_COMPARISON in err.value.file and "AIの導入状況" in err.value.where


def test_renamed_usage_group_stops(tmp_path: Path, areas: AreaIndex) -> None:
    def rename(rows: Rows) -> None:
        for row in rows[1:]:
            row[0] = row[0].replace("子育て・介護の26手続", "子育て介護26手続")

    with pytest.raises(InputError, match="unknown group '子育て介護26手続"):
        parse(edited_copy(tmp_path, MUNICIPAL_USAGE, rename), areas)


@pytest.mark.parametrize(
    ("file_name", "label", "text"),
    [
        (MUNICIPAL_COMPARISON, "マイナンバーカードの保有状況", "101%"),
        (MUNICIPAL_USAGE, "転出届", "100.1%"),
        (MUNICIPAL_COMPARISON, "よく使う32手続のオンライン化状況", "-1%"),
    ],
)
def test_percent_outside_0_100_stops(tmp_path: Path, areas: AreaIndex, file_name: str, label: str, text: str) -> None:
    with pytest.raises(InputError) as err:
        parse(edited_copy(tmp_path, file_name, set_cell(label, "中央区", text)), areas)
    assert file_name in err.value.file
    assert label in err.value.where and "column 4 (13102)" in err.value.where
    assert "outside 0-100" in err.value.problem


def test_unknown_yes_no_value_stops(tmp_path: Path, areas: AreaIndex) -> None:
    raw = edited_copy(tmp_path, MUNICIPAL_COMPARISON, set_cell("RPAの導入状況", "中央区", "検討中"))
    with pytest.raises(InputError, match="RPAの導入状況', column 4.*'検討中' is not 実施/未実施/調査無し"):
        parse(raw, areas)


def test_value_in_trailing_empty_column_stops(tmp_path: Path, areas: AreaIndex) -> None:
    def fill_trailing(rows: Rows) -> None:
        rows[3][-1] = "実施"

    with pytest.raises(InputError, match="row 4, column .*in a column with no name"):
        parse(edited_copy(tmp_path, MUNICIPAL_COMPARISON, fill_trailing), areas)


def test_missing_file_stops(tmp_path: Path, areas: AreaIndex) -> None:
    raw = edited_copy(tmp_path, MUNICIPAL_USAGE, lambda rows: None)
    (raw / SOURCE_ID / MUNICIPAL_USAGE).unlink()
    with pytest.raises(InputError, match="file not found"):
        parse(raw, areas)


# --------------------------------------------------------------- real data


def test_real_files() -> None:
    """All 1,741 municipal and 47 prefectural columns; quirks and cross-checks from SOURCES_STAGED.md."""
    areas = full_areas()
    assert len(areas.municipalities) == 1741
    result = parse(REAL_RAW, areas)
    values = result.values
    assert values.groupby("indicator_id").size().to_dict() == {
        "dx_adoption_score": 1788,
        "dx_governance_score": 1788,
        "mynumber_holding_rate": 1741,
        "online_procedures_26": 1741,
        "online_procedures_32": 1788,
        "online_usage_26_median": 1741,
        "online_usage_32_median": 1788,
    }
    holding = values[values["indicator_id"] == "mynumber_holding_rate"]["value"]
    assert (holding.min(), holding.median(), holding.max()) == (50.0, 74.0, 94.0)
    for kusatsu_or_tenkawa in ("10426", "29446"):
        got, note = value(result, "online_procedures_32", kusatsu_or_tenkawa)
        assert math.isnan(got) and note == NOTE_BARE_PERCENT
    not_surveyed = values[(values["indicator_id"] == "dx_governance_score") & values["value"].isna()]
    assert sorted(not_surveyed["area_code"]) == ["17201", "17202", "17203", "17204", "17205", "17365", "17407", "17463"]
    assert set(not_surveyed["note"]) == {NOTE_NOT_SURVEYED}
    # 府中市 (Tokyo) and 府中市 (Hiroshima): the values another project's tests pin for this release.
    measures = result.tables["dx_measures"].set_index(["area_code", "measure_id"])["value"]
    assert value(result, "mynumber_holding_rate", "13206")[0] == 73.0 and measures[("13206", "dx_policy")]
    assert value(result, "mynumber_holding_rate", "34208")[0] == 76.0 and measures[("34208", "telework")]
    assert len(result.tables["procedure_usage"]) == 52 * 1741 + 30 * 47
    assert len(result.files) == 4
    # issue 14: 153 municipalities have none of the 26 procedures online; all are "not offered online",
    # apart from "not reported"; the 32 group's "not online" are the 7 with 0 procedures online.
    notes = values.assign(code=values["note"].str.split(":").str[0])
    care = notes[
        (notes["indicator_id"] == "online_usage_26_median") & notes["area_code"].isin(areas.municipalities["code"])
    ]
    none_online = values[(values["indicator_id"] == "online_procedures_26") & (values["value"] == 0)]["area_code"]
    assert len(none_online) == 153
    assert set(care.loc[care["code"] == "not_online", "area_code"]) == set(none_online)
    assert care.loc[care["area_code"].isin(none_online), "value"].isna().all()
    assert (care["code"] == "not_reported").sum() > 0
    common = notes[notes["indicator_id"] == "online_usage_32_median"]
    assert (common["code"] == "not_online").sum() == 7
    basis = result.tables["online_usage_basis"]
    assert len(basis) == len(values[values["indicator_id"].str.startswith("online_usage_")])


# ------------------------------------------------------------ newer releases


def _with_newer_release(tmp_path: Path, name: str = "20250715") -> Path:
    """The fixture plus a newer table set in ``<YYYYMMDD>/`` (the same files; 千代田区's holding rate changed)."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_RAW / SOURCE_ID, raw / SOURCE_ID)
    newer = raw / SOURCE_ID / name
    newer.mkdir()
    for path in (FIXTURE_RAW / SOURCE_ID).glob("*.csv"):
        shutil.copy(path, newer / path.name)
    edited = edited_copy(
        tmp_path / "edit", MUNICIPAL_COMPARISON, set_cell("マイナンバーカードの保有状況", "千代田区", "81%")
    )
    shutil.copy(edited / SOURCE_ID / MUNICIPAL_COMPARISON, newer / MUNICIPAL_COMPARISON)
    return raw


def test_a_newer_release_folder_adds_a_date_without_code_changes(tmp_path: Path, areas: AreaIndex) -> None:
    result = parse(_with_newer_release(tmp_path), areas)
    newer, shipped = date(2025, 7, 15), date(2024, 7, 12)
    holding = result.values[(result.values["indicator_id"] == "mynumber_holding_rate")]
    chiyoda = holding[holding["area_code"] == CHIYODA].set_index("as_of")["value"]
    assert chiyoda.to_dict() == {shipped: chiyoda[shipped], newer: 81.0}
    governance = result.values[result.values["indicator_id"] == "dx_governance_score"]
    assert set(governance["as_of"]) == {date(2023, 4, 1), newer}
    dates = result.tables["indicator_dates"]
    assert not dates.loc[dates["as_of"] == newer, "date_certain"].any()
    assert set(dates.loc[dates["as_of"] == newer, "indicator_id"]) == set(result.values["indicator_id"])
    assert all("2025-07-15" in text for text in dates.loc[dates["as_of"] == newer, "basis_en"])
    assert len([p for p in result.files if p.parent.name == "20250715"]) == 4
    for name in dx_releases.DATED_TABLES:
        assert newer in set(result.tables[name]["as_of"]), name
    assert not result.values.duplicated(["indicator_id", "area_code", "as_of"]).any()


@pytest.mark.parametrize(("name", "problem"), [("2025-07-15", "not a release date"), ("20251345", "not a date")])
def test_a_release_folder_that_is_not_a_date_is_refused(
    tmp_path: Path, areas: AreaIndex, name: str, problem: str
) -> None:
    raw = _with_newer_release(tmp_path, name)
    with pytest.raises(InputError, match=problem) as err:
        parse(raw, areas)
    assert err.value.file.endswith(name)


def test_a_newer_release_the_parser_cannot_read_is_refused_with_its_file_named(
    tmp_path: Path, areas: AreaIndex
) -> None:
    raw = _with_newer_release(tmp_path)
    (raw / SOURCE_ID / "20250715" / MUNICIPAL_USAGE).unlink()
    with pytest.raises(InputError, match="file not found") as err:
        parse(raw, areas)
    assert err.value.file.endswith(f"20250715/{MUNICIPAL_USAGE}")
