"""N03 boundaries: every input format, ward dissolve, coverage quality, assets, bad input."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from etl.model import Parsed
from etl.n03 import find_input, read_n03
from etl.sources import boundaries
from intake.errors import InputError
from tests.etl.sources.boundary_areas_for_tests import (
    FIXTURE_RAW,
    REAL_RAW,
    fixture_areas,
    index_of,
    real_areas,
    subset,
)

SOURCE = boundaries.SOURCE_ID
TOPOJSON = "ja_municipality_area.json"
ZIP = FIXTURE_RAW.parent / "n03_cp932_zip" / "N03-20250101.zip"
HOPPO_RAW = FIXTURE_RAW.parent / "n03_hoppo"
KAGAWA = {"37201": "高松市", "37387": "綾川町", "37406": "まんのう町"}
NEMURO = {
    "01000": "北海道",
    "01223": "根室市",
    "01691": "別海町",
    "01692": "中標津町",
    "01693": "標津町",
    "01694": "羅臼町",
}
HOPPO = ["01695", "01696", "01697", "01698", "01699", "01700"]
CODE = "lg_code_5"


@pytest.fixture(scope="module")
def parsed() -> Parsed:
    return boundaries.parse(FIXTURE_RAW, fixture_areas())


def _raw_with(tmp_path: Path, frame: gpd.GeoDataFrame, name: str = "N03-20250101.geojson") -> Path:
    """A raw folder whose boundary folder holds only ``frame`` (N03 attribute names)."""
    folder = tmp_path / "raw" / SOURCE
    folder.mkdir(parents=True)
    frame.to_file(folder / name)
    return tmp_path / "raw"


def _fixture_frame() -> gpd.GeoDataFrame:
    frame = pyogrio.read_dataframe(FIXTURE_RAW / SOURCE / TOPOJSON)
    return gpd.GeoDataFrame(frame.drop(columns="id"), geometry="geometry", crs="EPSG:6668")


def _geoms(parsed: Parsed, detail: str, codes: list[str]) -> np.ndarray:
    table = parsed.tables["boundaries"]
    rows = table[(table["detail"] == detail)].set_index("area_code").loc[codes]
    return shapely.from_wkb(rows["geometry"].to_numpy())


# --- reading ---------------------------------------------------------------------------------


def test_find_input_skips_prefecture_outlines_and_prefers_a_user_download(tmp_path: Path) -> None:
    assert find_input(FIXTURE_RAW / SOURCE).name == TOPOJSON
    shutil.copytree(FIXTURE_RAW / SOURCE, tmp_path / SOURCE)
    shutil.copy(ZIP, tmp_path / SOURCE)
    assert find_input(tmp_path / SOURCE).name == ZIP.name
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no N03 boundary file"):
        find_input(tmp_path / "empty")


def test_reads_the_shipped_digital_agency_topojson() -> None:
    features = read_n03(FIXTURE_RAW / SOURCE / TOPOJSON)
    assert len(features) == 157 and features["code"].notna().all()
    row = features[features["code"] == "13101"].iloc[0]
    assert (row["prefecture_name"], row["district"], row["name"]) == ("東京都", None, "千代田区")
    assert features.loc[features["code"] == "37387", "district"].item() == "綾歌郡"
    assert set(features["hoppo"]) == {False}
    assert all(g.geom_type in ("Polygon", "MultiPolygon") for g in features["geometry"])


def test_reads_lg6_codes_when_the_file_has_no_lg5(tmp_path: Path) -> None:
    raw = _raw_with(tmp_path, _fixture_frame().drop(columns=CODE))
    features = read_n03(find_input(raw / SOURCE))
    assert list(features["code"]) == list(read_n03(FIXTURE_RAW / SOURCE / TOPOJSON)["code"])


def test_reads_an_official_cp932_zip_without_cpg() -> None:
    with zipfile.ZipFile(ZIP) as archive:
        assert not any(n.lower().endswith(".cpg") for n in archive.namelist())
    features = read_n03(ZIP)
    assert dict(zip(features["code"], features["name"], strict=True)) == KAGAWA
    assert set(features["prefecture_name"]) == {"香川県"}
    assert features.loc[features["code"] == "37387", "district"].item() == "綾歌郡"


def test_reads_a_bare_shapefile_with_and_without_cpg(tmp_path: Path) -> None:
    with zipfile.ZipFile(ZIP) as archive:
        archive.extractall(tmp_path / "cp932")
    assert list(read_n03(tmp_path / "cp932" / "N03-20250101.shp")["name"]) == list(KAGAWA.values())
    utf8 = tmp_path / "utf8" / "N03-20250101.shp"
    utf8.parent.mkdir()
    read_frame = pyogrio.read_dataframe(ZIP, encoding="cp932")
    gpd.GeoDataFrame(read_frame, geometry="geometry").to_file(utf8, encoding="utf-8")  # writes a .cpg
    assert utf8.with_suffix(".cpg").exists()
    assert list(read_n03(utf8)["name"]) == list(KAGAWA.values())


@pytest.mark.parametrize("name", ["N03-20250101.geojson", "N03-20250101.gpkg"])
def test_reads_geojson_and_geopackage_like_the_topojson(tmp_path: Path, name: str) -> None:
    raw = _raw_with(tmp_path, _fixture_frame(), name)
    path = find_input(raw / SOURCE)
    assert path.name == name
    got, want = read_n03(path), read_n03(FIXTURE_RAW / SOURCE / TOPOJSON)
    assert list(got["code"]) == list(want["code"])
    assert list(got["name"]) == list(want["name"])
    # GeoPackage stores every feature as MultiPolygon; the shapes must still be the same
    assert shapely.equals(np.array(list(got["geometry"])), np.array(list(want["geometry"]))).all()


def test_projected_input_is_returned_in_longitude_latitude(tmp_path: Path) -> None:
    frame = _fixture_frame().to_crs(6677)  # 平面直角座標系 IX (Tokyo)
    raw = _raw_with(tmp_path, frame)
    features = read_n03(find_input(raw / SOURCE))
    minx, miny, maxx, maxy = shapely.total_bounds(np.array(list(features["geometry"])))
    assert 122 < minx < maxx < 154 and 20 < miny < maxy < 46


def test_a_file_without_a_code_attribute_is_refused(tmp_path: Path) -> None:
    raw = _raw_with(tmp_path, _fixture_frame().drop(columns=[CODE, "lg_code"]))
    with pytest.raises(InputError, match="no N03_007 or lg_code_5 or lg_code"):
        read_n03(find_input(raw / SOURCE))


# --- parsing the fixture ---------------------------------------------------------------------


def test_every_area_has_a_boundary_at_both_details(parsed: Parsed) -> None:
    table = parsed.tables["boundaries"]
    assert list(table.columns) == ["area_code", "detail", "level", "has_statistics", "geometry"]
    codes = set(fixture_areas().frame["code"])
    for detail in ("overview", "detailed"):
        rows = table[table["detail"] == detail]
        assert set(rows["area_code"]) == codes and len(rows) == len(codes)
        geoms = shapely.from_wkb(rows["geometry"].to_numpy())
        assert not shapely.is_empty(geoms).any() and shapely.is_valid(geoms).all()


def test_nothing_is_dropped_from_the_fixture_and_no_area_lacks_statistics(parsed: Parsed) -> None:
    assert parsed.tables["boundary_dropped"].empty
    assert parsed.tables["no_statistics_areas"].empty
    assert parsed.tables["boundaries"]["has_statistics"].all()
    assert parsed.files == {FIXTURE_RAW / SOURCE / TOPOJSON: 157}


def test_unassigned_land_is_dropped_and_listed(tmp_path: Path) -> None:
    frame = _fixture_frame()
    extra = frame[frame[CODE] == "13101"].assign(**{CODE: None, "lg_code": None, "city_name": "所属未定地"})
    extra["geometry"] = [shapely.box(139.0, 33.0, 139.01, 33.01)]  # away from everything else
    result = boundaries.parse(_raw_with(tmp_path, gpd.GeoDataFrame(pd.concat([frame, extra]))), fixture_areas())
    dropped = result.tables["boundary_dropped"]
    assert len(dropped) == 1 and dropped["n03_code"].isna().all()
    assert dropped["name"].item() == "所属未定地" and dropped["features"].item() == 1


def _hole_area(geom: shapely.Geometry) -> float:
    return sum(shapely.Polygon(ring).area for poly in shapely.get_parts(geom) for ring in poly.interiors)


@pytest.mark.parametrize("detail", ["overview", "detailed"])
@pytest.mark.parametrize("level", ["municipality", "prefecture"])
def test_each_level_is_a_valid_coverage_without_gaps_or_overlaps(parsed: Parsed, level: str, detail: str) -> None:
    """Method: GEOS coverage validation; overlap = Σ areas − area of the union, within 0.1 %;
    gaps = holes in the union the input did not have, within 0.1 %; and the union's area
    within 1 % of the input's (only the coastline moves when it is simplified)."""
    frame = fixture_areas().frame
    codes = list(frame.loc[frame["level"] == level, "code"])
    geoms = _geoms(parsed, detail, codes)
    assert shapely.coverage_is_valid(geoms)
    union = shapely.union_all(geoms)
    assert shapely.area(geoms).sum() == pytest.approx(union.area, rel=1e-3)
    kept = read_n03(FIXTURE_RAW / SOURCE / TOPOJSON).dropna(subset=["code"])
    original = shapely.union_all(np.array(list(kept["geometry"])))
    assert _hole_area(union) - _hole_area(original) <= 1e-3 * original.area
    assert union.area == pytest.approx(original.area, rel=1e-2)


def test_prefectures_are_dissolved_from_the_same_municipal_coverage(parsed: Parsed) -> None:
    munis = [c for c in fixture_areas().municipalities["code"] if c.startswith("37")]
    for detail in ("overview", "detailed"):
        kagawa = _geoms(parsed, detail, ["37000"])[0]
        dissolved = shapely.union_all(_geoms(parsed, detail, munis))
        assert shapely.symmetric_difference(kagawa, dissolved).area < 1e-9


def test_overview_is_coarser_and_islands_survive(parsed: Parsed) -> None:
    stats = parsed.tables["boundary_stats"].set_index(["level", "detail"])
    assert list(stats.columns[:4]) == ["features", "vertices", "geojson_bytes", "gzip_bytes"]
    for level in ("municipality", "prefecture"):
        assert stats.loc[(level, "overview"), "vertices"] < stats.loc[(level, "detailed"), "vertices"]
        assert (stats.loc[level, "gzip_bytes"] < stats.loc[level, "geojson_bytes"]).all()
    assert stats.loc[("municipality", "overview"), "features"] == 157
    # 青ヶ島村 and 御蔵島村 are single small islands.
    assert not shapely.is_empty(_geoms(parsed, "overview", ["13402", "13382"])).any()


def test_geojson_assets_are_compact_rounded_and_hashed(parsed: Parsed) -> None:
    assets = parsed.tables["geojson_assets"]
    assert {(r.level, r.detail) for r in assets.itertuples()} == {
        (lvl, d) for lvl in ("municipality", "prefecture") for d in ("overview", "detailed")
    }
    for row in assets.itertuples():
        assert hashlib.sha256(row.content.encode("utf-8")).hexdigest() == row.sha256
        assert ", " not in row.content and '": ' not in row.content
        assert not re.search(r"\d\.\d{5,}", row.content)
        collection = json.loads(row.content)
        frame = fixture_areas().frame
        codes = list(frame.loc[frame["level"] == row.level, "code"])
        assert [f["id"] for f in collection["features"]] == codes
        assert all(f["properties"] == {"code": f["id"]} for f in collection["features"])


# --- designated-city wards, user downloads -------------------------------------------------


def test_wards_are_dissolved_into_their_designated_city(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cells = {  # a 2×2 grid near Hiroshima: three wards of 広島市 and 呉市
        ("34101", "広島市", "中区"): (132.40, 34.30),
        ("34102", "広島市", "東区"): (132.45, 34.30),
        ("34103", "広島市", "南区"): (132.40, 34.35),
        ("34202", None, "呉市"): (132.45, 34.35),
        ("34999", None, "架空村"): (132.60, 34.60),  # not in the code list: dropped
    }
    frame = gpd.GeoDataFrame(
        {
            "N03_001": ["広島県"] * len(cells),
            "N03_003": [k[1] for k in cells],
            "N03_004": [k[2] for k in cells],
            "N03_007": [k[0] for k in cells],
        },
        geometry=[shapely.box(x, y, x + 0.05, y + 0.05) for x, y in cells.values()],
        crs="EPSG:6668",
    )
    areas = index_of({"34000": "広島県", "34100": "広島市", "34202": "呉市"}, "広島県")
    result = boundaries.parse(_raw_with(tmp_path, frame), areas)
    table = result.tables["boundaries"]
    assert set(table["area_code"]) == {"34000", "34100", "34202"}
    city = _geoms(result, "detailed", ["34100"])[0]
    assert city.geom_type == "Polygon" and city.area == pytest.approx(3 * 0.05**2, rel=1e-6)
    dropped = result.tables["boundary_dropped"]
    assert list(dropped["n03_code"]) == ["34999"]
    # the build log warns about it (python -m etl build counts warnings in its summary)
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING" and "dropped" in r.getMessage()]
    assert len(warned) == 1 and "34999" in warned[0] and "架空村" in warned[0]


def test_a_user_cp932_zip_builds_boundaries_with_japanese_names(tmp_path: Path) -> None:
    folder = tmp_path / "raw" / SOURCE
    folder.mkdir(parents=True)
    shutil.copy(ZIP, folder)
    result = boundaries.parse(tmp_path / "raw", subset(fixture_areas(), set(KAGAWA)))
    assert set(result.tables["boundaries"]["area_code"]) == {*KAGAWA, "37000"}
    assert result.files == {folder / ZIP.name: 3}


def test_overlapping_polygons_are_cleaned_into_a_coverage(tmp_path: Path) -> None:
    if not hasattr(shapely, "coverage_clean"):
        pytest.skip("needs GEOS >= 3.14")
    frame = gpd.GeoDataFrame(
        {"N03_001": ["香川県"] * 2, "N03_004": ["高松市", "坂出市"], "N03_007": ["37201", "37203"]},
        geometry=[shapely.box(134.0, 34.2, 134.1, 34.3), shapely.box(134.09, 34.2, 134.2, 34.3)],
        crs="EPSG:6668",
    )
    areas = index_of({"37000": "香川県", "37201": "高松市", "37203": "坂出市"}, "香川県")
    result = boundaries.parse(_raw_with(tmp_path, frame), areas)
    geoms = _geoms(result, "detailed", ["37201", "37203"])
    assert shapely.coverage_is_valid(geoms)
    assert shapely.intersection(geoms[0], geoms[1]).area == pytest.approx(0, abs=1e-12)


# --- bad input ---------------------------------------------------------------------------------


def test_a_missing_municipality_is_named(tmp_path: Path) -> None:
    frame = _fixture_frame()
    raw = _raw_with(tmp_path, frame[frame[CODE] != "36201"])
    with pytest.raises(InputError, match="36201 徳島市"):
        boundaries.parse(raw, fixture_areas())


@pytest.mark.parametrize(
    "broken",
    [None, shapely.Polygon([(134.5, 34.0), (134.6, 34.0), (134.7, 34.0), (134.5, 34.0)])],
    ids=["null", "zero-area"],
)
def test_an_empty_or_degenerate_geometry_is_named(tmp_path: Path, broken: shapely.Geometry | None) -> None:
    frame = _fixture_frame()
    frame.loc[frame[CODE] == "36201", "geometry"] = broken
    with pytest.raises(InputError, match=r"'36201', 徳島市.*no area"):
        boundaries.parse(_raw_with(tmp_path, frame), fixture_areas())


# --- 北方領土: drawn as part of Hokkaido, without statistics -------------------------------------


@pytest.fixture(scope="module")
def hoppo() -> Parsed:
    return boundaries.parse(HOPPO_RAW, index_of(NEMURO, "北海道"))


def test_northern_territories_are_drawn_but_are_not_areas(hoppo: Parsed) -> None:
    table = hoppo.tables["boundaries"]
    for detail in ("overview", "detailed"):
        rows = table[(table["detail"] == detail) & (table["level"] == "municipality")].set_index("area_code")
        assert sorted(rows.index) == sorted([*NEMURO.keys() - {"01000"}, *HOPPO])
        assert not rows.loc[HOPPO, "has_statistics"].any() and rows.drop(HOPPO)["has_statistics"].all()
    listed = hoppo.tables["no_statistics_areas"]
    assert list(listed["code"]) == HOPPO
    assert list(listed["name_ja"]) == ["色丹村", "泊村", "留夜別村", "留別村", "紗那村", "蘂取村"]
    assert list(listed["code6"]) == ["016951", "016969", "016977", "016985", "016993", "017001"]
    assert set(listed["reason"]) == {"northern_territories"} and set(listed["prefecture_code"]) == {"01000"}
    assert list(listed["district_ja"]) == ["色丹郡", "国後郡", "国後郡", "択捉郡", "紗那郡", "蘂取郡"]
    assert hoppo.tables["boundary_dropped"].empty


@pytest.mark.parametrize("detail", ["overview", "detailed"])
def test_hokkaido_outline_includes_the_northern_territories(hoppo: Parsed, detail: str) -> None:
    hokkaido = _geoms(hoppo, detail, ["01000"])[0]
    villages = shapely.union_all(_geoms(hoppo, detail, HOPPO))
    assert shapely.difference(villages, hokkaido).area < 1e-9
    every = shapely.union_all(_geoms(hoppo, detail, [*NEMURO.keys() - {"01000"}, *HOPPO]))
    assert shapely.symmetric_difference(hokkaido, every).area < 1e-9
    assert shapely.coverage_is_valid(_geoms(hoppo, detail, [*NEMURO.keys() - {"01000"}, *HOPPO]))


def test_northern_territories_are_flagged_in_the_municipal_geojson(hoppo: Parsed) -> None:
    assets = hoppo.tables["geojson_assets"].set_index(["level", "detail"])
    for detail in ("overview", "detailed"):
        features = json.loads(assets.loc[("municipality", detail), "content"])["features"]
        flagged = [f["id"] for f in features if f["properties"].get("no_statistics")]
        assert flagged == HOPPO
        assert all(f["properties"] == {"code": f["id"]} for f in features if f["id"] not in HOPPO)


def test_without_hokkaido_the_villages_are_dropped_and_listed(tmp_path: Path) -> None:
    frame = pyogrio.read_dataframe(HOPPO_RAW / SOURCE / TOPOJSON)
    villages = frame[frame[CODE].isin(HOPPO)].drop(columns="id").set_crs(6668, allow_override=True)
    frame = gpd.GeoDataFrame(pd.concat([_fixture_frame(), villages]))
    result = boundaries.parse(_raw_with(tmp_path, frame), fixture_areas())
    assert sorted(result.tables["boundary_dropped"]["n03_code"]) == HOPPO
    assert result.tables["no_statistics_areas"].empty


def test_a_hoppo_flag_that_contradicts_the_code_list_is_named(tmp_path: Path) -> None:
    frame = pyogrio.read_dataframe(HOPPO_RAW / SOURCE / TOPOJSON).drop(columns="id")
    frame.loc[frame[CODE] == "01223", "is_hoppo_city"] = True
    with pytest.raises(InputError, match=r"feature \d+ \('01223', 根室市\), column is_hoppo_city"):
        boundaries.parse(
            _raw_with(tmp_path, gpd.GeoDataFrame(frame).set_crs(6668, allow_override=True)), index_of(NEMURO, "北海道")
        )


# --- the real shipped file -----------------------------------------------------------------------


@pytest.mark.skipif(not (REAL_RAW / SOURCE / TOPOJSON).exists(), reason="shipped data not present")
def test_real_national_overview_fits_the_download_budget() -> None:
    result = boundaries.parse(REAL_RAW, real_areas())
    stats = result.tables["boundary_stats"].set_index(["level", "detail"])
    assert stats.loc[("municipality", "overview"), "gzip_bytes"] <= 250_000
    assert stats.loc[("municipality", "overview"), "features"] == 1747  # 1,741 + 6 北方領土
    assert stats.loc[("prefecture", "overview"), "features"] == 47
    assert result.tables["boundary_dropped"].empty
    assert list(result.tables["no_statistics_areas"]["code"]) == HOPPO
    table = result.tables["boundaries"]
    with_stats = table[table["has_statistics"] & (table["level"] == "municipality") & (table["detail"] == "overview")]
    assert len(with_stats) == 1741 and set(with_stats["area_code"]) == set(real_areas().municipalities["code"])
    sapporo = table.query("area_code == '01100'")
    assert len(sapporo) == 2
