"""The small charts beside the map: trend lines, the profile's bars and the priority ranking.

Pure builders (data in, figure dict or ``go.Figure`` out), split from
``dashboard.figures``, which keeps the map's re-colourable traces and the
shared palette, template and number formatting these use.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import (
    BETTER,
    HISTORY_COLOUR,
    NEUTRAL,
    TEMPLATE,
    WORSE,
    format_number,
    indicator_label,
    plotly_text,
    rounded,
    unit_label,
)
from dashboard.i18n import t
from layers.model import Indicator


def _line(y: float, label: str, colour: str = "#b2182b", dash: str = "dash") -> tuple[dict[str, Any], dict[str, Any]]:
    """A dashed horizontal reference line across the plot, with its label (one shape, one annotation)."""
    shape = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": y, "y1": y,
             "line": {"dash": dash, "color": colour, "width": 1.5}}
    note = {"xref": "paper", "x": 1, "y": y, "text": label, "showarrow": False, "xanchor": "right", "yanchor": "bottom",
            "font": {"size": 11, "color": colour}}
    return shape, note


def _iso(column: pd.Series) -> list[str]:
    """Each date's ``isoformat()`` (``str`` of anything else), as plotly's x values.

    Naive whole-second timestamps (DuckDB dates) are formatted by numpy in one call, to the same text.
    """
    if isinstance(column.dtype, np.dtype) and column.dtype.kind == "M" and not column.isna().any():
        stamps = column.to_numpy(dtype="datetime64[us]")
        if not (stamps.astype("int64") % 1_000_000).any():
            return [str(text) for text in np.datetime_as_string(stamps, unit="s")]
    return [d.isoformat() if hasattr(d, "isoformat") else str(d) for d in column]


def trend_figure(
    lines: Sequence[tuple[str, pd.DataFrame]], indicator: Indicator, lang: str = "ja", height: int = 260
) -> go.Figure:
    """Time series lines (``as_of``, ``value``) named e.g. area / prefecture median / national median."""
    return go.Figure(trend_spec(lines, indicator, lang, height))


def trend_spec(
    lines: Sequence[tuple[str, pd.DataFrame]], indicator: Indicator, lang: str = "ja", height: int = 260
) -> dict[str, Any]:
    """``trend_figure`` as the plain dict plotly.js receives, unvalidated.

    For a callback that only serialises the figure (the profile panel, on every
    click), where ``go.Figure`` validation of this and ``profile_spec`` was a
    third of the panel's time. The builder tests validate the same dict
    through ``trend_figure``.
    """
    unit = unit_label(indicator, lang)
    suffix = unit if unit == "%" else f" {unit}".rstrip()
    lines = [(plotly_text(name), frame) for name, frame in lines]
    data = [
        {"type": "scatter", "x": _iso(frame["as_of"]),
         "y": rounded(frame["value"].to_numpy(dtype="float64", na_value=np.nan), indicator.decimals + 1),
         "name": name, "mode": "lines+markers" if i == 0 else "lines",
         "line": {"width": 3 if i == 0 else 1.5, "dash": "solid" if i == 0 else "dot"},
         "hovertemplate": f"%{{x}}: %{{y:,.{indicator.decimals}f}}{suffix}<extra>{name}</extra>"}
        for i, (name, frame) in enumerate(lines)
    ]
    label = indicator_label(indicator, lang)
    title = f"{label}（{unit}）" if lang == "ja" and unit else label
    layout: dict[str, Any] = {
        "height": height, "margin": {"l": 40, "r": 10, "t": 30, "b": 30}, "template": TEMPLATE,
        "title": {"text": title, "font": {"size": 13}}, "legend": {"orientation": "h", "y": -0.2},
        "yaxis": {"ticksuffix": indicator.unit if indicator.unit == "%" else ""},
    }
    if indicator.target is not None and indicator.can_lag:
        target = format_number(indicator.target.value, indicator.decimals, unit)
        if indicator.target.is_current(date.today()):
            shape, note = _line(indicator.target.value, f"{t('target', lang)} {target}")
        else:  # history: the bar that was, not the one that is
            label = t("target_history", lang, year=indicator.target.deadline.year)
            shape, note = _line(indicator.target.value, f"{label} {target}", HISTORY_COLOUR, "dot")
        layout.update(shapes=[shape], annotations=[note])
    return {"data": data, "layout": layout}


ProfileRow = tuple[str, float, str] | tuple[str, float, str, bool]


def profile_figure(rows: Sequence[ProfileRow], lang: str = "ja", height: int | None = None) -> go.Figure:
    """Dot plot of an area's national standing per indicator: (label, standing 0-1, value text[, is outcome])."""
    return go.Figure(profile_spec(rows, lang, height))


def profile_spec(rows: Sequence[ProfileRow], lang: str = "ja", height: int | None = None) -> dict[str, Any]:
    """``profile_figure`` as the plain dict plotly.js receives, unvalidated (see ``trend_spec``).

    Outcome rows are coloured from worst (red) to best (blue); a context row
    (4th item False) is grey: its position says "more" or "less", never better or worse.
    Labels and value texts are escaped (``plotly_text``): an upload's label is user text.
    """
    rows = [(plotly_text(r[0]), r[1], plotly_text(r[2]), len(r) < 4 or bool(r[3]))
            for r in rows if not math.isnan(r[1])][::-1]
    x = [round(r[1] * 100, 1) for r in rows]
    outcome = [bool(r[3]) for r in rows]
    scale = [[0, WORSE[0]], [0.5, NEUTRAL], [1, BETTER[-1]]]
    colours = [_scale_colour(v / 100, scale) if o else HISTORY_COLOUR for v, o in zip(x, outcome, strict=True)]
    trace = {
        "type": "scatter", "x": x, "y": [r[0] for r in rows], "mode": "markers", "text": [r[2] for r in rows],
        "marker": {"size": 11, "color": colours, "symbol": ["circle" if o else "diamond" for o in outcome],
                   "line": {"width": 1, "color": "#333"}},
        "hovertemplate": "%{y}<br>%{text}<br>%{x:.0f}/100<extra></extra>",
    }
    title = t("standing_title", lang) + ("" if all(outcome) else t("standing_context", lang))
    layout = {
        "height": height or 60 + 26 * len(rows), "margin": {"l": 10, "r": 10, "t": 30, "b": 30},
        "template": TEMPLATE, "title": {"text": title, "font": {"size": 13}},
        "xaxis": {"range": [-3, 103], "tickvals": [0, 25, 50, 75, 100]}, "yaxis": {"automargin": True},
        "shapes": [{"type": "line", "yref": "paper", "x0": 50, "x1": 50, "y0": 0, "y1": 1,
                    "line": {"dash": "dot", "color": "#555"}}],
    }
    return {"data": [trace], "layout": layout}


def _scale_colour(position: float, scale: list[list[Any]]) -> str:
    """The colour at ``position`` (0-1) of a piecewise-linear hex scale."""
    for (p0, c0), (p1, c1) in zip(scale, scale[1:], strict=False):
        if position <= p1:
            f = 0.0 if p1 == p0 else (position - p0) / (p1 - p0)
            a, b = (int(c0[i:i + 2], 16) for i in (1, 3, 5)), (int(c1[i:i + 2], 16) for i in (1, 3, 5))
            return "#" + "".join(f"{round(x + (y - x) * f):02x}" for x, y in zip(a, b, strict=True))
    return str(scale[-1][1])


def ranking_figure(
    names: Sequence[str],
    values: Sequence[float],
    highlight: Sequence[bool],
    *,
    title: str,
    decimals: int,
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
) -> go.Figure:
    """Horizontal bars, first item on top; highlighted bars red, others blue; optional target line."""
    title, unit, target_label = plotly_text(title), plotly_text(unit), plotly_text(target_label)
    trace = {
        "type": "bar", "orientation": "h", "x": list(values)[::-1], "y": list(names)[::-1],
        "marker": {"color": ["#b2182b" if h else "#4f7fae" for h in highlight][::-1]},
        "hovertemplate": f"%{{y}}: %{{x:,.{decimals}f}}{unit}<extra></extra>",
    }
    layout: dict[str, Any] = {
        "height": 80 + 22 * len(names), "margin": {"l": 10, "r": 20, "t": 40, "b": 30}, "template": TEMPLATE,
        "title": {"text": title, "font": {"size": 14}}, "yaxis": {"automargin": True},
        "xaxis": {"ticksuffix": unit if unit == "%" else ""},
    }
    if target is not None:
        layout["shapes"] = [{"type": "line", "yref": "paper", "x0": target, "x1": target, "y0": 0, "y1": 1,
                             "line": {"dash": "dash", "color": "#333"}}]
        layout["annotations"] = [{"yref": "paper", "x": target, "y": 1, "text": target_label, "showarrow": False,
                                  "yanchor": "bottom"}]
    return go.Figure(data=[trace], layout=layout)
