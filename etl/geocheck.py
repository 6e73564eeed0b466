"""Boundaries are checked against an independent witness: each municipality's office.

A boundary file whose codes are swapped between two municipalities, or whose
coordinates are written (lat, lon) instead of (lon, lat), still forms a perfect
coverage and would draw a plausible-looking map with every value on the wrong
place. Code for FUKUI's list of government offices (``code4fukui_localgovjp``)
gives an independent point per municipality: the office must lie inside its own
polygon or within ``TOLERANCE_KM`` of it (a simplified coastline may cut off a
harbour-side office). A few offices lie, truthfully, in another municipality;
they are listed in ``OFFICE_ELSEWHERE`` with the reason, and nowhere else.

The checks run on what the boundary parser returned (``boundaries`` rows with
WKB geometry), so they hold whichever boundary file and format is shipped.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import shapely

from etl.model import AreaIndex, Parsed
from intake.errors import InputError

#: Japan's extent (沖ノ鳥島 20.4°N … 択捉島 45.6°N, 与那国島 122.9°E … 南鳥島 154.0°E), as (lon, lat).
LON_RANGE = (122.0, 154.5)
LAT_RANGE = (20.0, 46.0)
#: Largest distance between an office and its own polygon; the shipped data's worst
#: honest case is 0.07 km at 'detailed' (さぬき市; 0.4 km, 利島村, at 'overview').
TOLERANCE_KM = 1.0
#: Outside by more than this and inside a neighbour's polygon is a swap.
NEAR_KM = 0.2
KM_PER_DEGREE = 111.32
#: Offices that lie outside their municipality, as the office list records them.
OFFICE_ELSEWHERE = {
    "46303": "三島村役場 is in 鹿児島市",
    "46304": "十島村役場 is in 鹿児島市",
    "47381": "竹富町役場 is in 石垣市",
    "07546": "the office list gives 双葉町's evacuation office in いわき市",
}
DETAIL = "detailed"
OFFICE_SOURCE = "code4fukui_localgovjp"
PREFECTURE_OFFICES = "prefjp-utf8.csv"


def _km_outside(geom: shapely.Geometry, lon: float, lat: float) -> float:
    """Distance in km from the point to the polygon (0 inside), east-west shrunk by cos(latitude)."""
    scale = math.cos(math.radians(lat))
    scaled = shapely.transform(geom, lambda xy: xy * np.array([scale, 1.0]))
    return float(shapely.distance(scaled, shapely.Point(lon * scale, lat))) * KM_PER_DEGREE


def check_extent(path: Path, codes: list[str], geoms: np.ndarray) -> None:
    """Refuse (lat, lon) order and coordinates outside Japan, naming the area."""
    bounds = shapely.bounds(geoms)
    minx, miny = np.nanmin(bounds[:, 0]), np.nanmin(bounds[:, 1])
    maxx, maxy = np.nanmax(bounds[:, 2]), np.nanmax(bounds[:, 3])
    if LAT_RANGE[0] <= minx and maxx <= LAT_RANGE[1] and LON_RANGE[0] <= miny and maxy <= LON_RANGE[1]:
        raise InputError(path, "coordinates", f"are in (lat, lon) order (x {minx:.1f}…{maxx:.1f}, "
                         f"y {miny:.1f}…{maxy:.1f}); GeoJSON and TopoJSON need (lon, lat)")
    outside = (bounds[:, 0] < LON_RANGE[0]) | (bounds[:, 2] > LON_RANGE[1]) | (
        bounds[:, 1] < LAT_RANGE[0]) | (bounds[:, 3] > LAT_RANGE[1])
    if outside.any():
        # a municipality names the place better than the prefecture dissolved from it
        i = min(np.flatnonzero(outside), key=lambda k: (codes[k].endswith("000"), codes[k]))
        box = ", ".join(f"{v:.2f}" for v in bounds[i])
        raise InputError(path, f"area {codes[i]}", f"coordinates ({box}) lie outside Japan "
                         f"(lon {LON_RANGE[0]}…{LON_RANGE[1]}, lat {LAT_RANGE[0]}…{LAT_RANGE[1]})")


def check_offices(path: Path, areas: AreaIndex, codes: list[str], geoms: np.ndarray) -> None:
    """Each municipality's office lies in (or near) its own polygon; else name both areas.

    Far outside (> ``TOLERANCE_KM``) is refused outright; slightly outside (>
    ``NEAR_KM``) only when the office falls inside another municipality's polygon,
    which is what two swapped neighbours (千代田区/中央区, offices 1-2 km apart) look like.
    """
    munis = areas.municipalities
    muni_codes = set(munis["code"])
    by_code = {c: g for c, g in zip(codes, geoms, strict=True) if c in muni_codes}
    for code, name, lat, lon in zip(munis["code"], munis["name_ja"], munis["lat"], munis["lon"], strict=True):
        geom = by_code.get(code)
        if geom is None or code in OFFICE_ELSEWHERE or not (np.isfinite(lat) and np.isfinite(lon)):
            continue
        km = _km_outside(geom, lon, lat)
        if km <= NEAR_KM:
            continue
        point = shapely.Point(lon, lat)
        holder = next((c for c, g in by_code.items() if c != code and g.covers(point)), None)
        if holder is None and km <= TOLERANCE_KM:
            continue
        inside = f"; it lies inside the polygon coded {holder} ({areas.name(holder)})" if holder else ""
        raise InputError(
            path, f"area {code} ({name})",
            f"the municipal office ({lat:.4f}, {lon:.4f}) lies {km:.1f} km outside this polygon{inside}: "
            "codes swapped, or the wrong area's shape",
        )


def boundary_geometries(parsed: Parsed, detail: str = DETAIL) -> tuple[list[str], np.ndarray]:
    rows = parsed.tables["boundaries"]
    rows = rows[rows["detail"] == detail]
    return [str(c) for c in rows["area_code"]], shapely.from_wkb(rows["geometry"].to_numpy())


def check_office_coverage(areas: AreaIndex, parsed: list[Parsed]) -> None:
    """Every area has its office location: the office list ending early must not pass unseen."""
    missing = areas.frame[areas.frame["lat"].isna() | areas.frame["lon"].isna()]
    if not len(missing):
        return
    row = missing.iloc[0]
    offices = next((p for p in parsed if p.source_id == OFFICE_SOURCE), None)
    files = sorted(offices.files) if offices else []
    file = next((f for f in files if (f.name == PREFECTURE_OFFICES) == (row["level"] == "prefecture")), OFFICE_SOURCE)
    raise InputError(file, f"area {row['code']} ({row['name_ja']})", f"has no office location ({len(missing)} area(s) "
                     "without one): the file ends early or lost rows")


def check(areas: AreaIndex, parsed: list[Parsed]) -> None:
    """Run the checks on every parsed source that produced boundaries (called by ``etl.build``)."""
    check_office_coverage(areas, parsed)
    for source in parsed:
        if "boundaries" not in source.tables or not len(source.tables["boundaries"]):
            continue
        path = next(iter(source.files), Path(source.source_id))
        codes, geoms = boundary_geometries(source)
        check_extent(path, codes, geoms)
        check_offices(path, areas, codes, geoms)


__all__ = ["NEAR_KM", "OFFICE_ELSEWHERE", "TOLERANCE_KM", "check", "check_extent", "check_offices"]
