"""Pure figure builders: data in, ``go.Figure`` (or plain trace dicts) out.

The choropleth has a fixed trace order so a re-colour can be sent as a
``dash.Patch`` addressing the value and missing traces only:

The map itself is assembled in ``dashboard.choropleth``; this module holds
the re-colourable parts of its traces (``value_trace``, ``missing_trace``).

0. ``CONTEXT``  neighbouring prefectures around a prefecture view: plain light
                grey, no values, no hover, white borders (so the frame's edge
                cuts no visible line);
1. ``VALUE``    areas with a value, coloured on the scale (lagging areas opaque,
                the rest muted);
2. ``MISSING``  areas without a value, lighter than any data colour, with the
                reason in the hover;
3. ``OUTLINE``  prefecture borders over municipalities (no hover);
4. ``SELECTED`` the selected area's outline;
5. …            a value and a missing trace per inset (remote islands such as
                小笠原村 drawn in a small frame of their own: ``parts``).

Geometry is never inside the figure: every trace's ``geojson`` is the URL of
a cached asset, which plotly.js fetches once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from dashboard.i18n import t
from layers.model import Indicator

CONTEXT, VALUE, MISSING, OUTLINE, SELECTED = 0, 1, 2, 3, 4
NO_DATA_COLOUR = "#c8c8c8"
CONTEXT_COLOUR = "#ececec"
MUTED_OPACITY = 0.3
FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Meiryo, sans-serif"
_TRANSPARENT = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
#: ColorBrewer RdBu (colour-blind safe): worse-than-target side, darkest first.
WORSE = ("#b2182b", "#d6604d", "#f4a582", "#fddbc7")
BETTER = ("#d1e5f0", "#92c5de", "#4393c3", "#2166ac")
NEUTRAL = "#f7f7f7"
#: Viridis is perceptually uniform and colour-blind safe; its dark end marks "worse".
SEQUENTIAL = "Viridis"
#: Context indicators (population, ageing…) are neither better nor worse: one neutral hue,
#: darker = more (ColorBrewer Greys is colour-blind safe and free of a red/green reading).
NEUTRAL_SEQUENTIAL: list[list[Any]] = [[0, "#f0f0f0"], [0.5, "#969696"], [1, "#252525"]]
#: A target whose deadline has passed: drawn as history (grey, dashed), never as the current bar.
HISTORY_COLOUR = "#737373"
#: A small explicit template: plotly's default one adds ~6.5 KB of JSON to every figure
#: (every profile panel, every level switch). Okabe-Ito colours for lines (colour-blind safe).
TEMPLATE: dict[str, Any] = {"layout": {
    "font": {"family": FONT, "color": "#1a1a1a"}, "paper_bgcolor": "white", "plot_bgcolor": "white",
    "colorway": ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"],
    "xaxis": {"gridcolor": "#e6e6e6", "zeroline": False, "automargin": True},
    "yaxis": {"gridcolor": "#e6e6e6", "zeroline": False, "automargin": True},
    "hoverlabel": {"font": {"family": FONT}},
}}


@dataclass(frozen=True)
class ColourScale:
    colorscale: str | list[list[Any]]
    reversescale: bool
    zmin: float
    zmax: float
    tickvals: list[float]
    ticktext: list[str]


def plotly_text(text: object) -> str:
    """``text`` drawn as itself in a plotly figure, never as markup.

    plotly.js reads a subset of HTML in every text it draws (titles, hover
    labels, colour-bar and tick labels, annotations: ``<a href>`` becomes a
    live link) and fills ``%{...}`` in hover templates. An upload's label,
    unit, file name and notes are whatever the file's author wrote (issue 15),
    so they go through here; plotly decodes the entities after parsing the
    markup, so the text reads exactly as written. Not for Dash components:
    React shows text as text already, and would show the entities.
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("%{", "%&#123;")


def indicator_label(indicator: Indicator, lang: str) -> str:
    return plotly_text(indicator.label(lang))


def unit_label(indicator: Indicator, lang: str) -> str:
    return plotly_text(indicator.unit_for(lang))


def format_number(value: float, decimals: int, unit: str = "") -> str:
    text = f"{value:,.{decimals}f}"
    return text if not unit else (text + unit if unit == "%" else f"{text} {unit}")


def gap_text(gap: float, indicator: Indicator, lang: str = "ja") -> str:
    """Signed distance to target: percentage points for rates, the unit otherwise."""
    if gap is None or math.isnan(gap):
        return ""
    sign = "+" if gap > 0 else ("±" if gap == 0 else "−")
    if indicator.unit == "%":  # a difference of rates is in percentage points
        return f"{sign}{abs(gap):,.{indicator.decimals}f}pt"
    return sign + format_number(abs(gap), indicator.decimals, unit_label(indicator, lang))


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round-numbered ticks inside [low, high].

    Never trusts its input (issue 15): non-finite bounds give no ticks, a span
    that overflows or underflows gives the two ends, and ticks are counted
    rather than accumulated, so a span narrower than the float spacing at the
    values (1e9 and 1e9 + 1e-7) cannot loop forever.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if not high > low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    if not math.isfinite(raw) or raw < 1e-300:
        return [low, high]
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step) * step
    n = min(int((high - first) / step + 1e-9) + 1, 2 * count)
    return list(dict.fromkeys(round(first + i * step, 10) for i in range(max(n, 0))))


def _diverging(zmin: float, zmax: float, target: float, higher_is_better: bool) -> list[list[Any]]:
    """Red on the worse side of the target, blue on the better side, near-white at the target."""
    pos = (target - zmin) / (zmax - zmin)
    low_side, high_side = (WORSE, BETTER[::-1]) if higher_is_better else (BETTER[::-1], WORSE)
    # low_side runs from the zmin end towards the target; high_side from the zmax end towards it.
    stops: list[list[Any]] = []
    if pos > 0:
        stops += [[pos * i / len(low_side), c] for i, c in enumerate(low_side)]
    stops.append([pos, NEUTRAL])
    if pos < 1:
        for i, colour in enumerate(high_side[::-1]):
            stops.append([pos + (1 - pos) * (i + 1) / len(high_side), colour])
    return stops


def colour_scale(indicator: Indicator, values: Sequence[float], lang: str = "ja",
                 on: date | None = None) -> ColourScale:
    """Diverging around the current target when there is one (legend marks it), else sequential.

    The worse end is always the dark/red end: the sequential scale is reversed
    when lower is better, the diverging one mirrored. A context indicator gets
    the neutral scale (no better or worse); a target past its deadline is not
    the bar, so it does not centre the colours. ``values`` set the range: pass
    every date's values of a time series so the scale stays put while the
    slider plays (``dashboard.service.ViewData.scale``).
    """
    present = [v for v in values if v is not None and math.isfinite(v)]
    low, high = (min(present), max(present)) if present else (0.0, 1.0)
    current = indicator.current_target(on or date.today()) if indicator.can_lag else None
    target = current.value if current else None
    if target is not None:
        low, high = min(low, target), max(high, target)
    if not high > low:
        low, high = low - 1, high + 1
    ticks = nice_ticks(low, high)
    unit = unit_label(indicator, lang)
    text = [format_number(v, indicator.decimals, unit) for v in ticks]
    if not indicator.can_lag:
        return ColourScale(NEUTRAL_SEQUENTIAL, False, low, high, ticks, text)
    if target is None:
        return ColourScale(SEQUENTIAL, not indicator.higher_is_better, low, high, ticks, text)
    keep = [(v, s) for v, s in zip(ticks, text, strict=True) if abs(v - target) > (high - low) * 0.08]
    marked = f"◆ {t('target', lang)} {format_number(target, indicator.decimals, unit)}"
    pairs = sorted(keep + [(target, marked)])
    return ColourScale(
        _diverging(low, high, target, indicator.higher_is_better), False, low, high,
        [v for v, _ in pairs], [s for _, s in pairs],
    )


def _has_gap(indicator: Indicator) -> bool:
    """A gap is shown only to a target that is still the bar."""
    return indicator.can_lag and indicator.current_target(date.today()) is not None


def _hovertemplate(indicator: Indicator, lang: str) -> str:
    unit = unit_label(indicator, lang)
    value = f"%{{z:,.{indicator.decimals}f}}" + ("%" if indicator.unit == "%" else f" {unit}".rstrip())
    lines = ["<b>%{customdata[1]}</b>", f"{indicator_label(indicator, lang)}: {value}"]
    if _has_gap(indicator):
        lines.append(f"{t('gap', lang)}: %{{text}}")
    return "<br>".join(lines) + "<extra></extra>"


def value_trace(
    frame: pd.DataFrame, indicator: Indicator, lang: str, emphasise: bool, scale_values: Sequence[float] | None = None
) -> dict[str, Any]:
    """The re-colourable properties of the ``VALUE`` trace (what a Patch replaces).

    ``frame`` rows are the trace's locations in order, with value, lagging, gap;
    ``selectedpoints`` are positions in ``frame``, so the figure must be drawn
    from exactly these rows (never cut afterwards: the positions would point
    at other areas). ``scale_values`` sets the colour range when it should span
    more than the drawn rows (a prefecture drawn on the national scale).
    Values are rounded one digit beyond display precision to keep the payload small.
    Lagging areas are the trace's ``selectedpoints`` (plotly.js draws the others
    with ``unselected.marker.opacity``; choropleth ignores per-point opacity
    arrays); the list of indices is also smaller than an opacity per area.
    """
    scale = colour_scale(indicator, frame["value"].tolist() if scale_values is None else scale_values, lang)
    z = rounded(frame["value"].to_numpy(dtype="float64", na_value=np.nan), indicator.decimals + 1)
    emphasise = emphasise and indicator.can_lag  # context never lags: nothing is muted
    lagging = np.flatnonzero(frame["lagging"].to_numpy(dtype=bool)).tolist() if emphasise else None
    text = [gap_text(g, indicator, lang) for g in frame["gap"].tolist()] if _has_gap(indicator) else None
    basis = frame["basis"].tolist() if "basis" in frame and frame["basis"].astype(bool).any() else None
    return {
        "name": indicator_label(indicator, lang),  # the indicator's: a switch re-names the trace too
        "hovertext": basis,  # 「N手続の中央値」, † when too few (dashboard.usagebasis); None clears it in a Patch
        "z": z, "text": text, "zmin": scale.zmin, "zmax": scale.zmax, "zauto": False,
        "colorscale": scale.colorscale, "reversescale": scale.reversescale, "selectedpoints": lagging,
        "selected": {"marker": {"opacity": 1}}, "unselected": {"marker": {"opacity": MUTED_OPACITY}},
        "marker": {"line": {"width": 0.4, "color": "#ffffff"}},
        "colorbar": {  # under the map, never on it (at 375 px a side bar covered a third of the prefecture)
            "title": {"text": unit_label(indicator, lang), "side": "right"}, "tickvals": scale.tickvals,
            "ticktext": scale.ticktext, "orientation": "h", "thickness": 12, "len": 0.8, "x": 0.5,
            "xanchor": "center", "y": -0.01, "yanchor": "top", "ypad": 0,
        },
        "hovertemplate": _hovertemplate(indicator, lang).replace(
            "<extra>", "<br>%{hovertext}<extra>" if basis else "<extra>"),
    }


def rounded(values: npt.NDArray[np.float64], digits: int) -> list[float | None]:
    """``round(v, digits)`` of every value (None for NaN), vectorised for the 1,741-area traces.

    numpy's round (scale, rint, unscale) gives Python's correctly rounded
    result except where the scaled value is within rounding error of a .5 tie;
    those few values are rounded by Python, so the output is exactly Python's.
    """
    scale = 10.0**digits
    scaled = values * scale
    with np.errstate(invalid="ignore"):
        near_tie = np.abs(scaled - np.floor(scaled) - 0.5) <= 1e-6 + np.abs(scaled) * 1e-15
    out = (np.rint(scaled) / scale).astype(object)
    out[np.isnan(values)] = None
    for i in np.flatnonzero(near_tie):
        out[i] = round(float(values[i]), digits)
    return list(out)


def missing_trace(frame: pd.DataFrame, lang: str) -> dict[str, Any]:
    """Locations, reasons and legend entry of the grey ``MISSING`` trace."""
    missing = np.isnan(frame["value"].to_numpy(dtype="float64", na_value=np.nan))
    codes, names, notes = ((frame[c][missing].tolist() if missing.any() else []) for c in ("code", "name", "note"))
    return {
        "locations": codes,
        "z": [0] * len(codes),
        "customdata": [[c, n, plotly_text(r or "")] for c, n, r in zip(codes, names, notes, strict=True)],
        "name": t("no_data", lang),
        "showlegend": bool(len(codes)),
        "hovertemplate": f"<b>%{{customdata[1]}}</b><br>{t('no_data', lang)}: %{{customdata[2]}}<extra></extra>",
    }


def selected_trace(code: str | None) -> dict[str, Any]:
    return {"locations": [code] if code else [], "z": [1] if code else []}
