"""Boundary helpers with no database and no Dash: asset names and map extents.

The browser gets each boundary FeatureCollection once, from a content-hashed
URL, so the figure JSON carries only that URL. Map extents are computed here
from the same GeoJSON because ``fitbounds="locations"`` would include every
outlying island of a municipality: 小笠原村 (Tokyo) reaches 南鳥島 at 154°E,
which would shrink all of Japan (or all of Tokyo) to a corner of the frame.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

_ASSET = re.compile(r"^(municipality|prefecture)-(overview|detailed)-([0-9a-f]{8})\.json$")


@dataclass(frozen=True)
class Bounds:
    lon_min: float
    lat_min: float
    lon_max: float
    lat_max: float

    @property
    def center(self) -> tuple[float, float]:
        """(lon, lat) of the box's middle on a Mercator map (the latitude midpoint is not)."""
        middle = (_merc_y(self.lat_min) + _merc_y(self.lat_max)) / 2
        return (self.lon_min + self.lon_max) / 2, _merc_lat(middle)

    def framed(self, aspect: float = 1.5) -> Bounds:
        """Widen or heighten to ``aspect`` (width/height on the Mercator map).

        plotly.js clips a geo subplot to its lon/lat ranges and fits that box in
        the frame, so a box much taller (or wider) than the frame would show
        white bands with neighbouring areas cut off at the box edge.
        """
        width = math.radians(self.lon_max - self.lon_min)
        y0, y1 = _merc_y(self.lat_min), _merc_y(self.lat_max)
        if width / (y1 - y0) < aspect:
            extra = math.degrees((y1 - y0) * aspect - width) / 2
            return Bounds(self.lon_min - extra, self.lat_min, self.lon_max + extra, self.lat_max)
        extra = (width / aspect - (y1 - y0)) / 2
        return Bounds(self.lon_min, _merc_lat(y0 - extra), self.lon_max, _merc_lat(y1 + extra))

    def padded(self, fraction: float = 0.04, minimum: float = 0.15) -> Bounds:
        """A margin so border areas are not cut by the frame (and tiny areas are not over-zoomed)."""
        dx = max((self.lon_max - self.lon_min) * fraction, minimum)
        dy = max((self.lat_max - self.lat_min) * fraction, minimum)
        return Bounds(self.lon_min - dx, self.lat_min - dy, self.lon_max + dx, self.lat_max + dy)


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _merc_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def asset_name(level: str, detail: str, sha256: str) -> str:
    """File name of a boundary asset; the hash part changes whenever the content does."""
    return f"{level}-{detail}-{sha256[:8]}.json"


def parse_asset_name(name: str) -> tuple[str, str, str] | None:
    """(level, detail, sha8) for a well-formed asset name, else None."""
    match = _ASSET.match(name)
    return None if match is None else (match.group(1), match.group(2), match.group(3))


def gzipped(text: str) -> bytes:
    # mtime=0 keeps the bytes identical across processes, so ETags agree between workers.
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def _ring_area(ring: Sequence[Sequence[float]]) -> float:
    total = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        total += x0 * y1 - x1 * y0
    return abs(total) / 2


def _main_part(geometry: dict[str, Any]) -> Sequence[Sequence[float]]:
    """Outer ring of the largest polygon: the part a map should frame."""
    if geometry["type"] == "Polygon":
        return geometry["coordinates"][0]  # type: ignore[no-any-return]
    rings = [polygon[0] for polygon in geometry["coordinates"]]
    return max(rings, key=_ring_area)


def feature_bounds(geojson_text: str) -> dict[str, Bounds]:
    """Per feature id, the bounding box of its largest polygon (outlying islands ignored)."""
    out: dict[str, Bounds] = {}
    for feature in json.loads(geojson_text)["features"]:
        geometry = feature.get("geometry")
        if not geometry or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        ring = _main_part(geometry)
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        out[str(feature["id"])] = Bounds(min(xs), min(ys), max(xs), max(ys))
    return out


def core_union(boxes: Sequence[Bounds], spread: float = 3.0, floor_deg: float = 0.3) -> Bounds | None:
    """Union of the boxes near the group's middle: far-flung islands do not set the frame.

    Tokyo's 62 municipalities include 小笠原村 1,000 km south and Okinawa's reach
    Yonaguni; framing all of them would shrink the prefecture's core to a dot. A
    box counts when its centre lies within ``spread`` × the median distance of
    all centres from their median point (at least ``floor_deg``). Excluded areas
    are still drawn and listed, only outside the initial frame.
    """
    if not boxes:
        return None
    xs = sorted((b.lon_min + b.lon_max) / 2 for b in boxes)
    ys = sorted((b.lat_min + b.lat_max) / 2 for b in boxes)
    mx, my = xs[len(xs) // 2], ys[len(ys) // 2]
    scale = math.cos(math.radians(my))

    def distance(b: Bounds) -> float:
        return math.hypot(((b.lon_min + b.lon_max) / 2 - mx) * scale, (b.lat_min + b.lat_max) / 2 - my)

    distances = sorted(distance(b) for b in boxes)
    limit = max(spread * distances[len(distances) // 2], floor_deg)
    return union(b for b in boxes if distance(b) <= limit)


def union(boxes: Iterable[Bounds]) -> Bounds | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return Bounds(
        min(b.lon_min for b in boxes), min(b.lat_min for b in boxes),
        max(b.lon_max for b in boxes), max(b.lat_max for b in boxes),
    )


def _gap(a: Bounds, b: Bounds) -> float:
    """Degrees between two boxes (0 when they touch or overlap)."""
    dx = max(a.lon_min - b.lon_max, b.lon_min - a.lon_max, 0.0)
    dy = max(a.lat_min - b.lat_max, b.lat_min - a.lat_max, 0.0)
    return math.hypot(dx, dy)


def _overlaps(a: Bounds, b: Bounds) -> bool:
    return a.lon_min <= b.lon_max and b.lon_min <= a.lon_max and a.lat_min <= b.lat_max and b.lat_min <= a.lat_max


@dataclass(frozen=True)
class Framing:
    """How a prefecture is drawn: the main frame, and remote island groups shown in insets.

    ``insets`` are (area codes, box) per group, nearest first; an area drawn in
    an inset is not in the main frame, so a printed map loses no area.
    """

    main: Bounds
    insets: tuple[tuple[tuple[str, ...], Bounds], ...] = ()


def framing(boxes: dict[str, Bounds], join_deg: float = 0.8, max_insets: int = 3) -> Framing | None:
    """The prefecture's core frame (``core_union``) and its far-flung islands grouped for insets.

    An area is remote when its main part lies wholly outside the padded core
    frame (東京都's 伊豆諸島 and 小笠原村, 沖縄県's 大東諸島). Remote areas less
    than ``join_deg`` apart form one group (one inset): 伊豆諸島 is one chain.
    More groups than ``max_insets`` are merged into the last, so every area
    stays on the map.
    """
    core = core_union(list(boxes.values()))
    if core is None:
        return None
    frame = core.padded(0.08)
    remote = [(code, box) for code, box in boxes.items() if not _overlaps(box, frame)]
    inside = union(box for code, box in boxes.items() if _overlaps(box, frame)) or core
    groups: list[tuple[list[str], Bounds]] = []
    for code, box in sorted(remote, key=lambda item: _gap(item[1], frame)):
        near = next((g for g in groups if _gap(g[1], box) <= join_deg), None)
        if near is None:
            groups.append(([code], box))
        else:
            near[0].append(code)
            groups[groups.index(near)] = (near[0], union([near[1], box]) or box)
    while len(groups) > max_insets:
        codes, box = groups.pop()
        groups[-1] = (groups[-1][0] + codes, union([groups[-1][1], box]) or box)
    return Framing(inside.padded(0.08), tuple((tuple(sorted(c)), b.padded(0.15, 0.05)) for c, b in groups))


#: Inset size as a fraction of the map's width and height, and the corners tried (x0, y0 of the inset).
INSET_SIZE = (0.26, 0.3)
_CORNERS = ((1 - INSET_SIZE[0], 0.0), (0.0, 0.0), (1 - INSET_SIZE[0], 1 - INSET_SIZE[1]), (0.0, 1 - INSET_SIZE[1]))


def inset_domains(frame: Bounds, occupied: Sequence[Bounds], count: int) -> list[tuple[float, float, float, float]]:
    """``count`` corners of ``frame`` (x0, x1, y0, y1 as fractions) that cover the least of ``occupied``.

    The main map's areas are what the reader came for, so an inset goes where
    they are not: each corner's overlap with the areas' boxes is measured in
    the frame's own lon/lat fractions, and the emptiest corners win.
    """
    width, height = frame.lon_max - frame.lon_min, frame.lat_max - frame.lat_min

    def covered(x0: float, y0: float) -> float:
        cx0, cy0 = frame.lon_min + x0 * width, frame.lat_min + y0 * height
        cx1, cy1 = cx0 + INSET_SIZE[0] * width, cy0 + INSET_SIZE[1] * height
        return sum(
            max(0.0, min(cx1, b.lon_max) - max(cx0, b.lon_min)) * max(0.0, min(cy1, b.lat_max) - max(cy0, b.lat_min))
            for b in occupied
        )

    ranked = sorted(_CORNERS, key=lambda corner: covered(*corner))[:count]
    return [(x, x + INSET_SIZE[0], y, y + INSET_SIZE[1]) for x, y in ranked]
