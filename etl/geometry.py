"""Polygon coverage operations for the map layers: repair, dissolve, simplify
with shared borders kept, verify, and write compact GeoJSON.

A *coverage* is a set of polygons that do not overlap and whose shared edges
have identical vertices (the GEOS/JTS definition). Municipal boundaries form
one. Simplifying it edge by edge (``shapely.coverage_simplify``, GEOS ≥ 3.12)
keeps neighbours seamless, where simplifying each polygon alone would open
slivers along every border. Polygons are never dropped by it: a small island
shrinks at most to a triangle, so island municipalities (青ヶ島村) survive.

How a result is verified (``check_coverage``), all against the input coverage:

1. ``shapely.coverage_is_valid`` (and ``is_valid`` per polygon): shared
   edges match exactly and nothing overlaps;
2. overlap = Σ area(A ∩ B) over neighbouring pairs whose interiors meet
   (STRtree + DE-9IM, much cheaper than a full union), ≤ ``MAX_OVERLAP`` of
   the input area; Σ areas − area(union) measures the same but costs seconds;
3. gaps = area of holes in the union beyond the holes the input union already
   had (lakes outside every municipality), ≤ ``MAX_GAP`` of the input area;
4. |area(union) − area(input union)| ≤ ``MAX_AREA_CHANGE``: only the outer
   coastline may move when the outer boundary is simplified.

Areas are in square degrees; only ratios are compared, so no projection is needed.
"""

from __future__ import annotations

import gzip
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

Geoms = NDArray[np.object_]

MAX_OVERLAP = 0.001
MAX_GAP = 0.001
MAX_AREA_CHANGE = 0.01

_POLYGONAL = {"Polygon", "MultiPolygon"}


def polygonal(geom: shapely.Geometry | None) -> shapely.Geometry:
    """The polygonal part of ``geom`` (an empty MultiPolygon if it has none)."""
    if geom is None or geom.is_empty:
        return shapely.MultiPolygon()
    if geom.geom_type in _POLYGONAL:
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in _POLYGONAL and not p.is_empty]
    return shapely.union_all(parts) if parts else shapely.MultiPolygon()


def repair(geoms: Sequence[shapely.Geometry | None]) -> Geoms:
    """Valid polygonal geometries; a feature with no area becomes empty.

    ``make_valid(method="structure")`` keeps only area: a ring touching itself
    (広島市 34100 in the shipped TopoJSON) becomes a valid polygon, and a ring
    collapsed to a line becomes empty (so the caller can name it) instead of a
    LineString that coverage operations reject.
    """
    arr = np.array([shapely.MultiPolygon() if g is None else g for g in geoms], dtype=object)
    fixed = shapely.make_valid(arr, method="structure", keep_collapsed=False)
    return np.array([polygonal(g) for g in fixed], dtype=object)


def dissolve(keys: Sequence[str], geoms: Geoms) -> dict[str, shapely.Geometry]:
    """One geometry per key, in first-seen order (wards → city, islands → municipality).

    A true union, not a coverage union: the pieces of a user's file are not
    guaranteed to be edge-matched.
    """
    frame = pd.DataFrame({"key": list(keys), "i": np.arange(len(keys))})
    out: dict[str, shapely.Geometry] = {}
    for key, index in frame.groupby("key", sort=False)["i"]:
        parts = geoms[index.to_numpy()]
        out[str(key)] = parts[0] if len(parts) == 1 else polygonal(shapely.union_all(parts))
    return out


def coverage_union_by(keys: Sequence[str], geoms: Geoms) -> dict[str, shapely.Geometry]:
    """Dissolve a valid coverage by key (municipalities → prefectures), exact and fast."""
    frame = pd.DataFrame({"key": list(keys), "i": np.arange(len(keys))})
    return {
        str(key): polygonal(shapely.coverage_union_all(geoms[index.to_numpy()]))
        for key, index in frame.groupby("key", sort=False)["i"]
    }


def invalid_members(geoms: Geoms) -> NDArray[np.bool_]:
    """Which polygons have edges that do not match their neighbours (or overlap them)."""
    return np.asarray(~shapely.is_empty(shapely.coverage_invalid_edges(geoms)), dtype=np.bool_)


def simplify(geoms: Geoms, tolerance: float, decimals: int) -> Geoms:
    """Coverage simplification, outer boundary included, then snapping to the output grid.

    Snapping (``set_precision``, which keeps each polygon valid and drops rings
    that collapse) moves shared vertices identically on both sides, so edges
    still match; ``check_coverage`` confirms it on every run.
    """
    simplified = shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True)
    snapped = shapely.set_precision(simplified, 10.0**-decimals)
    return np.array([polygonal(g) for g in snapped], dtype=object)


def hole_area(geom: shapely.Geometry) -> float:
    """Area enclosed by the interior rings of a (multi)polygon."""
    total = 0.0
    for poly in shapely.get_parts(geom):
        for i in range(shapely.get_num_interior_rings(poly)):
            total += float(shapely.area(shapely.Polygon(shapely.get_interior_ring(poly, i))))
    return total


@dataclass(frozen=True)
class CoverageCheck:
    """Measured quality of a simplified coverage against its input (see module docstring)."""

    invalid: tuple[int, ...]
    empty: tuple[int, ...]
    overlap: float
    gap: float
    area_change: float

    def problem(self) -> str | None:
        if self.empty:
            return f"{len(self.empty)} polygon(s) became empty"
        if self.invalid:
            return f"{len(self.invalid)} polygon(s) have edges that do not match their neighbours"
        if self.overlap > MAX_OVERLAP:
            return f"polygons overlap by {self.overlap:.3%} of the area (limit {MAX_OVERLAP:.1%})"
        if self.gap > MAX_GAP:
            return f"gaps opened between polygons: {self.gap:.3%} of the area (limit {MAX_GAP:.1%})"
        if self.area_change > MAX_AREA_CHANGE:
            return f"total area changed by {self.area_change:.3%} (limit {MAX_AREA_CHANGE:.0%})"
        return None


def overlap_area(geoms: Geoms) -> float:
    """Σ area of the pairwise intersections of polygons whose interiors meet."""
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    left, right = left[left < right], right[left < right]
    if not len(left):
        return 0.0
    crossing = np.array([matrix[0] != "F" for matrix in shapely.relate(geoms[left], geoms[right])], dtype=bool)
    if not crossing.any():
        return 0.0
    return float(shapely.area(shapely.intersection(geoms[left[crossing]], geoms[right[crossing]])).sum())


def check_coverage(before: shapely.Geometry, geoms: Geoms) -> CoverageCheck:
    """Compare ``geoms`` with ``before``, the union of the input coverage."""
    empty = tuple(int(i) for i in np.flatnonzero(shapely.is_empty(geoms)))
    invalid = tuple(int(i) for i in np.flatnonzero(invalid_members(geoms) | ~shapely.is_valid(geoms)))
    # a coverage union is exact (and fast) only for a valid coverage
    union = shapely.union_all(geoms) if invalid else shapely.coverage_union_all(geoms)
    reference = float(before.area) or 1.0
    return CoverageCheck(
        invalid=invalid,
        empty=empty,
        overlap=overlap_area(geoms) / reference,
        gap=max(0.0, hole_area(union) - hole_area(before)) / reference,
        area_change=abs(float(union.area) - float(before.area)) / reference,
    )


def feature_collection(codes: Sequence[str], geoms: Geoms, no_statistics: Collection[str] = ()) -> str:
    """Compact GeoJSON text: ``id`` and ``properties.code`` carry the area code.

    Areas drawn without statistics (the 北方領土 villages) also carry
    ``"no_statistics":true``, so a map can paint them grey without a lookup.
    Coordinates are written as they are (callers snap them first); GEOS writes
    the shortest decimal form, so a grid of 1e-4 prints at most 4 decimals.
    """
    features = [
        f'{{"type":"Feature","id":"{code}","properties":{{"code":"{code}"'
        + (',"no_statistics":true' if code in no_statistics else "")
        + f'}},"geometry":{shapely.to_geojson(geom)}}}'
        for code, geom in zip(codes, geoms, strict=True)
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def gzip_size(text: str) -> int:
    """Bytes on the wire with gzip at level 6 (flask-compress's default)."""
    return len(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0))


def vertex_count(geoms: Geoms) -> int:
    return int(shapely.get_num_coordinates(geoms).sum())
