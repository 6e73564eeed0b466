"""The map page's side panels and their callbacks: the ranking table, the
area profile and the screen-reader table view.

Each callback listens to the view store and sends only what changed: the
ranking table is sent only when its key (indicator, date, level,
prefecture, rule, language) changes, otherwise just the selection (a ``Patch``); while the
ranking is hidden (the national municipality view) there is no table at all.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import (
    ClientsideFunction,
    Input,
    Output,
    Patch,
    State,
    callback,
    clientside_callback,
    ctx,
    dash_table,
    dcc,
    html,
    no_update,
)
from dash.dash_table.Format import Format, Group, Scheme, Symbol
from dash.exceptions import PreventUpdate

from dashboard import dates as refdates
from dashboard import figures, service, viewmodel
from dashboard.i18n import t
from dashboard.pages import ids, profile
from dashboard.state import ViewState
from layers.model import Indicator


def _value_format(ind: Indicator, lang: str) -> Format:
    fmt = Format(precision=ind.decimals, scheme=Scheme.fixed, group=Group.yes).nully(t("no_data", lang))
    unit = ind.unit_for(lang)
    return fmt.symbol(Symbol.yes).symbol_suffix(unit if unit == "%" else f" {unit}") if unit else fmt


def ranking_columns(ind: Indicator, level: str, lang: str) -> list[dict[str, Any]]:
    """The ranking download's columns (``viewmodel.ranking_columns``), formatted for the table on screen."""
    out: list[dict[str, Any]] = []
    for column in viewmodel.ranking_columns(ind, level):
        spec: dict[str, Any] = {"id": column.key, "name": column.header(lang), "type": "text"}
        if column.key == "value":
            spec.update(type="numeric", format=_value_format(ind, lang), name=t("col_value", lang))
        elif column.key == "gap":
            spec.update(type="numeric", format=Format(precision=ind.decimals, scheme=Scheme.fixed, sign="+"))
        elif column.decimals is not None:
            spec.update(type="numeric", format=Format(precision=column.decimals, scheme=Scheme.fixed, group=Group.yes))
        out.append(spec)
    return out


def ranking_frame(state: ViewState) -> pd.DataFrame:
    """The rows the ranking shows: the prefecture's municipalities (or all prefectures), worst first
    under a lagging rule (``viewmodel.ranking_table``)."""
    return viewmodel.ranking_table(service.view_data(state))


def ranking_rows(state: ViewState) -> list[dict[str, Any]]:
    frame = ranking_frame(state)
    keys = [c.key for c in viewmodel.ranking_columns(service.indicator(state.indicator, state.upload), state.level)]

    def cell(value: Any) -> Any:
        if isinstance(value, str) or value is None:
            return value
        if pd.isna(value):
            return None
        return int(value) if float(value).is_integer() else float(value)

    return [{"id": row["code"], **{k: cell(row[k]) for k in keys}} for row in frame.to_dict("records")]


def _ranking_key(state: ViewState) -> list[Any]:
    return [state.indicator, state.level, state.date, state.pref, state.rule, state.threshold, state.lang]


def _selection(state: ViewState, rows: list[dict[str, Any]] | None) -> tuple[list[int], list[dict[str, Any]]]:
    style: list[dict[str, Any]] = [
        {"if": {"filter_query": f'{{status}} = "{t("lagging", state.lang)}"'}, "backgroundColor": "#fde8e6"},
    ]
    if not state.area:
        return [], style
    style.append({"if": {"filter_query": f'{{code}} = "{state.area}"'}, "backgroundColor": "#f7d6ef",
                  "fontWeight": "bold"})
    codes = [r["id"] for r in rows] if rows is not None else ranking_frame(state)["code"].tolist()
    return ([codes.index(state.area)] if state.area in codes else []), style


def _ranking_visible(state: ViewState) -> bool:
    return state.level == "prefecture" or bool(state.pref)


def ranking_table(state: ViewState, rows: list[dict[str, Any]], filter_text: Any = None,
                  sort_by: Any = None) -> dash_table.DataTable:
    """The ranking for ``state`` with ``rows``, filtered by the name box's text and sorted as the table it
    replaces was (sort keys on columns the new table lacks are dropped)."""
    lang = state.lang
    columns = ranking_columns(service.indicator(state.indicator, state.upload), state.level, lang)
    keys = {c["id"] for c in columns}
    sorting = [s for s in sort_by if isinstance(s, dict) and s.get("column_id") in keys] \
        if isinstance(sort_by, list) else []
    selected, style = _selection(state, rows)
    return dash_table.DataTable(
        id=ids.RANKING, columns=columns, data=rows, row_selectable="single",
        selected_rows=selected, sort_action="native", filter_action="native", page_action="native", page_size=20,
        sort_by=sorting, filter_query=name_filter(filter_text if isinstance(filter_text, str) else ""),
        style_data_conditional=style, style_table={"overflowX": "auto"},
        style_cell={"fontFamily": figures.FONT, "padding": "4px 8px", "textAlign": "left"},
        style_header={"fontWeight": "bold", "backgroundColor": "#f2f2f2"},
        filter_options={"placeholder_text": t("filter", lang)},
    )


def ranking_section(state: ViewState) -> html.Section:
    """The ranking box. The table itself exists only while it is shown (a prefecture, or the prefecture
    level): the national view, the one most visits open, then loads and runs no DataTable code
    (``dash_table``'s 630 KB of lazily loaded chunks) before its map is drawn."""
    lang = state.lang
    visible = _ranking_visible(state)
    table = [ranking_table(state, ranking_rows(state))] if visible else []
    return html.Section(id=ids.RANKING_BOX, className="panel ranking", children=[
        html.H2(_ranking_title(state), id=ids.RANKING_TITLE),
        html.P(t("ranking_hint", lang), className="hint", hidden=visible, id=f"{ids.RANKING}-hint"),
        html.Div([
            html.Label(t("filter_names", lang), htmlFor=ids.RANKING_FILTER, className="label"),
            dcc.Input(id=ids.RANKING_FILTER, type="search", debounce=True, className="ranking-filter",
                      placeholder=t("filter", lang), autoComplete="off"),
            html.Div(table, id=ids.RANKING_SLOT),
        ], hidden=not visible, id=f"{ids.RANKING}-wrap"),
        dcc.Store(id=ids.RANKING_KEY, data=_ranking_key(state) if visible else None),
    ])


def _ranking_title(state: ViewState) -> str:
    ind = service.indicator(state.indicator, state.upload)
    when = refdates.date_text(state.indicator, state.date, state.lang)
    return f"{t('ranking', state.lang)}：{ind.label(state.lang)}（{when}）"


@callback(
    Output(ids.RANKING_SLOT, "children"), Output(f"{ids.RANKING}-wrap", "hidden"),
    Output(f"{ids.RANKING}-hint", "hidden"), Output(ids.RANKING_TITLE, "children"), Output(ids.RANKING_KEY, "data"),
    Input(ids.VIEW, "data"), State(ids.RANKING_KEY, "data"), State(ids.UPLOAD_STORE, "data"),
    State(ids.RANKING_FILTER, "value"), State(ids.RANKING, "sort_by", allow_optional=True),
    prevent_initial_call=True,
)
def render_ranking(view: Any, key: Any, upload: Any = None, filter_text: Any = None,
                   sort_by: Any = None) -> tuple[Any, ...]:
    """A new table when the ranking's subject changed, none when it is hidden; otherwise only the selected
    row, patched into the table shown (one request per view change, the table's sort and page kept)."""
    state = service.view_state(view, upload)
    if not _ranking_visible(state):
        if key is None:
            raise PreventUpdate
        return [], True, False, _ranking_title(state), None
    if key == _ranking_key(state):
        selected, style = _selection(state, None)
        moved = Patch()
        moved[0]["props"]["selected_rows"] = selected
        moved[0]["props"]["style_data_conditional"] = style
        return moved, no_update, no_update, no_update, no_update
    table = ranking_table(state, ranking_rows(state), filter_text, sort_by)
    return [table], False, True, _ranking_title(state), _ranking_key(state)


def name_filter(text: str) -> str:
    """The table's ``filter_query`` for names containing ``text`` (quotes and backslashes escaped)."""
    cleaned = text.strip()[:40].replace("\\", "\\\\").replace('"', '\\"')
    return f'{{name}} contains "{cleaned}"' if cleaned else ""


@callback(Output(ids.RANKING, "filter_query"), Input(ids.RANKING_FILTER, "value"), prevent_initial_call=True)
def filter_ranking(text: Any) -> str:
    """One labelled search box instead of a filter cell per column (16 tab stops; issue 9 §6)."""
    return name_filter(text if isinstance(text, str) else "")


def profile_section(state: ViewState) -> html.Aside:
    lang = state.lang
    return html.Aside(className="panel profile", **{"aria-label": t("profile", lang)}, children=[
        html.Div(className="panel-head", children=[
            html.H2(t("profile", lang)),
            html.Button(t("close", lang), id=ids.PROFILE_CLOSE, n_clicks=0, className="button",
                        hidden=not state.area),
        ]),
        html.Div(profile.profile_children(state), id=ids.PROFILE),
        dcc.Store(id=f"{ids.PROFILE}-key", data=_profile_key(state)),
        dcc.Store(id=f"{ids.PROFILE}-focus"), dcc.Store(id=f"{ids.PROFILE}-first", data=_profile_key(state)),
    ])


def _profile_key(state: ViewState) -> list[Any]:
    """What the profile depends on: its similar-municipality comparison reads the shown date and level."""
    if not state.area:
        return [None, None, state.lang]
    return [state.area, state.indicator, state.lang, state.level, state.date]


@callback(
    Output(ids.PROFILE, "children"), Output(ids.PROFILE_CLOSE, "hidden"), Output(f"{ids.PROFILE}-key", "data"),
    Input(ids.VIEW, "data"), State(f"{ids.PROFILE}-key", "data"), State(ids.UPLOAD_STORE, "data"),
    prevent_initial_call=True,
)
def render_profile(view: Any, key: Any, upload: Any = None) -> tuple[Any, bool, list[Any]]:
    """The selected area's profile (every indicator, trend, context, similar areas)."""
    state = service.view_state(view, upload)
    if key == _profile_key(state):
        raise PreventUpdate
    return profile.profile_children(state), not state.area, _profile_key(state)


clientside_callback(
    ClientsideFunction(namespace="atlas", function_name="focusProfile"),
    Output(f"{ids.PROFILE}-focus", "data"), Input(f"{ids.PROFILE}-key", "data"), State(f"{ids.PROFILE}-first", "data"),
    prevent_initial_call=True,
)


def table_view_section(state: ViewState) -> html.Section:
    lang = state.lang
    return html.Section(id=ids.TABLE_VIEW, className="panel table-view", children=[
        html.H2(t("table_view", lang)),
        html.Button(t("show_table", lang), id=ids.TABLE_TOGGLE, n_clicks=0, className="button",
                    **{"aria-expanded": "false", "aria-controls": f"{ids.TABLE_VIEW}-body"}),
        html.Div(id=f"{ids.TABLE_VIEW}-body"),
    ])


def table_view(state: ViewState) -> html.Table:
    """A plain HTML table of what the map shows (for screen readers and keyboard users)."""
    data = service.view_data(state)
    frame, ind = data.shown, data.indicator
    lang = state.lang
    head = html.Tr([html.Th(t(k, lang), scope="col") for k in ("col_name", "col_value", "col_status", "col_note")])
    body = [
        html.Tr([
            html.Th(r.name, scope="row"),
            html.Td(ind.format_value(r.value, lang) + (f" {r.basis}" if getattr(r, "basis", "") else "")),
            html.Td(t("lagging", lang) if r.lagging else ""), html.Td(r.note or ""),
        ])
        for r in frame.itertuples(index=False)
    ]
    caption = t("map_label", lang, label=ind.label(lang), date=refdates.date_text(ind.id, state.date, lang))
    return html.Table([html.Caption(caption), html.Thead(head), html.Tbody(body)], className="data-table")


@callback(
    Output(f"{ids.TABLE_VIEW}-body", "children"), Output(ids.TABLE_TOGGLE, "children"),
    Output(ids.TABLE_TOGGLE, "aria-expanded"),
    Input(ids.TABLE_TOGGLE, "n_clicks"), Input(ids.VIEW, "data"), State(ids.UPLOAD_STORE, "data"),
    prevent_initial_call=True,
)
def render_table_view(clicks: Any, view: Any, upload: Any = None) -> tuple[Any, str, str]:
    """Rendered only while open, so ordinary interactions do not carry a 1,741-row table."""
    state = service.view_state(view, upload)
    is_open = isinstance(clicks, int) and clicks % 2 == 1
    if not is_open and ctx.triggered_id == ids.VIEW:
        raise PreventUpdate
    if not is_open:
        return [], t("show_table", state.lang), "false"
    return table_view(state), t("hide_table", state.lang), "true"


def panels(state: ViewState) -> list[Any]:
    """The sections below the map, in reading order."""
    return [ranking_section(state), profile_section(state), table_view_section(state)]
