"""The priority page (``/priority``): where to act first.

Combines the indicators a user picks into one need score per municipality
(``metrics.priority``; the method is printed on the page) with optional
過疎 and ageing weights, and lists the municipalities with the highest
score and the indicators that put them there.
"""

from __future__ import annotations

import math
from typing import Any

import dash
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dash_table, dcc, html
from dash.dash_table.Format import Format, Scheme

from dashboard import charts, components, db, figures, i18n, metrics, placenames, queries, service
from dashboard.i18n import t
from dashboard.state import WEIGHTS, PriorityState, parse_priority, prefecture_code

DEFAULT = ("mynumber_holding_rate", "online_procedures_32", "online_usage_32_median", "dx_governance_score")
TOP = 20
IND, PREF, KASO, AGEING = "prio-indicators", "prio-pref", "prio-kaso", "prio-ageing"
TABLE, FIGURE, QUERY, SYNC, NOTICES = "prio-table", "prio-figure", "prio-query", "prio-sync", "prio-notices"


def allowed() -> tuple[str, ...]:
    """Municipal outcome indicators (``role``): context indicators are weights, never needs."""
    cat = queries.catalogue()
    return tuple(i.id for i in cat.indicators.values() if "municipality" in i.levels and i.can_lag)


def _defaults() -> tuple[str, ...]:
    return tuple(i for i in DEFAULT if i in allowed()) or allowed()[:3]


def scores(state: PriorityState) -> pd.DataFrame:
    """Scored municipalities (highest first), restricted to the prefecture filter."""
    cat = queries.catalogue()
    wide = queries.latest_wide("municipality")
    areas = queries.areas("municipality")
    context = pd.DataFrame({"kaso_class": areas["kaso_class"],
                            "aged_65_share": wide["aged_65_share"] if "aged_65_share" in wide else float("nan")})
    inds = [cat.indicator(i) for i in state.indicators]
    out = metrics.priority(wide, inds, context, state.kaso, state.ageing)
    out = out.join(areas[["name_ja", "prefecture_name", "prefecture_code", "kaso_class"]])
    out = placenames.localise(out.assign(code=out.index, name=out["name_ja"]), state.lang)  # english
    if state.pref:
        out = queries.in_prefecture(out, prefecture_code(state.pref))
    return out


def _reason_text(reasons: list[str], row: pd.Series, state: PriorityState) -> str:
    cat = queries.catalogue()
    wide = queries.latest_wide("municipality")
    parts = []
    for ind_id in reasons:
        ind = cat.indicator(ind_id)
        bottom = max(1, math.ceil((1 - float(row[f"need_{ind_id}"])) * 100))  # "within the bottom N%"
        parts.append(f"{ind.label(state.lang)} {ind.format_value(wide.at[row.name, ind_id], state.lang)}"
                     + (f"（下位{bottom}%）" if state.lang == "ja" else f" (bottom {bottom}%)"))
    return "；".join(parts) if state.lang == "ja" else "; ".join(parts)


def table_rows(state: PriorityState, limit: int = 100) -> list[dict[str, Any]]:
    top = scores(state).head(limit)
    return [
        {"rank": i + 1, "name": row["name"], "pref": row["prefecture_name"], "score": round(float(row["score"]), 3),
         "kaso": i18n.kaso_label(None if pd.isna(row["kaso_class"]) else row["kaso_class"], state.lang),
         "reasons": _reason_text(row["reasons"], row, state), "id": code}
        for i, (code, row) in enumerate(top.iterrows())
    ]


def priority_outputs(state: PriorityState) -> tuple[list[dict[str, Any]], Any]:
    lang = state.lang
    if not state.indicators:
        return [], charts.ranking_figure([], [], [], title=t("priority_none", lang), decimals=2)
    rows = table_rows(state)
    top = rows[:TOP]
    fig = charts.ranking_figure(
        [f"{r['name']}（{r['pref']}）" for r in top], [r["score"] for r in top], [False] * len(top),
        title=t("priority_top", lang), decimals=3,
    )
    return rows, fig


def _columns(lang: str) -> list[dict[str, Any]]:
    return [
        {"id": "rank", "name": "#", "type": "numeric"},
        {"id": "name", "name": t("col_name", lang), "type": "text"},
        {"id": "pref", "name": t("col_pref", lang), "type": "text"},
        {"id": "score", "name": t("priority_score", lang), "type": "numeric",
         "format": Format(precision=3, scheme=Scheme.fixed)},
        {"id": "kaso", "name": t("col_kaso", lang), "type": "text"},
        {"id": "reasons", "name": t("priority_reasons", lang), "type": "text"},
    ]


def _weight_slider(component_id: str, value: float) -> dcc.Slider:
    return dcc.Slider(id=component_id, min=0, max=1, step=0.25, value=value, allow_direct_input=False,
                      marks={w: f"{w:g}" for w in WEIGHTS})


def layout(**query: Any) -> html.Div:
    try:
        prefs = service.url_prefectures()
        state = parse_priority(query, allowed(), _defaults(), prefs)
    except db.DatabaseMissing:
        return html.Main(html.P(t("db_missing", "ja"), className="notice"), className="page")
    lang = state.lang
    other = PriorityState(state.indicators, state.pref, state.kaso, state.ageing, "en" if lang == "ja" else "ja")
    cat = queries.catalogue()
    rows, fig = priority_outputs(state)
    controls = html.Div(className="controls", children=[
        html.Div([html.Label(t("priority_indicators", lang), htmlFor=IND), dcc.Dropdown(
            id=IND, multi=True, value=list(state.indicators), labels=components.dropdown_labels(lang),
            options=[{"label": cat.indicator(i).label(lang), "value": i} for i in allowed()])], className="control"),
        html.Div([html.Label(t("prefecture", lang), htmlFor=PREF), dcc.Dropdown(
            id=PREF, options=_pref_options(lang), value=state.pref, placeholder=t("all_japan", lang),
            labels=components.dropdown_labels(lang))], className="control"),
        html.Div([html.Span(t("priority_kaso", lang), className="label"), _weight_slider(KASO, state.kaso)],
                 className="control"),
        html.Div([html.Span(t("priority_ageing", lang), className="label"), _weight_slider(AGEING, state.ageing)],
                 className="control"),
    ])
    return html.Div(lang=lang, className="page", children=[
        components.header(lang, "priority", components.page_href("/priority", other.to_query())),
        dcc.Store(id=QUERY, data={"query": state.to_query()}), dcc.Store(id=SYNC),
        html.Main(className="layout", children=[
            html.Aside(controls, className="sidebar"),
            html.Section(className="main", children=[
                html.H2(t("priority_title", lang)),
                html.Div(components.notices(state.notices, lang), id=NOTICES, role="status"),
                html.P(t("priority_method", lang), className="method"),
                dash_table.DataTable(
                    id=TABLE, columns=_columns(lang), data=rows, sort_action="native", filter_action="native",
                    page_action="native", page_size=20, style_table={"overflowX": "auto"},
                    filter_options={"placeholder_text": t("filter", lang)},
                    style_cell={"fontFamily": figures.FONT, "textAlign": "left", "whiteSpace": "normal",
                                "padding": "4px 8px"},
                    style_header={"fontWeight": "bold", "backgroundColor": "#f2f2f2"},
                    # a name is never broken one character per line at 375 px (青/ヶ/島/村): it scrolls instead
                    style_cell_conditional=[{"if": {"column_id": c}, "whiteSpace": "nowrap", "minWidth": "6em"}
                                            for c in ("name", "prefecture_name", "pref")]),
                dcc.Graph(id=FIGURE, figure=fig,
                          config=components.graph_config(lang, modeBarButtonsToRemove=components.NO_SELECT)),
            ]),
        ]),
        components.footer(lang),
    ])


def _pref_options(lang: str = "ja") -> list[dict[str, str]]:
    prefs = queries.prefectures()
    return [{"label": n, "value": c[:2]} for c, n in zip(prefs["code"], placenames.names(prefs["code"], lang),
                                                           strict=True)]


@callback(
    Output(TABLE, "data"), Output(FIGURE, "figure"), Output(QUERY, "data"), Output(NOTICES, "children"),
    Input(IND, "value"), Input(PREF, "value"), Input(KASO, "value"), Input(AGEING, "value"),
    State(QUERY, "data"),
    prevent_initial_call=True,
)
def render_priority(indicators: Any, pref: Any, kaso: Any, ageing: Any, current: Any) -> tuple[Any, ...]:
    """Re-score with the chosen indicators and weights; the URL follows."""
    lang = "en" if "lang=en" in str(current.get("query", "") if isinstance(current, dict) else "") else "ja"
    query = {"ind": ",".join(i for i in indicators if isinstance(i, str)) if isinstance(indicators, list) else "",
             "pref": pref if isinstance(pref, str) else "", "kaso": str(kaso), "ageing": str(ageing), "lang": lang}
    prefs = service.url_prefectures()
    state = parse_priority(query, allowed(), (), prefs)
    rows, fig = priority_outputs(state)
    notices = components.notices(state.notices, lang) if state.indicators else [html.P(t("priority_none", lang))]
    return rows, fig, {"query": state.to_query()}, notices


clientside_callback(
    ClientsideFunction(namespace="atlas", function_name="syncQuery"),
    Output(SYNC, "data"), Input(QUERY, "data"),
    prevent_initial_call=True,
)

__all__ = ["layout", "render_priority", "scores"]

# Registered last: with an explicit module list (no pages folder scan) Dash needs the layout passed in.
dash.register_page(__name__, path="/priority", title=components.page_title("nav_priority"), name="priority",
                   layout=layout)
