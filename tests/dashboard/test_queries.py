"""Named queries against the real fixture database (prefectures 13, 36-39)."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard import db, queries
from layers.registry import CatalogueError, load_catalogue
from layers.schema import SCHEMA_VERSION


def test_catalogue_is_rebuilt_from_the_database() -> None:
    cat = queries.catalogue()
    shipped = load_catalogue()
    assert set(cat.indicators) == set(shipped.indicators)
    for ind_id, ind in shipped.indicators.items():
        assert cat.indicator(ind_id) == ind  # every declared field, role and target included, comes back
    assert cat.indicator("ftth_takeup").target is None
    assert cat.source_of("ftth_takeup").secondary is True


def test_roles_and_targets_are_stored_as_declared(fixture_db: Path) -> None:
    con = duckdb.connect(str(fixture_db), read_only=True)
    rows = dict(con.execute("SELECT id, role FROM indicators").fetchall())
    ftth = con.execute("SELECT target_id, target_value FROM indicators WHERE id = 'ftth_takeup'").fetchone()
    con.close()
    assert rows["population"] == rows["aged_65_share"] == rows["fiscal_capability_index"] == "context"
    assert rows["online_usage_26_median"] == rows["mynumber_holding_rate"] == "outcome"
    assert ftth == (None, None)


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("UPDATE indicators SET category = 'misc' WHERE id = 'population'", "category 'misc'"),
        ("UPDATE indicators SET role = 'lagging' WHERE id = 'population'", "role 'lagging'"),
        ("ALTER TABLE indicators DROP COLUMN role", "no column 'role'"),
    ],
)
def test_an_unknown_or_missing_catalogue_field_in_the_database_is_an_error(
    fixture_db: Path, tmp_path: Path, sql: str, message: str
) -> None:
    copy = tmp_path / "atlas.duckdb"
    shutil.copyfile(fixture_db, copy)
    con = duckdb.connect(str(copy))
    con.execute(sql)
    con.close()
    db.configure(copy)  # the autouse fixture points db back at the fixture database afterwards
    with pytest.raises(CatalogueError, match=message):
        queries.catalogue()


def test_indicators_come_grouped_by_category_in_catalogue_order() -> None:
    groups = queries.categories(queries.catalogue())
    assert list(groups)[0] == "broadband"
    assert all(i.category == c for c, inds in groups.items() for i in inds)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_picker_groups_availability_and_use_under_one_heading(lang: str) -> None:
    """Issue 9 §5: offered online (提供) and used online (利用) side by side under one heading, each under
    its own sub-heading (availability first); headings cannot be picked, and no label starts with a space."""
    from dashboard.i18n import t
    from dashboard.pages.map_view import indicator_options

    options = indicator_options(lang)
    labels = [str(o["label"]) for o in options]
    start = labels.index(f"■ {t('cat_online_procedures', lang)}")
    block = options[start + 1: start + 7]
    assert [o["label"] for o in block if o.get("disabled")] == [f"□ {t('aspect_availability', lang)}",
                                                               f"□ {t('aspect_use', lang)}"]
    assert block[0]["label"] == f"□ {t('aspect_availability', lang)}" and block[0]["disabled"]
    cat = queries.catalogue()
    aspects = [cat.indicator(str(o["value"])).aspect for o in block if not o.get("disabled")]
    assert aspects == ["availability", "availability", "use", "use"]
    assert start + 7 == len(options) or str(options[start + 7]["label"]).startswith("■ ")
    assert all(o.get("disabled") for o in options if str(o["value"]).startswith("__"))
    assert all(label == label.lstrip(" \u3000") for label in labels), labels
    assert {o["value"] for o in options if not o.get("disabled")} == set(cat.indicators)


def test_areas_are_text_coded_and_levelled() -> None:
    areas = queries.areas()
    assert len(queries.areas("prefecture")) == 5
    assert len(queries.areas("municipality")) == 157
    assert list(areas.index) == list(areas["code"])
    assert all(isinstance(c, str) and len(c) == 5 for c in areas["code"])
    assert areas.at["39201", "kaso_class"] == "一部"
    assert areas.at["13101", "kaso_class"] is None


def test_dates_are_iso_and_ordered() -> None:
    dates = queries.dates("mynumber_issuance_rate", "municipality")
    assert dates == tuple(sorted(dates)) and len(dates) == 3
    assert dates[-1] == "2022-12-31"
    assert queries.dates("ftth_takeup", "municipality") == ()


def test_values_have_one_row_per_area_and_keep_missing_as_nan_with_reason() -> None:
    frame = queries.values("online_usage_32_median", "municipality", "2024-07-12")
    assert len(frame) == 157 and frame["code"].is_unique
    missing = frame[frame["value"].isna()]
    assert "13421" in missing.index  # 小笠原村: no procedure reported
    assert missing["note"].notna().all()
    assert frame.loc["13101", "value"] == frame.loc["13101", "value"]  # present, not NaN


def test_values_for_a_prefecture_only_indicator_leave_absent_areas_without_a_row() -> None:
    frame = queries.values("ultra_high_speed_availability", "prefecture", "2015-03-31")
    assert frame.loc["13000", "note"] is None and math.isnan(frame.loc["13000", "value"])
    assert not math.isnan(frame.loc["36000", "value"])


def test_latest_wide_and_series() -> None:
    wide = queries.latest_wide("municipality")
    assert wide.shape[0] == 157 and "population" in wide.columns
    series = queries.series("mynumber_issuance_rate", "36201")
    assert list(series["value"].notna()) == [True, True, True]
    assert series["value"].is_monotonic_increasing  # cumulative issuance
    med = queries.median_series("mynumber_issuance_rate", "municipality", "36000")
    assert len(med) == 3


def test_geojson_assets_are_indexed_by_level_and_detail() -> None:
    index = queries.geojson_index()
    assert set(index) == {(lv, d) for lv in ("municipality", "prefecture") for d in ("overview", "detailed")}
    content = json.loads(queries.geojson("municipality", "overview") or "{}")
    ids = {f["id"] for f in content["features"]}
    assert ids == set(queries.areas("municipality")["code"])
    assert queries.geojson("municipality", "nonexistent") is None


def test_provenance_tables_are_read_whole() -> None:
    sources = queries.sources()
    assert {s["id"] for s in sources} >= {"nstac_ssdse", "digital_agency_n03_2025"}
    files = queries.provenance()
    assert files and all(len(f["sha256"]) == 64 for f in files)
    assert queries.meta()["schema_version"] == SCHEMA_VERSION


def test_hostile_parameters_are_bound_not_interpolated() -> None:
    evil = "x' OR '1'='1'; DROP TABLE areas; --"
    assert queries.dates(evil, "municipality") == ()
    assert queries.values(evil, "municipality", "2024-07-12")["value"].isna().all()
    assert queries.series(evil, evil).empty
    assert queries.dx_measures(evil) == []
    assert len(queries.areas()) == 162  # still there


def test_connection_is_read_only() -> None:
    try:
        db.cursor().execute("CREATE TABLE intruder(x INTEGER)")
    except duckdb.Error:
        return
    raise AssertionError("the dashboard's connection accepted a write")


def test_each_thread_gets_its_own_cursor() -> None:
    import threading

    seen: list[object] = []
    worker = threading.Thread(target=lambda: seen.append(db.cursor()))
    worker.start()
    worker.join()
    assert seen and seen[0] is not db.cursor()


def test_national_broadband_reference_carries_its_policy_target() -> None:
    refs = queries.national_references()
    ftth = next(r for r in refs if r["measure"].startswith("FTTH household coverage"))
    # as transcribed in tests/fixtures/raw/soumu_broadband_series and policy_targets
    assert ftth["value"] == 99.84 and ftth["as_of"].isoformat() == "2023-03-31"
    assert ftth["target"] == 99.9 and ftth["deadline"].isoformat() == "2028-03-31"
    assert refs[0] is ftth  # the measure with a target comes first


def test_broadband_legend_states_the_national_reference_not_a_map_colour() -> None:
    from dashboard import service
    from dashboard.pages import map_view
    from dashboard.state import parse_query

    state = parse_query({"indicator": "ftth_takeup"}, service.state_options())
    text = " ".join(span.children for span in map_view.legend_note(service.view_data(state)))
    assert "99.84%（2023-03-31）" in text and "目標 99.9%（2028-03-31" in text
    state = parse_query({"indicator": "population"}, service.state_options())
    assert "99.84" not in " ".join(span.children for span in map_view.legend_note(service.view_data(state)))


def test_broadband_source_line_cites_the_reference_source_once() -> None:
    from dashboard import service
    from dashboard.pages import map_view
    from dashboard.state import parse_query

    def credits(indicator: str) -> list[str]:
        state = parse_query({"indicator": indicator}, service.state_options())
        line = map_view.source_line(service.view_data(state))
        return [span.children for span in line if getattr(span, "className", "") == "credit"]

    takeup = credits("ftth_takeup")
    assert any("FTTHサービス都道府県別普及率" in c for c in takeup)
    assert any("超高速ブロードバンド利用可能世帯率ほか" in c for c in takeup)
    assert len(credits("ultra_high_speed_availability")) == len(set(credits("ultra_high_speed_availability")))


def test_notes_are_the_stored_text_or_none_never_a_fill_character(fixture_db: Path) -> None:
    """NULL notes come back as None (numpy's masked fill for text is "?", once in every 注記 cell)."""
    con = duckdb.connect(str(fixture_db), read_only=True)
    stored = dict(con.execute("SELECT area_code, note FROM indicator_values "
                              "WHERE indicator_id = 'online_usage_26_median' AND as_of = DATE '2024-07-12'").fetchall())
    con.close()
    got = queries.values("online_usage_26_median", "municipality", "2024-07-12")
    for code, note in stored.items():
        assert got.at[code, "note"] == note, code
    assert "?" not in set(got["note"].dropna())
    series = queries.series("online_usage_26_median", next(iter(stored)))
    assert "?" not in set(series["note"].dropna())
