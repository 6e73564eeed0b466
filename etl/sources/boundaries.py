"""行政区域ポリゴン (from 国土数値情報 N03): municipal and prefectural boundaries for the map.

Publisher: デジタル庁 (Digital Agency), 「行政区域ポリゴン」 in its policy-dashboard
assets (https://github.com/digital-go-jp/policy-dashboard-assets, ``data/map``),
derived from 国土交通省 国土数値情報 行政区域データ, 2025 (令和7年) edition
(https://nlftp.mlit.go.jp/ksj/gml/datalist/KsjTmplt-N03.html). Licence CC BY 4.0;
credit 「「国土数値情報（行政区域データ）」（国土交通省）を加工して作成」 wherever
a map is shown. The publisher already merged designated-city wards into their
city and dropped polygons under 50,000 m². An official N03 download (zip /
Shapefile in CP932, GeoJSON) or a GeoPackage dropped into the same folder is
preferred over it (see ``etl.n03``). Cadence: MLIT republishes N03 yearly.

Steps: read → assign each feature the code the statistics use (wards of a
designated city → the city; the six 北方領土 villages keep their own codes as
areas *without statistics*; features with no code, 所属未定地, and other codes not
in the official list are dropped and listed in ``boundary_dropped``) → repair →
dissolve to one geometry per area → simplify the coverage at two details →
verify (``etl.geometry``) → dissolve prefectures from the same coverage (so
Hokkaido's outline includes the 北方領土, as Japanese government maps draw it) →
tables. Parsers never write files: the GeoJSON assets are returned as text for
``etl.build`` to store.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from etl import geometry
from etl.model import AreaIndex, Parsed
from etl.n03 import find_input, read_n03
from etl.sources.local_gov_code import NORTHERN_TERRITORIES
from intake.codes import prefecture_of, to_code6
from intake.errors import InputError
from intake.names import fold_name

SOURCE_ID = "digital_agency_n03_2025"

#: Why an area is drawn but has no statistics (``no_statistics_areas.reason``).
REASON_NORTHERN_TERRITORIES = "northern_territories"

#: Coverage-simplification tolerances in degrees (≈ √ of the area of removed
#: triangles; 0.001° ≈ 100 m). 'detailed' is for prefecture zoom and barely
#: touches the shipped 1 % TopoJSON; it matters for a full-resolution user file.
TOLERANCE = {"detailed": 0.002, "overview": 0.01}
DETAILS = ("overview", "detailed")
LEVELS = ("municipality", "prefecture")
#: The national municipal overview is what every visitor downloads first.
OVERVIEW_GZIP_BUDGET = 250_000
DECIMALS = 4  # 1e-4° ≈ 10 m, finer than a screen pixel at prefecture zoom

log = logging.getLogger(__name__)

REASON_NO_CODE = "no area code (所属未定地, unassigned land)"
REASON_UNKNOWN = "code not in the official code list"


def _ward_city(code: str, district: str | None, cities: dict[str, str]) -> str | None:
    """The designated city (指定都市) a ward code belongs to, or None.

    In the 全国地方公共団体コード scheme codes XX100-XX199 are reserved for
    designated cities and their wards, each ward numbered after its city
    (札幌市 01100 → 中央区 01101 …; 大阪市 27100 → 27102-27128, 堺市 27140 →
    27141-…), so the city is the nearest lower 1xx municipality code of the
    prefecture. N03_003 names the city for wards and is checked when present.
    """
    if code[2] != "1":
        return None
    lower = [c for c in cities if c[:2] == code[:2] and c < code]
    if not lower:
        return None
    city = max(lower)
    if district and fold_name(district) != fold_name(cities[city]):
        return None
    return city


def assign_codes(features: pd.DataFrame, areas: AreaIndex) -> tuple[pd.Series, pd.DataFrame]:
    """Map each feature to a municipality code (None = dropped) and list what was dropped."""
    munis = areas.municipalities
    # 北方領土 villages are drawn as part of Hokkaido, so only when Hokkaido is mapped
    hoppo = set(NORTHERN_TERRITORIES) if areas.has(prefecture_of(next(iter(NORTHERN_TERRITORIES)))) else set()
    known = set(munis["code"]) | hoppo
    cities = {c: n for c, n in zip(munis["code"], munis["name_ja"], strict=True) if c[2] == "1"}
    mapping: dict[tuple[str, str | None], str | None] = {}
    coded = features[features["code"].notna()]
    for code, district in set(zip(coded["code"], coded["district"], strict=True)):
        mapping[(code, district)] = code if code in known else _ward_city(code, district, cities)
    target = pd.Series(
        [None if c is None else mapping[(c, d)] for c, d in zip(features["code"], features["district"], strict=True)],
        index=features.index,
        dtype=object,
    )
    gone = features[target.isna()].assign(
        reason=lambda f: np.where(f["code"].isna(), REASON_NO_CODE, REASON_UNKNOWN),
        label=lambda f: f["name"].fillna(f["district"]).fillna(""),
    )
    dropped = (
        gone.groupby(["reason", "code", "prefecture_name", "label"], dropna=False, sort=True)
        .size()
        .reset_index(name="features")
        .rename(columns={"code": "n03_code", "label": "name"})
    )
    text = ["n03_code", "prefecture_name", "name", "reason"]  # typed, so an all-missing column stays TEXT
    return target, dropped.astype(dict.fromkeys(text, "string"))[[*text[:3], "features", "reason"]]


def _warn_invalid(path: Path, kept: pd.DataFrame) -> None:
    """Say in the build log which features ``make_valid`` is about to repair (a self-touching ring)."""
    geoms = np.array(kept["geometry"].tolist(), dtype=object)
    invalid = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    if invalid.any():
        codes = sorted({str(c) for c in kept.loc[invalid, "code"]})
        count = int(invalid.sum())
        log.warning("%s: repaired %d invalid geometr(ies) with make_valid in area(s) %s", path, count, codes[:10])


def _coverage(
    path: Path, features: pd.DataFrame, target: pd.Series, areas: AreaIndex
) -> tuple[list[str], geometry.Geoms]:
    """One repaired geometry per official municipality, in official order."""
    kept = features[target.notna()]
    _warn_invalid(path, kept)
    repaired = geometry.repair(kept["geometry"].tolist())
    empty = np.flatnonzero(shapely.is_empty(repaired))
    if len(empty):
        bad = kept.iloc[empty[0]]
        raise InputError(
            path,
            f"feature {bad['feature']} (N03_007 '{bad['code']}', {bad['name'] or bad['district'] or ''})",
            f"geometry is missing, empty or has no area ({len(empty)} such feature(s))",
        )
    dissolved = geometry.dissolve(target[target.notna()].tolist(), repaired)
    missing = [c for c in areas.municipalities["code"] if c not in dissolved]
    if missing:
        names = ", ".join(f"{c} {areas.name(c)}" for c in missing[:10])
        raise InputError(path, "area code", f"{len(missing)} municipalities have no boundary: {names}")
    # statistics areas in official order, then the 北方領土 villages the file draws
    codes = [*areas.municipalities["code"], *(c for c in sorted(NORTHERN_TERRITORIES) if c in dissolved)]
    return codes, np.array([dissolved[c] for c in codes], dtype=object)


def _check_hoppo_flag(path: Path, features: pd.DataFrame) -> None:
    """The file's own 北方領土 flag must agree with the code list's six villages."""
    for row in features[features["hoppo"].notna()].itertuples(index=False):
        if bool(row.hoppo) != (row.code in NORTHERN_TERRITORIES):
            raise InputError(
                path,
                f"feature {row.feature} ('{row.code}', {row.name or ''}), column is_hoppo_city",
                f"says {bool(row.hoppo)}, but the official code list says the opposite",
            )


def _ensure_coverage(path: Path, codes: list[str], geoms: geometry.Geoms) -> geometry.Geoms:
    """The simplifier needs edge-matched input; clean it if the file is not (GEOS ≥ 3.14)."""
    if shapely.coverage_is_valid(geoms):
        return geoms
    clean = getattr(shapely, "coverage_clean", None)
    if clean is not None:
        log.warning("%s: polygons are not edge-matched; cleaning the coverage", path)
        geoms = np.array([geometry.polygonal(g) for g in clean(geoms)], dtype=object)
        if shapely.coverage_is_valid(geoms) and not shapely.is_empty(geoms).any():
            return geoms
    bad = [codes[i] for i in np.flatnonzero(geometry.invalid_members(geoms))]
    raise InputError(path, f"area codes {bad[:10]}", "polygons overlap or their shared borders do not match")


def _simplified(
    path: Path, detail: str, codes: list[str], geoms: geometry.Geoms, before: shapely.Geometry
) -> tuple[geometry.Geoms, float]:
    """Simplify and verify one detail; returns the geometries and the tolerance used."""
    tolerance = TOLERANCE[detail]
    for _ in range(8):
        out = geometry.simplify(geoms, tolerance, DECIMALS)
        if detail != "overview" or geometry.gzip_size(geometry.feature_collection(codes, out)) <= OVERVIEW_GZIP_BUDGET:
            break
        tolerance *= 1.25  # a denser user file: coarsen until the national overview fits the budget
    check = geometry.check_coverage(before, out)
    problem = check.problem()
    if problem:
        bad = [codes[i] for i in (check.empty or check.invalid)]
        raise InputError(path, f"detail '{detail}'" + (f", area codes {bad[:10]}" if bad else ""), problem)
    log.info("%s %s: tolerance %.4f, overlap %.2e, gap %.2e", SOURCE_ID, detail, tolerance, check.overlap, check.gap)
    return out, tolerance


def _prefectures(
    path: Path, codes: list[str], geoms: geometry.Geoms, areas: AreaIndex
) -> tuple[list[str], geometry.Geoms]:
    dissolved = geometry.coverage_union_by([prefecture_of(c) for c in codes], geoms)
    pref_codes = list(areas.prefectures["code"])
    missing = [c for c in pref_codes if c not in dissolved or dissolved[c].is_empty]
    if missing:
        raise InputError(path, "area code", f"prefecture(s) {missing} have no municipality boundaries")
    out = np.array([dissolved[c] for c in pref_codes], dtype=object)
    if not shapely.coverage_is_valid(out):
        raise InputError(path, "prefecture outlines", "dissolved prefectures do not form a valid coverage")
    return pref_codes, out


#: (level, detail) → (codes, geometries, tolerance used)
Layers = dict[tuple[str, str], tuple[list[str], geometry.Geoms, float]]


def _tables(layers: Layers) -> dict[str, pd.DataFrame]:
    rows, assets, stats = [], [], []
    for (level, detail), (codes, geoms, tolerance) in layers.items():
        rows += [
            {
                "area_code": c,
                "detail": detail,
                "level": level,
                "has_statistics": c not in NORTHERN_TERRITORIES,
                "geometry": shapely.to_wkb(g),
            }
            for c, g in zip(codes, geoms, strict=True)
        ]
        content = geometry.feature_collection(codes, geoms, no_statistics=NORTHERN_TERRITORIES)
        sha = hashlib.sha256(content.encode("utf-8")).hexdigest()
        assets.append({"level": level, "detail": detail, "content": content, "sha256": sha})
        stats.append(
            {
                "level": level,
                "detail": detail,
                "features": len(codes),
                "vertices": geometry.vertex_count(geoms),
                "geojson_bytes": len(content.encode("utf-8")),
                "gzip_bytes": geometry.gzip_size(content),
                "tolerance": tolerance,
            }
        )
    boundaries = pd.DataFrame(rows).sort_values(["area_code", "detail"], ignore_index=True)
    return {"boundaries": boundaries, "geojson_assets": pd.DataFrame(assets), "boundary_stats": pd.DataFrame(stats)}


def parse(raw_dir: Path, areas: AreaIndex) -> Parsed:
    """Boundaries at the statistics' level (designated cities whole) plus prefectures."""
    path = find_input(raw_dir / SOURCE_ID)
    features = read_n03(path)
    _check_hoppo_flag(path, features)
    target, dropped = assign_codes(features, areas)
    for row in dropped.itertuples(index=False):
        log.warning("%s: dropped %d feature(s) %s %s %s: %s", path.name, row.features, row.n03_code,
                    row.prefecture_name, row.name, row.reason)
    codes, geoms = _coverage(path, features, target, areas)
    geoms = _ensure_coverage(path, codes, geoms)
    before = shapely.coverage_union_all(geoms)
    layers: Layers = {}
    for detail in DETAILS:
        muni, tolerance = _simplified(path, detail, codes, geoms, before)
        layers[("municipality", detail)] = (codes, muni, tolerance)
        layers[("prefecture", detail)] = (*_prefectures(path, codes, muni, areas), tolerance)
    tables = _tables(layers)
    tables["boundary_dropped"] = dropped
    tables["no_statistics_areas"] = _no_statistics_areas(features, codes)
    return Parsed(source_id=SOURCE_ID, files={path: len(features)}, tables=tables)


def _no_statistics_areas(features: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """The drawn areas that are not among the statistics' municipalities (the 北方領土 villages).

    Named from the code list (not the boundary file), so the label is the official one.
    """
    drawn = [c for c in codes if c in NORTHERN_TERRITORIES]
    districts = features.dropna(subset=["code"]).drop_duplicates("code").set_index("code")["district"]
    rows = [
        {
            "code": c,
            "code6": to_code6(c),
            "prefecture_code": prefecture_of(c),
            "name_ja": NORTHERN_TERRITORIES[c],
            "district_ja": districts.get(c),
            "reason": REASON_NORTHERN_TERRITORIES,
        }
        for c in drawn
    ]
    columns = ["code", "code6", "prefecture_code", "name_ja", "district_ja", "reason"]
    return pd.DataFrame(rows, columns=columns).astype("string")
