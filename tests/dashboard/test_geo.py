"""Boundary asset naming and map framing (pure functions)."""

from __future__ import annotations

import gzip
import json

from dashboard import geo
from dashboard.geo import Bounds


def test_asset_names_round_trip_and_reject_anything_else() -> None:
    name = geo.asset_name("municipality", "overview", "abcdef0123456789")
    assert name == "municipality-overview-abcdef01.json"
    assert geo.parse_asset_name(name) == ("municipality", "overview", "abcdef01")
    for bad in ("../etc/passwd", "municipality-overview-ABCDEF01.json", "ward-overview-abcdef01.json",
                "municipality-overview-abcdef01.json.gz", "municipality-overview-abcdef0.json"):
        assert geo.parse_asset_name(bad) is None


def test_gzip_is_deterministic() -> None:
    assert geo.gzipped("{}") == geo.gzipped("{}")
    assert gzip.decompress(geo.gzipped("日本")).decode() == "日本"


def test_feature_bounds_use_the_largest_part() -> None:
    main = [[139.0, 35.0], [140.0, 35.0], [140.0, 36.0], [139.0, 36.0], [139.0, 35.0]]
    islet = [[154.0, 24.0], [154.01, 24.0], [154.01, 24.01], [154.0, 24.0]]
    text = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "13421", "geometry": {"type": "MultiPolygon", "coordinates": [[islet], [main]]}},
    ]})
    assert geo.feature_bounds(text)["13421"] == Bounds(139.0, 35.0, 140.0, 36.0)


def test_core_union_leaves_far_islands_out_of_the_frame() -> None:
    mainland = [Bounds(139 + i * 0.1, 35.5, 139.1 + i * 0.1, 35.6) for i in range(10)]
    far = Bounds(142.1, 26.6, 142.2, 27.1)
    framed = geo.core_union(mainland + [far])
    assert framed is not None and framed.lat_min > 35 and framed.lon_max < 141
    assert geo.core_union([]) is None


def test_framing_fills_a_landscape_frame_around_the_middle() -> None:
    tall = Bounds(133.5, 33.0, 134.0, 35.0).framed(1.5)
    assert tall.lat_min == 33.0 and tall.lon_max - tall.lon_min > 0.5
    lon, lat = Bounds(130.0, 30.0, 140.0, 40.0).center
    assert lon == 135.0 and lat > 35.0  # the Mercator middle lies north of the arithmetic one
