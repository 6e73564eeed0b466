"""The GeoJSON side of an export: cut to the shown areas, wound for d3-geo, and what falls outside the frame.

Split from ``dashboard.export.frame``, which lays the figure out on a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go


def _feature_key(feature: dict[str, Any], key: str) -> Any:
    value: Any = feature
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def subset_geojson(fig: go.Figure) -> None:
    """Keep only the features a trace colours, so the export draws exactly the shown areas."""
    for trace in fig.data:
        if trace.type != "choropleth" or not isinstance(trace.geojson, dict) or trace.locations is None:
            continue
        wanted = {str(code) for code in trace.locations}
        key = trace.featureidkey or "id"
        features = [
            {**f, "geometry": clockwise(f.get("geometry"))}
            for f in trace.geojson.get("features", [])
            if str(_feature_key(f, key)) in wanted
        ]
        trace.geojson = {**trace.geojson, "features": features}


def _signed_area(ring: Sequence[Sequence[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:], strict=False)) / 2


def _wind(rings: Sequence[Any]) -> list[Any]:
    """Exterior ring clockwise, holes counter-clockwise: d3-geo's rule (RFC 7946 is the reverse)."""
    out = []
    for i, ring in enumerate(rings):
        ring = list(ring)
        area = _signed_area(ring)
        if (i == 0 and area > 0) or (i > 0 and area < 0):
            ring.reverse()
        out.append(ring)
    return out


def clockwise(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """A copy of a (Multi)Polygon wound for ``go.Choropleth``.

    plotly.js draws geo traces with d3-geo, which reads a counter-clockwise
    exterior ring (the RFC 7946 convention a GeoJSON writer may follow) as
    "the whole globe except this area" and floods the map.
    """
    if not geometry:
        return geometry
    if geometry.get("type") == "Polygon":
        return {**geometry, "coordinates": _wind(geometry["coordinates"])}
    if geometry.get("type") == "MultiPolygon":
        return {**geometry, "coordinates": [_wind(p) for p in geometry["coordinates"]]}
    return geometry


def _bbox(geometry: dict[str, Any] | None) -> tuple[float, float, float, float] | None:
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return None
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    xs = [p[0] for polygon in polygons for p in polygon[0]]
    ys = [p[1] for polygon in polygons for p in polygon[0]]
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def areas_outside_frame(fig: go.Figure) -> int:
    """How many coloured areas of the main map lie wholly outside its view (islands without an inset).

    On screen a user can pan to them; on paper they would vanish unannounced, so the export says how many.
    """
    lon, lat = fig.layout.geo.lonaxis.range, fig.layout.geo.lataxis.range
    if lon is None or lat is None:
        return 0
    outside: set[str] = set()
    for trace in fig.data:
        if trace.type != "choropleth" or not isinstance(trace.geojson, dict) or trace.geo not in (None, "geo"):
            continue
        if trace.meta == "plain":  # grey context, outlines: not areas of the view
            continue
        key = trace.featureidkey or "id"
        for feature in trace.geojson.get("features", []):
            b = _bbox(feature.get("geometry"))
            if b and (b[2] < lon[0] or b[0] > lon[1] or b[3] < lat[0] or b[1] > lat[1]):
                outside.add(str(_feature_key(feature, key)))
    return len(outside)


def shown_locations(fig: go.Figure) -> Sequence[str]:
    """Codes of the areas drawn by choropleth traces (for tests and key numbers)."""
    return [str(c) for t in fig.data if t.type == "choropleth" and t.locations is not None for c in t.locations]
