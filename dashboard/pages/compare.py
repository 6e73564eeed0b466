"""The comparison page (``/compare?areas=…``): 2–8 municipalities side by side
on every municipal indicator, with the national median and each one's
prefectural median, their trends overlaid, and the view as CSV, PNG, PDF or
PPTX (pictures through the map's export renderer).

State is the URL (areas, trend indicator, language); areas are chosen by name
search (the names are sent as the user types, as on the map) or arrive from
the progress ranking's link.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import components, db, insight_figures, insight_service, placenames, queries
from dashboard.i18n import t
from dashboard.insight_state import MAX_AREAS, MIN_AREAS, CompareState, as_mapping, parse_compare
from dashboard.pages import compare_export, lite
from dashboard.pages.map_view import area_options

AREAS, TREND, TABLE, GRAPH, QUERY, SYNC, NOTICES, DOWNLOAD, BUTTON = (
    "cmp-areas", "cmp-trend", "cmp-table", "cmp-graph", "cmp-query", "cmp-sync", "cmp-notices", "cmp-download",
    "cmp-button")
KINDS = ("csv", "png", "pdf", "pptx")


def trends() -> tuple[str, ...]:
    """Municipal time series (the trends that can be overlaid)."""
    return tuple(i.id for i in queries.catalogue().indicators.values() if i.time_series and "municipality" in i.levels)


def _parse(query: Any) -> CompareState:
    options = trends()
    return parse_compare(query, insight_service.municipality_codes(), options, options[0] if options else "")


def _name(code: str, lang: str = "ja") -> str:
    return placenames.with_name_with_prefecture(code, lang)


def table(state: CompareState) -> Any:
    """Indicators × areas (value and prefectural median), national median last; a hint below two areas."""
    lang = state.lang
    if len(state.areas) < MIN_AREAS:
        return lite.el("P", t("compare_hint", lang), className="hint")
    cat = queries.catalogue()
    frame = insight_service.comparison(state.areas)
    heads = [t("col_indicator", lang), t("date", lang)] + [_name(c, lang) for c in state.areas] + \
        [t("col_national_median", lang)]
    rows = []
    for ind_id, row in zip(frame.index, frame.to_dict("records"), strict=True):
        ind = cat.indicator(ind_id)
        cells = [f"{ind.format_value(row[f'value:{c}'], lang)}（{ind.format_value(row[f'pref:{c}'], lang)}）"
                 for c in state.areas]  # the note under the table says what the brackets hold
        rows.append([ind.label(lang), row["as_of"], *cells, ind.format_value(row["national"], lang)])
    return lite.el("Div", [lite.table(heads, rows), lite.el("P", t("compare_note", lang), className="method")],
                   className="scroll")


def trend_spec(state: CompareState) -> dict[str, Any]:
    """The chosen series of every area, with the national median dotted (empty figure below two areas)."""
    if len(state.areas) < MIN_AREAS or not state.trend:
        return {"data": [], "layout": {"height": 80, "xaxis": {"visible": False}, "yaxis": {"visible": False}}}
    ind = queries.catalogue().indicator(state.trend)
    lines: list[tuple[str, Any, bool]] = [(_name(c, state.lang), queries.series(state.trend, c), False)
                                             for c in state.areas]
    lines.append((t("national_median", state.lang), queries.median_series(state.trend, "municipality"), True))
    return insight_figures.compare_trend_spec(lines, ind, t("compare_trend_title", state.lang,
                                                               label=ind.label(state.lang)))


def _controls(state: CompareState) -> html.Div:
    lang = state.lang
    cat = queries.catalogue()
    return html.Div(className="controls", children=[
        html.Div([html.Label(t("compare_areas", lang), htmlFor=AREAS), dcc.Dropdown(
            id=AREAS, multi=True, value=list(state.areas), options=[{"label": _name(c, lang), "value": c}
                                                                    for c in state.areas],
            placeholder=t("area_placeholder", lang), labels=components.dropdown_labels(lang))], className="control"),
        html.Div([html.Label(t("compare_trend", lang), htmlFor=TREND), dcc.Dropdown(
            id=TREND, options=[{"label": cat.indicator(i).label(lang), "value": i} for i in trends()],
            value=state.trend or None, clearable=False, labels=components.dropdown_labels(lang))],
                 className="control"),
    ])


def _downloads(lang: str) -> html.Section:
    return html.Section(className="downloads", children=[
        html.H2(t("download_heading", lang)),
        html.Div([html.Button(t(f"download_{k}", lang), id={"type": BUTTON, "kind": k}, n_clicks=0,
                              className="button download") for k in KINDS], className="download-buttons"),
        dcc.Download(id=DOWNLOAD),
    ])


def layout(**query: Any) -> html.Div:
    try:
        state = _parse(query)
    except db.DatabaseMissing:
        return components.db_missing()
    lang = state.lang
    flipped = CompareState(state.areas, state.trend, "en" if lang == "ja" else "ja")
    sources = {queries.catalogue().indicator(i).source_id for i in queries.catalogue().indicators}
    credits = [queries.catalogue().sources[s] for s in sorted(sources) if s in queries.catalogue().sources]
    return components.page(
        lang, "compare", components.page_href("/compare", flipped.to_query()), t("compare_title", lang), [
            html.Div(table(state), id=TABLE),
            dcc.Graph(id=GRAPH, figure=trend_spec(state), config=components.graph_config(
                lang, responsive=True, modeBarButtonsToRemove=components.NO_SELECT)),
            _downloads(lang),
            html.P(components.source_line(None, lang, credits), className="source-line"),
        ], controls=_controls(state), stores=components.query_stores(QUERY, SYNC, {"query": state.to_query()}),
        notice_items=state.notices, notices_id=NOTICES)


@callback(
    Output(TABLE, "children"), Output(GRAPH, "figure"), Output(QUERY, "data"), Output(NOTICES, "children"),
    Input(AREAS, "value"), Input(TREND, "value"), State(QUERY, "data"),
    prevent_initial_call=True,
)
def render_compare(areas: Any, trend: Any, current: Any) -> tuple[Any, ...]:
    """Re-draw for the chosen areas and trend; the URL follows (more than 8: the first 8, with a notice)."""
    old = _parse(as_mapping(str(current.get("query", "")) if isinstance(current, dict) else ""))
    codes = [a for a in areas if isinstance(a, str)] if isinstance(areas, list) else list(old.areas)
    state = _parse({"areas": ",".join(codes), "trend": trend if isinstance(trend, str) else old.trend,
                    "lang": old.lang})
    return table(state), trend_spec(state), {"query": state.to_query()}, components.notices(state.notices, old.lang)


@callback(
    Output(AREAS, "options"), Input(AREAS, "search_value"), State(AREAS, "value"), State(QUERY, "data"),
    prevent_initial_call=True,
)
def search_compare(search: Any, chosen: Any, current: Any = None) -> list[dict[str, str]]:
    """The chosen areas plus names matching what the user types (never all 1,741 at once), named in the
    page's language ("Kochi-shi (Kochi)" on the English page; typing "kochi" finds it too)."""
    if not isinstance(search, str) or not search.strip():
        raise PreventUpdate
    lang = _parse(as_mapping(str(current.get("query", "")) if isinstance(current, dict) else "")).lang
    picked = [c for c in chosen if isinstance(c, str)][:MAX_AREAS] if isinstance(chosen, list) else []
    found = area_options("municipality", None, None, search, lang=lang)
    return [{"label": _name(c, lang), "value": c} for c in picked] + [o for o in found if o["value"] not in picked]


@callback(
    Output(DOWNLOAD, "data"), Input({"type": BUTTON, "kind": dash.ALL}, "n_clicks"), State(QUERY, "data"),
    prevent_initial_call=True,
)
def download_compare(clicks: Any, current: Any) -> dict[str, Any]:
    """The comparison as CSV (the table), PNG, PDF or PPTX (table and trend, through the export renderer)."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(clicks or []) or trigger.get("kind") not in KINDS:
        raise PreventUpdate
    state = _parse(as_mapping(str(current.get("query", "")) if isinstance(current, dict) else ""))
    if len(state.areas) < MIN_AREAS:
        raise PreventUpdate
    name, content, media = compare_export.export(state, str(trigger["kind"]), trend_spec(state))
    return dcc.send_bytes(content, name, type=media)


clientside_callback(
    ClientsideFunction(namespace="atlas", function_name="syncQuery"),
    Output(SYNC, "data"), Input(QUERY, "data"),
    prevent_initial_call=True,
)

__all__ = ["download_compare", "layout", "render_compare", "search_compare"]

dash.register_page(__name__, path="/compare", title="比較 | 地域デジタル格差アトラス", name="compare", layout=layout)
