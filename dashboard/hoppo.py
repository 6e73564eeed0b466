"""The 北方領土 (Northern Territories) villages on municipal maps (issue 14).

Japanese government maps draw the six villages (01695–01700: 色丹村, 泊村, 留夜別村,
留別村, 紗那村, 蘂取村) as part of Hokkaido although no statistics are compiled
for them. The ETL stores them in ``boundaries`` (``has_statistics = false``) and
``no_statistics_areas``, never in ``areas``: so they are in no ranking, count,
headline or colour range by construction. Here they get their own grey trace
with the hover 「北方領土（統計なし）」, drawn on the national and the Hokkaido
municipal map (screen and exports).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from dashboard import db
from dashboard.db import DbKey
from dashboard.i18n import t

HOKKAIDO = "01000"
#: Lighter than "no data" grey (#c8c8c8): no statistics exist, nothing is missing.
FILL = "#dcdcdc"
META = "no_statistics"


@lru_cache(maxsize=4)
def _codes(key: DbKey) -> tuple[tuple[str, str], ...]:
    if not db.table_exists("no_statistics_areas"):
        return ()
    return tuple((str(c), str(n)) for c, n in db.cursor().execute(
        "SELECT code, name_ja FROM no_statistics_areas ORDER BY code").fetchall())


def areas() -> tuple[tuple[str, str], ...]:
    """(code, name) of every drawn area without statistics."""
    return _codes(db.key())


def shown_on(level: str, pref_code: str | None) -> list[str]:
    """The no-statistics codes a map draws: municipal maps of the whole country or of Hokkaido."""
    if level != "municipality" or pref_code not in (None, HOKKAIDO):
        return []
    return [c for c, _ in areas()]


def trace(geojson: Any, codes: Sequence[str], names: Sequence[str], lang: str) -> dict[str, Any]:
    """One flat grey trace of ``codes`` with the no-statistics hover (no ``customdata``: a click selects nothing)."""
    label = t("hoppo_label", lang)
    return {
        "type": "choropleth", "geojson": geojson, "featureidkey": "id", "locations": list(codes),
        "z": [0] * len(codes), "colorscale": [[0, FILL], [1, FILL]], "zmin": 0, "zmax": 1, "zauto": False,
        "showscale": False, "showlegend": False, "marker": {"line": {"width": 0.4, "color": "#ffffff"}},
        "text": [f"{n}<br>{label}" if lang != "en" else label for n in names],
        "hovertemplate": "%{text}<extra></extra>", "name": label, "meta": META,
    }


__all__ = ["FILL", "HOKKAIDO", "META", "areas", "shown_on", "trace"]
