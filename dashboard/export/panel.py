"""The slide's right-hand panel and the names on a prefecture map.

A meeting slide is read without the dashboard beside it (issue 9 §3), so
besides the map it says in words what solid and pale mean under the rule,
and lists the lagging areas with their values; a prefecture map names its
areas (the lagging ones first) where a name fits without covering another.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

import plotly.graph_objects as go

from dashboard.export.meta import ExportMeta
from dashboard.figures import plotly_text
from dashboard.i18n import t

#: Names drawn on one map at most (a prefecture has up to 179 municipalities: 北海道).
MAX_LABELS = 60


def _note(text: str, x: float, y: float, size: int, colour: str = "#222") -> dict[str, Any]:
    return {"text": text, "x": x, "xref": "paper", "xanchor": "left", "y": y, "yref": "paper", "yanchor": "top",
            "showarrow": False, "align": "left", "font": {"size": size, "color": colour}}


def add_panel(fig: go.Figure, meta: ExportMeta, k: float, x0: float) -> None:
    """The lagging areas with their values beside the colour bar; the legend in words at the bottom."""
    size = round(17 * k)
    legend = "<br>".join(plotly_text(line) for line in meta.legend_lines)
    if legend:
        fig.add_annotation({**_note(legend, x0, 0.0, size, "#333"), "yanchor": "bottom"})
    if not meta.lagging_rows:
        return
    x = x0 + 0.14
    gap = "\u3000" if meta.lang == "ja" else "  "  # no full-width space in an English file (issue 9 §3)
    rows = [f"{plotly_text(name)}{gap}{plotly_text(value)}" for name, value in meta.lagging_rows]
    if meta.lagging_more:
        rows.append(t("export_lagging_more", meta.lang, n=meta.lagging_more))
    title = f"<b>{plotly_text(t('export_lagging_list', meta.lang))}</b>"
    fig.add_annotation(_note("<br>".join([title, *rows]), x, 1.0, size))


def _text_width(text: str, size: float) -> float:
    """Approximate pixel width of a label (full-width characters one em, others about half)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text) * size


def _merc(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def add_labels(fig: go.Figure, meta: ExportMeta, box: tuple[float, float, float, float], k: float) -> None:
    """Names at the areas' points, in priority order, skipping any that would overlap a placed one.

    ``box`` is the main map's plot area in pixels (left, bottom, width, height); the
    geo's lon/lat ranges fill it exactly (``frame._layout_geo`` fits them to it).
    """
    geo = fig.layout.geo
    if not meta.labels or geo.lonaxis.range is None or geo.lataxis.range is None:
        return
    (lon0, lon1), (lat0, lat1) = geo.lonaxis.range, geo.lataxis.range
    left, bottom, width, height = box
    y0, y1 = _merc(lat0), _merc(lat1)
    size = round(15 * k)
    placed: list[tuple[float, float, float, float]] = []
    kept: list[tuple[float, float, str]] = []
    for lon, lat, name in meta.labels:
        if not (lon0 <= lon <= lon1 and lat0 <= lat <= lat1):
            continue
        px = left + (lon - lon0) / (lon1 - lon0) * width
        py = bottom + (_merc(lat) - y0) / (y1 - y0) * height
        w, h = _text_width(name, size) + 4, size * 1.3
        rect = (px - w / 2, py - h / 2, px + w / 2, py + h / 2)
        if any(rect[0] < r[2] and r[0] < rect[2] and rect[1] < r[3] and r[1] < rect[3] for r in placed):
            continue
        placed.append(rect)
        kept.append((lon, lat, name))
        if len(kept) >= MAX_LABELS:
            break
    if kept:
        fig.add_trace(go.Scattergeo(
            lon=[p[0] for p in kept], lat=[p[1] for p in kept], text=[plotly_text(p[2]) for p in kept],
            mode="text", textfont={"size": size, "color": "#111"}, hoverinfo="skip", showlegend=False,
            meta="labels", geo="geo",
        ))
