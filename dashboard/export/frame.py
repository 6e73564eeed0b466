"""Turn an on-screen map figure into a self-explaining export figure.

``export_figure(fig, meta, page)`` is a decorator in the plain sense: it takes
the dashboard's ``go.Figure`` (from ``dashboard.figures``) and returns a copy
sized for a page, with the title, subtitle, counts, target mark, source lines,
N03 credit and export date drawn inside the figure, so the PNG, SVG or PDF
needs no editing before it goes into a deck.

Two choices follow the issue: MapLibre traces (``choroplethmap``) are
rewritten as ``go.Choropleth`` so SVG and PDF stay vector, and the GeoJSON is
cut down to the areas shown, so the SVG has one path per shown area and the
renderer is not sent the whole country for one prefecture.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from dashboard import figures
from dashboard.export import panel
from dashboard.export.geometry import areas_outside_frame, subset_geojson
from dashboard.export.meta import ExportMeta
from dashboard.figures import plotly_text
from dashboard.geo import Bounds
from dashboard.i18n import t

FONT_FAMILY = "Noto Sans CJK JP, Noto Sans JP, sans-serif"
_MAP_TRACE_TYPES = ("choroplethmap", "choroplethmapbox")
_CHOROPLETH_PROPS = frozenset(go.Choropleth()._valid_props)  # noqa: SLF001 - plotly's own list


@dataclass(frozen=True)
class Page:
    """An output size: layout pixels, the scale kaleido multiplies them by, and the dpi to record."""

    name: str
    width: int
    height: int
    scale: float = 1.0
    dpi: int | None = None

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)


#: Full-HD 16:9, the size a slide shows without scaling.
SLIDE = Page("slide", 1920, 1080)
#: A4 landscape at 300 dpi: 297 x 210 mm = 3508 x 2480 px, drawn at half size and scaled x2.
PRINT_A4 = Page("print", 1754, 1240, scale=2.0, dpi=300)
#: A4 landscape in CSS pixels (96 per inch): Chromium prints it as one 842 x 595 pt page.
PDF_A4 = Page("a4", 1123, 794)
#: The map picture placed on a PPTX slide next to the key-number panel.
SLIDE_PICTURE = Page("slide-picture", 1200, 1000, scale=1.5)

PAGES = {p.name: p for p in (SLIDE, PRINT_A4, PDF_A4, SLIDE_PICTURE)}
#: The map's share of the page width: the colour bar and legend sit to its right; on a full page
#: (not ``bare``) the panel with the legend in words and the lagging areas takes more room.
MAP_WIDTH = 0.8
PANEL_MAP_WIDTH = 0.6


def export_figure(fig: go.Figure, meta: ExportMeta, page: Page = SLIDE, *, bare: bool = False) -> go.Figure:
    """A copy of ``fig`` laid out for ``page`` with every line the issue requires.

    ``bare`` keeps only the map, legend and colour bar (the slide builder puts
    the title and sources in PPTX text boxes instead, where they stay editable).
    """
    out = go.Figure(fig)
    out = _vector_traces(out)
    subset_geojson(out)
    inset_labels = [a.to_plotly_json() for a in out.layout.annotations]  # the builder's only annotations
    k = page.height / 1080
    margin = _margins(meta, page, k, bare)
    out.update_layout(
        width=page.width,
        height=page.height,
        autosize=False,
        font={"family": FONT_FAMILY, "size": round(18 * k), "color": "#222"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=margin,
        dragmode=False,
        hovermode=False,
        legend={"x": 0.83, "xanchor": "left", "y": 0.0, "yanchor": "bottom", "font": {"size": round(16 * k)}},
    )
    out.layout.annotations = ()  # assigned: ``update_layout(annotations=[])`` would keep the builder's
    width = MAP_WIDTH if bare else PANEL_MAP_WIDTH
    plot = (page.width - margin["l"] - margin["r"], page.height - margin["t"] - margin["b"])
    _layout_geo(out, plot[0] * width / plot[1], width)
    _mark_target(out, meta, k, width + 0.03, bare)
    outside = areas_outside_frame(out)
    if not bare:
        _add_title(out, meta, page, k)
        _add_text_lines(out, meta, page, margin, k)
        panel.add_panel(out, meta, k, width + 0.03)
        out.update_layout(legend={"x": width + 0.03, "y": 0.03 + 0.028 * (len(meta.legend_lines) + 1)})
    else:
        out.update_layout(title=None)
    panel.add_labels(out, meta, (margin["l"], margin["b"], plot[0] * width, plot[1]), k)
    for note in inset_labels:
        font = {**note.get("font", {}), "size": round(18 * k)}
        out.add_annotation({**note, "x": note["x"] * width, "font": font})
    if outside:
        note = _note(t("export_outside", meta.lang, n=outside), 0, 0, "left", round(15 * k), "#555")
        out.add_annotation({**note, "yanchor": "bottom"})
    return out


def _margins(meta: ExportMeta, page: Page, k: float, bare: bool) -> dict[str, int]:
    if bare:
        return {"l": round(10 * k), "r": round(10 * k), "t": round(10 * k), "b": round(10 * k)}
    top = 150 + (44 if meta.counts else 0) + 30 * max(len(counts_lines(meta.counts)) - 1, 0)
    bottom = 24 + 24 * len(meta.footer_lines())
    return {"l": round(48 * k), "r": round(48 * k), "t": round(top * k), "b": round(bottom * k)}


def _vector_traces(fig: go.Figure) -> go.Figure:
    """Rewrite MapLibre choropleths as geo choropleths: only the latter export as vector paths."""
    if not any(t.type in _MAP_TRACE_TYPES for t in fig.data):
        return fig
    traces = []
    for trace in fig.data:
        if trace.type in _MAP_TRACE_TYPES:
            props = trace.to_plotly_json()
            traces.append(go.Choropleth({k: v for k, v in props.items() if k in _CHOROPLETH_PROPS}))
        else:
            traces.append(trace)
    layout = fig.layout.to_plotly_json()
    for key in ("map", "mapbox"):
        layout.pop(key, None)
    return go.Figure(data=traces, layout=layout)


def _layout_geo(fig: go.Figure, aspect: float, width: float = MAP_WIDTH) -> None:
    """No base map (offline; Japan's outline comes from N03); the builder's framing fitted to the page.

    The dashboard frames a view with explicit lon/lat ranges (``choropleth.geo_layout``),
    which already leave out far islands such as 南鳥島. They are widened to the
    map's shape on this page (``aspect``: width / height in pixels), because
    plotly.js clips to the ranges: grey neighbours would otherwise stop at a
    straight line inside the frame. Only a figure without ranges is fitted to its locations.
    """
    main = fig.layout.geo
    main.update(visible=False, bgcolor="white", domain={"x": [0.0, width], "y": [0.0, 1.0]})
    if not main.projection.type:
        main.update(projection_type="mercator")
    if main.lonaxis.range is None and main.lataxis.range is None:
        main.update(fitbounds="locations")
    else:
        (x0, x1), (y0, y1) = main.lonaxis.range, main.lataxis.range
        box = Bounds(x0, y0, x1, y1).framed(aspect)
        main.update(lonaxis_range=[box.lon_min, box.lon_max], lataxis_range=[box.lat_min, box.lat_max],
                    center={"lon": box.center[0], "lat": box.center[1]})
    _place_insets(fig, width)


def _place_insets(fig: go.Figure, width: float) -> None:
    """Insets (``geo2``…) keep their corner, measured within the main map's narrower box."""
    for name in fig.layout:
        if not name.startswith("geo") or name == "geo" or fig.layout[name] is None:
            continue
        inset = fig.layout[name]
        x0, x1 = inset.domain.x
        inset.domain.x = [x0 * width, x1 * width]
    for shape in fig.layout.shapes:
        shape.update(x0=shape.x0 * width, x1=shape.x1 * width)


def _scale_holder(fig: go.Figure) -> Any | None:
    """The object owning the colour bar: a shared ``coloraxis`` or the first trace showing a scale."""
    for trace in fig.data:
        axis = getattr(trace, "coloraxis", None)
        if axis:
            return fig.layout[axis]
    for trace in fig.data:
        if trace.type == "choropleth" and trace.showscale is not False and trace.z is not None:
            return trace
    return None


def _colour_range(holder: Any, values: Iterable[float]) -> tuple[float, float] | None:
    """The range plotly would use, replicating its rule that a mid point centres an auto range."""
    is_axis = isinstance(holder, go.layout.Coloraxis)
    lo, hi, mid = (holder.cmin, holder.cmax, holder.cmid) if is_axis else (holder.zmin, holder.zmax, holder.zmid)
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if lo is None or hi is None:
        if not finite:
            return None
        lo = min(finite) if lo is None else lo
        hi = max(finite) if hi is None else hi
        if mid is not None:
            half = max(hi - mid, mid - lo)
            lo, hi = mid - half, mid + half
    return (float(lo), float(hi)) if hi > lo else None


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values inside [lo, hi]: ``figures.nice_ticks`` (the colour bar's own rule,
    hardened against hostile spans), asked for ``count`` steps rather than ``count`` ticks."""
    return figures.nice_ticks(lo, hi, count + 1)


def _mark_target(fig: go.Figure, meta: ExportMeta, k: float, x: float = 0.83, bare: bool = True) -> None:
    """Put the policy target on the colour bar as a labelled tick, unless the builder already did.

    The bar stands right of the map: mid-height on a bare picture, in the top half of a
    full page (the legend in words goes under it: ``panel.add_panel``).
    """
    holder = _scale_holder(fig)
    if holder is None:
        return
    bar = holder.colorbar
    bar.update(
        orientation="v",
        x=x,
        xanchor="left",
        y=0.55 if bare else 1.0,
        yanchor="middle" if bare else "top",
        len=0.75 if bare else 0.42,
        thickness=round(26 * k),
        title={"text": plotly_text(meta.legend_title) or (bar.title.text or ""), "side": "top",
               "font": {"size": round(18 * k)}},
        tickfont={"size": round(16 * k)},
    )
    target_label = plotly_text(meta.target_label())
    if meta.target is None or any(target_label == t for t in (bar.ticktext or ())):
        return
    if any(math.isclose(float(v), meta.target) for v in (bar.tickvals or ())):
        return  # the builder already marks the target (dashboard.figures.colour_scale does)
    areas = [t for t in fig.data if t.type == "choropleth" and t.meta not in ("plain", "missing")]
    z = [v for t in areas if t.z is not None for v in t.z]
    span = _colour_range(holder, z)
    if span is None or not span[0] <= meta.target <= span[1]:
        outside = t("export_target_outside", meta.lang, value=f"{meta.target:g}")
        bar.title.text = f"{bar.title.text}<br>{outside}" if bar.title.text else outside
        return
    _pin_range(holder, span)
    ticks = [v for v in nice_ticks(*span) if abs(v - meta.target) > (span[1] - span[0]) * 0.06]
    texts = [_tick_text(v) for v in ticks]
    bar.update(
        tickmode="array",
        tickvals=[*ticks, meta.target],
        ticktext=[*texts, f"<b>◀ {target_label}</b>"],
    )


def _tick_text(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def _pin_range(holder: Any, span: tuple[float, float]) -> None:
    """Fix the range so our tick positions match the colours plotly draws."""
    if isinstance(holder, go.layout.Coloraxis):
        holder.update(cmin=span[0], cmax=span[1], cmid=None, cauto=False)
    else:
        holder.update(zmin=span[0], zmax=span[1], zmid=None, zauto=False)


def _add_title(fig: go.Figure, meta: ExportMeta, page: Page, k: float) -> None:
    fig.update_layout(
        title={
            "text": f"<b>{plotly_text(meta.title)}</b>",
            "x": 48 / page.width,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - 28 * k / page.height,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": round(40 * k), "color": "#111"},
            "subtitle": {"text": plotly_text(meta.subtitle), "font": {"size": round(22 * k), "color": "#444"}},
        }
    )


def counts_lines(counts: str, limit: float = 70) -> list[str]:
    """The headline, its first sentence apart when the whole would run off the page (ties, missing kinds)."""
    if not counts:
        return []
    wide = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in counts)
    if wide <= limit:
        return [counts]
    for mark in ("。", ". "):
        head, sep, tail = counts.partition(mark)
        if sep and tail.strip():
            return [head + sep.strip(), tail.strip()]
    for mark in ("（", " ("):
        head, sep, tail = counts.partition(mark)
        if sep and tail:
            return [head, sep.strip() + tail]
    return [counts]


def _add_text_lines(fig: go.Figure, meta: ExportMeta, page: Page, margin: dict[str, int], k: float) -> None:
    """Counts under the subtitle; sources, N03 credit and export date in the bottom band."""
    paper_h = page.height - margin["t"] - margin["b"]

    def y_at(px_from_top: float) -> float:
        return 1 + (margin["t"] - px_from_top) / paper_h

    notes: list[dict[str, Any]] = []
    for i, part in enumerate(counts_lines(meta.counts)):
        size = round((26 if i == 0 else 20) * k)
        notes.append(_note(part, 0, y_at((138 + 30 * i) * k), "left", size, "#b2182b", bold=i == 0))
    lines = meta.footer_lines()
    for i, text in enumerate(lines[:-1]):
        notes.append(_note(text, 0, y_at(page.height - margin["b"] + (16 + 24 * i) * k), "left", round(15 * k)))
    last = page.height - margin["b"] + (16 + 24 * (len(lines) - 1)) * k
    notes.append(_note(lines[-1], 1, y_at(last), "right", round(15 * k)))
    fig.layout.annotations = notes


def _note(
    text: str, x: float, y: float, anchor: str, size: int, colour: str = "#444", *, bold: bool = False
) -> dict[str, Any]:
    return {
        "text": f"<b>{plotly_text(text)}</b>" if bold else plotly_text(text),
        "x": x,
        "xref": "paper",
        "xanchor": anchor,
        "y": y,
        "yref": "paper",
        "yanchor": "top",
        "showarrow": False,
        "align": anchor,
        "font": {"size": size, "color": colour},
    }
