"""The comparison as files: CSV (every value at full precision, with units,
dates and medians), PNG/PDF (the table and the overlaid trend on one page,
drawn by the map's export renderer, ``dashboard.export.render``) and PPTX
(``compare_slides``: the table as native slide tables, the trend as a picture)."""

from __future__ import annotations

import csv
import io
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import insight_service, placenames, queries
from dashboard.export.frame import PDF_A4, SLIDE, Page
from dashboard.export.render import render
from dashboard.export.tables import neutralise
from dashboard.figures import FONT
from dashboard.i18n import N03_CREDIT, t
from dashboard.insight_state import CompareState
from dashboard.pages import compare_slides

MEDIA = {"csv": "text/csv; charset=utf-8", "png": "image/png", "pdf": "application/pdf",
         "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
#: The trend picture on a slide: the map slides' picture box (7.7 × 4.75 in) at 160 px per inch.
TREND_PICTURE = Page("compare-trend", 1232, 760, scale=1.5)


def _names(state: CompareState) -> list[str]:
    return [placenames.with_name_with_prefecture(c, state.lang) for c in state.areas]


def csv_bytes(state: CompareState) -> bytes:
    """UTF-8-with-BOM CSV: indicator, unit, date, each area's value, each area's prefectural median, national."""
    lang = state.lang
    cat = queries.catalogue()
    frame = insight_service.comparison(state.areas)
    names = _names(state)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in [t("col_indicator", lang), "unit", t("date", lang), *names,
                                             *(f"{n} {t('pref_median_short', lang)}" for n in names),
                                             t("col_national_median", lang)]])
    for ind_id, row in zip(frame.index, frame.to_dict("records"), strict=True):
        ind = cat.indicator(ind_id)
        values = [row[f"value:{c}"] for c in state.areas] + [row[f"pref:{c}"] for c in state.areas] + [row["national"]]
        writer.writerow([neutralise(ind.label(lang)), neutralise(ind.unit_for(lang)), row["as_of"],
                         *("" if neutralise(v) is None else neutralise(v) for v in values)])
    return buffer.getvalue().encode("utf-8-sig")


def figure(state: CompareState, trend: dict[str, Any]) -> go.Figure:
    """Table (formatted as on screen) above the overlaid trend, with title and credits, for PNG/PDF."""
    lang = state.lang
    cat = queries.catalogue()
    frame = insight_service.comparison(state.areas)
    names = _names(state)
    columns = [[cat.indicator(i).label(lang) for i in frame.index], frame["as_of"].tolist()]
    short = t("pref_median_short", lang)
    columns += [[f"{cat.indicator(i).format_value(v, lang)}（{short} {cat.indicator(i).format_value(m, lang)}）"
                 for i, v, m in zip(frame.index, frame[f"value:{c}"], frame[f"pref:{c}"], strict=True)]
                for c in state.areas]
    columns.append([cat.indicator(i).format_value(v, lang) for i, v in zip(frame.index, frame["national"],
                                                                            strict=True)])
    fig = make_subplots(rows=2, cols=1, row_heights=[0.62, 0.38], vertical_spacing=0.06,
                        specs=[[{"type": "table"}], [{"type": "xy"}]])
    heads = [t("col_indicator", lang), t("date", lang), *names, t("col_national_median", lang)]
    fig.add_trace(go.Table(header={"values": heads,
                                   "font": {"size": 11}, "fill": {"color": "#f2f2f2"}},
                           cells={"values": columns, "font": {"size": 10}, "height": 20}), row=1, col=1)
    for trace in trend.get("data", []):
        fig.add_trace(go.Scatter(**{k: v for k, v in trace.items() if k != "type"}), row=2, col=1)
    sources = sorted({cat.indicator(i).source_id for i in frame.index})
    credit = " / ".join(cat.sources[s].credit(lang) for s in sources if s in cat.sources)
    fig.update_yaxes(title={"text": trend.get("layout", {}).get("title", {}).get("text", "")}, row=2, col=1)
    fig.update_layout(
        title={"text": f"{t('compare_title', lang)}：{'・'.join(names)}", "font": {"size": 16}},
        font={"family": FONT}, paper_bgcolor="white", plot_bgcolor="white", margin={"l": 40, "r": 20, "t": 60,
                                                                                     "b": 90},
        legend={"orientation": "h", "y": -0.08},
        annotations=[{"xref": "paper", "yref": "paper", "x": 0, "y": -0.13, "showarrow": False, "xanchor": "left",
                      "align": "left", "font": {"size": 8}, "text": credit + "<br>" + N03_CREDIT[lang]}],
    )
    return fig


def filename(state: CompareState, kind: str) -> str:
    return f"compare_{'-'.join(state.areas)}_{state.lang}.{kind}"


def trend_picture(trend: dict[str, Any]) -> dict[str, Any]:
    """The trend for a slide picture: the slide carries the title, the picture its own size and the export font."""
    layout = {k: v for k, v in trend.get("layout", {}).items() if k not in ("height", "title")}
    layout |= {"font": {"family": FONT, "size": 16}, "paper_bgcolor": "white", "plot_bgcolor": "white",
               "margin": {"l": 70, "r": 20, "t": 20, "b": 40}, "legend": {"orientation": "h", "y": -0.12}}
    return {"data": trend.get("data", []), "layout": layout}


def export(state: CompareState, kind: str, trend: dict[str, Any]) -> tuple[str, bytes, str]:
    """(file name, bytes, media type) of the comparison as ``kind`` (csv, png, pdf or pptx)."""
    if kind == "csv":
        return filename(state, kind), csv_bytes(state), MEDIA[kind]
    if kind == "pptx":
        picture = render(trend_picture(trend), "png", TREND_PICTURE)
        return filename(state, kind), compare_slides.deck(state, picture, _names(state)), MEDIA[kind]
    page = SLIDE if kind == "png" else PDF_A4
    return filename(state, kind), render(figure(state, trend), "png" if kind == "png" else "pdf", page), MEDIA[kind]
