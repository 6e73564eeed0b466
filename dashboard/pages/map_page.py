"""The atlas map page (``/``): layout from the URL, and the callbacks that keep
the view, the URL and the map in step.

Flow: a control changes → ``update_view`` validates the new ``ViewState``
(state.change), stores it and, in the same response, draws it
(``map_outputs``: a ``Patch`` of the re-coloured traces, or a new figure when
the framing changes, and the headline): one request per user action, so the
map repaints after one round trip. The ranking, profile and table-view
callbacks (``map_panels``) listen to the view store and follow, without
delaying the map; a clientside function writes the query string with
``history.replaceState`` (no page reload, no router round trip).

A file the user uploads (``map_upload``) lives in a session-storage store;
every callback that renders a view takes it as ``State`` and parses it once
with the view store (``service.view_state``); the state carries the decoded
upload, so an uploaded indicator is drawn, ranked and exported by the same
code as a built-in one.
"""

from __future__ import annotations

from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboard import components, db, service, still
from dashboard import dates as refdates
from dashboard.i18n import t
from dashboard.pages import ids, map_downloads, map_panels, map_upload, map_view
from dashboard.state import StateOptions, ViewState, change, from_store, parse_query

GRAPH_CONFIG = {
    "displaylogo": False, "scrollZoom": True, "responsive": True,
    # only buttons that do something visible on a geo map: hoverClosestGeo toggled an invisible state
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage", "hoverClosestGeo"],
}


def _store(state: ViewState) -> dict[str, Any]:
    return {"state": state.as_store(), "query": state.to_query()}


def _labels(state: ViewState) -> dict[str, str]:
    """Indicator ids a notice may name, as the reader knows them (their labels)."""
    options = service.state_options(state.upload)
    return {i: service.indicator(i, state.upload).label(state.lang) for i in options.indicators}


def _lang_href(state: ViewState) -> str:
    flipped = ViewState(**{**state.as_store(), "lang": "en" if state.lang == "ja" else "ja"})
    return components.page_href("/", flipped.to_query())


def _control(label: str, control: Any, html_for: str | None = None, **kwargs: Any) -> html.Div:
    return html.Div([html.Label(label, htmlFor=html_for or control.id), _slot(control)], className="control", **kwargs)


def _slot(control: Any) -> Any:
    """Dropdowns and sliders render nothing until dcc's lazily loaded chunk arrives, then push the controls
    below them down (layout shift, issue 9 §6): a slot keeps their height from the first paint."""
    if isinstance(control, dcc.Dropdown):
        return html.Div(control, className="slot slot-dropdown")
    if isinstance(control, dcc.Slider):
        return html.Div(control, className="slot slot-slider")
    return control


def _controls(data: service.ViewData) -> html.Div:
    state, ind = data.state, data.indicator
    lang = state.lang
    slider = map_view.date_slider(state, data.dates)
    return html.Div(className="controls", children=[
        _control(t("indicator", lang), dcc.Dropdown(
            id=ids.INDICATOR, options=map_view.indicator_options(lang), value=state.indicator, clearable=False,
            maxHeight=420, labels=components.dropdown_labels(lang))),
        html.Div(className="control", children=[
            html.Span(t("level", lang), className="label", id=f"{ids.LEVEL}-label"),
            html.Div(dcc.RadioItems(id=ids.LEVEL, options=map_view.level_options(ind, lang), value=state.level,
                                    inline=True, labelStyle={"marginRight": "12px"}),
                     role="radiogroup", **{"aria-labelledby": f"{ids.LEVEL}-label"}),
        ]),
        html.Div(id=ids.DATE_BOX, hidden=slider["hidden"], className="control", children=[
            html.Span(t("date", lang), className="label"), html.Span(
                refdates.date_text(state.indicator, state.date, lang), id=ids.DATE_LABEL),
            _slot(dcc.Slider(id=ids.DATE, min=slider["min"], max=slider["max"], step=1, marks=slider["marks"],
                             value=slider["value"], allow_direct_input=False, updatemode="mouseup")),
            html.Button(t("play", lang), id=ids.PLAY, n_clicks=0, className="button", hidden=not ind.time_series),
            dcc.Interval(id=ids.TIMER, interval=1200, disabled=True),
        ]),
        _control(t("prefecture", lang), dcc.Dropdown(
            id=ids.PREF, options=map_view.pref_options(lang), value=state.pref, placeholder=t("all_japan", lang),
            labels=components.dropdown_labels(lang))),
        _control(t("rule", lang), dcc.Dropdown(
            id=ids.RULE, options=map_view.rule_options(ind, state.level, lang), value=state.rule, clearable=False,
            searchable=False, labels=components.dropdown_labels(lang))),
        _control(t("threshold", lang), dcc.Input(
            id=ids.THRESHOLD, type="number", min=1, max=50, step=1, value=state.threshold, debounce=True,
            disabled=state.rule not in ("bottom", "pref_bottom"))),
        _control(t("cutoff_control", lang), dcc.Input(
            id=ids.CUTOFF, type="number", value=state.cutoff, debounce=True, disabled=not ind.can_lag,
            min=ind.plausible_min, max=ind.plausible_max)),
        _control(t("area", lang), dcc.Dropdown(
            id=ids.AREA, options=map_view.area_options(state.level, state.pref, state.area, lang=lang),
            value=state.area,
            placeholder=t("area_placeholder", lang), labels=components.dropdown_labels(lang))),
    ])


def layout(**query: Any) -> html.Div:
    """The whole view from the URL query (invalid values fall back, with notices)."""
    try:
        state = parse_query(query, service.state_options())
    except db.DatabaseMissing:
        lang = "en" if query.get("lang") == "en" else "ja"
        return html.Main(html.P(t("db_missing", lang), className="notice"), className="page")
    lang = state.lang
    data = service.view_data(state)
    return html.Div(lang=lang, className="page map-page", children=[
        html.A(t("skip_to_table", lang), href="#" + ids.TABLE_VIEW, className="skip-link"),
        components.header(lang, "map", _lang_href(state), ids.LANG_LINK),
        dcc.Store(id=ids.VIEW, data=_store(state)),
        dcc.Store(id=ids.RENDERED, data=state.as_store()),
        dcc.Store(id=ids.URL_SYNC),
        html.Main(className="layout", children=[
            html.Aside(html.Details(className="controls-panel", children=[
                html.Summary(t("settings", lang), className="controls-summary"),
                _controls(data), map_upload.section(state, query.get("indicator")),
            ]), className="sidebar", **{"aria-label": t("settings", lang)}),
            html.Section(className="main", children=[
                html.Div(components.notices(state.notices, lang, _labels(state)), id=ids.NOTICES, role="status",
                         **{"aria-live": "polite"}),
                html.Div(map_view.summary(data), id=ids.SUMMARY, **{"aria-live": "polite"}),
                html.Div(id=ids.GRAPH_REGION, role="region", className="map-box",
                         **{"data-prefetch": map_view.prefetch_urls(state)},
                         **{"aria-label": t("map_label", lang,
                                            label=data.indicator.label(lang),
                                            date=refdates.date_text(state.indicator, state.date, lang))},
                         children=[_still(state), dcc.Graph(
                             id=ids.GRAPH, figure=map_view.map_figure(data), className="map-graph",
                             config=components.graph_config(lang, **GRAPH_CONFIG,
                                                            topojsonURL=dash.get_asset_url("topojson/")))]),
                html.P(map_view.legend_note(data), id=ids.LEGEND_NOTE, className="legend-note"),
                html.P(map_view.source_line(data), id=ids.SOURCE, className="source-line"),
                map_downloads.bar(lang),
                *map_panels.panels(state),
            ]),
        ]),
        components.footer(lang),
    ])


def _still(state: ViewState) -> html.Img | None:
    """The map's still picture under the live graph until plotly.js has drawn (``dashboard.still``)."""
    src = still.url(state)
    if src is None:
        still.refresh(state)  # a default view after a new day or a rebuild: drawn for the next visitors
        return None
    return html.Img(src=dash.get_relative_path(src), className="map-still", alt="", width=still.WIDTH,
                    height=still.HEIGHT)


def _area_from(trigger: Any, click: Any, row_ids: Any, area: Any) -> tuple[bool, str | None]:
    """(changed?, area code) from whichever selection control fired."""
    if trigger == ids.GRAPH:
        try:
            return True, str(click["points"][0]["customdata"][0])
        except (TypeError, KeyError, IndexError):
            return False, None
    if trigger == ids.RANKING:
        return True, str(row_ids[0]) if isinstance(row_ids, list) and row_ids else None
    if trigger == ids.AREA:
        return True, area if isinstance(area, str) else None
    if trigger == ids.PROFILE_CLOSE:
        return True, None
    return False, None


#: What a new view changes on the map: the figure (a ``Patch`` when only colours or the selection change),
#: the view it draws, the headline, the source line, the legend note and the map region's label. Sent in
#: the same response as the controls (one request per user action: no second round trip before the map
#: repaints), by ``update_view`` and ``apply_cutoff``.
MAP_OUTPUTS = {
    "figure": Output(ids.GRAPH, "figure"), "rendered": Output(ids.RENDERED, "data"),
    "summary": Output(ids.SUMMARY, "children"), "source": Output(ids.SOURCE, "children"),
    "legend": Output(ids.LEGEND_NOTE, "children"), "map_label": Output(ids.GRAPH_REGION, "aria-label"),
}

#: ``update_view``'s outputs by name, grouped by what changes together: the view, the picker and level,
#: the date slider, the rule and threshold, the area picker and the language link (Dash dict outputs).
VIEW_OUTPUTS = {
    "view": Output(ids.VIEW, "data"), "notices": Output(ids.NOTICES, "children"),
    "indicator": Output(ids.INDICATOR, "value"), "level": Output(ids.LEVEL, "value"),
    "level_options": Output(ids.LEVEL, "options"),
    "date_min": Output(ids.DATE, "min"), "date_max": Output(ids.DATE, "max"), "date_marks": Output(ids.DATE, "marks"),
    "date_value": Output(ids.DATE, "value"), "date_hidden": Output(ids.DATE_BOX, "hidden"),
    "date_label": Output(ids.DATE_LABEL, "children"), "play_hidden": Output(ids.PLAY, "hidden"),
    "timer_disabled": Output(ids.TIMER, "disabled"),
    "rule": Output(ids.RULE, "value"), "rule_options": Output(ids.RULE, "options"),
    "threshold": Output(ids.THRESHOLD, "value"), "threshold_disabled": Output(ids.THRESHOLD, "disabled"),
    "area": Output(ids.AREA, "value"), "area_options": Output(ids.AREA, "options"),
    "lang_href": Output(ids.LANG_LINK, "href"),
    **MAP_OUTPUTS,
}


@callback(
    output=VIEW_OUTPUTS,
    inputs=[Input(ids.INDICATOR, "value"), Input(ids.LEVEL, "value"), Input(ids.DATE, "value"),
            Input(ids.PREF, "value"), Input(ids.RULE, "value"), Input(ids.THRESHOLD, "value"),
            Input(ids.GRAPH, "clickData"),
            Input(ids.RANKING, "selected_row_ids", allow_optional=True),  # no ranking table nationally
            Input(ids.AREA, "value"),
            Input(ids.PROFILE_CLOSE, "n_clicks"), Input(ids.TIMER, "n_intervals")],
    state=[State(ids.VIEW, "data"), State(ids.TIMER, "disabled"), State(ids.UPLOAD_STORE, "data"),
           State(ids.RENDERED, "data")],
    prevent_initial_call=True,
)
def update_view(indicator: Any, level: Any, date_index: Any, pref: Any, rule: Any, threshold: Any, click: Any,
                row_ids: Any, area: Any, _close: Any, _tick: Any, view: Any, timer_off: Any,
                upload: Any = None, rendered: Any = None) -> dict[str, Any]:
    """Validate the control values into the next ``ViewState`` (fix controls it overrides) and draw it."""
    old = service.view_state(view, upload)
    options = service.state_options(old.upload)
    trigger = ctx.triggered_id
    changes: dict[str, Any] = {"indicator": indicator, "level": level, "pref": pref, "rule": rule,
                               "threshold": threshold}
    dates = options.dates(old.indicator, old.level)
    if trigger == ids.DATE and isinstance(date_index, int) and 0 <= date_index < len(dates):
        changes["date"] = dates[date_index]
    stop = False
    if trigger == ids.TIMER:
        position = (dates.index(old.date) + 1 if old.date in dates else 0) % max(len(dates), 1)
        changes["date"] = dates[position] if dates else None
        stop = position >= len(dates) - 1  # pressing play at the last date starts over from the first
    changed, picked = _area_from(trigger, click, row_ids, area)
    if changed:
        changes["area"] = picked
    new = change(old, options, **changes)
    if new == old and trigger in (ids.GRAPH, ids.RANKING, ids.AREA):
        raise PreventUpdate  # a selection echoed back by the table or dropdown after we set it
    out = _outputs(new, old, options, stop or bool(timer_off))
    if out["timer_disabled"] == bool(timer_off):
        out["timer_disabled"] = no_update  # unchanged: the play button's label needs no request
    return {**out, **map_outputs(new, rendered)}


def _outputs(new: ViewState, old: ViewState, options: StateOptions, timer_off: bool) -> dict[str, Any]:
    """``VIEW_OUTPUTS`` for ``new`` but the map's: the slider's range and the area list only when they changed."""
    ind = service.indicator(new.indicator, new.upload)
    return {
        "view": _store(new), "notices": components.notices(new.notices, new.lang, _labels(new)),
        "indicator": new.indicator, "level": new.level, "level_options": map_view.level_options(ind, new.lang),
        **_slider_outputs(new, old, options.dates(new.indicator, new.level)), "play_hidden": not ind.time_series,
        "timer_disabled": timer_off or not ind.time_series,
        "rule": new.rule, "rule_options": map_view.rule_options(ind, new.level, new.lang),
        "threshold": new.threshold, "threshold_disabled": new.rule not in ("bottom", "pref_bottom"),
        "area": new.area, "area_options": map_view.area_options(new.level, new.pref, new.area, lang=new.lang)
        if (new.level, new.pref, new.area) != (old.level, old.pref, old.area) else no_update,
        "lang_href": _lang_href(new),
    }


def _slider_outputs(new: ViewState, old: ViewState, dates: tuple[str, ...]) -> dict[str, Any]:
    slider = map_view.date_slider(new, dates)
    same_axis = (new.indicator, new.level) == (old.indicator, old.level)
    axis = {k: no_update if same_axis else slider[k[5:]] for k in ("date_min", "date_max", "date_marks")}
    return {**axis, "date_value": slider["value"], "date_hidden": slider["hidden"],
            "date_label": refdates.date_text(new.indicator, new.date, new.lang)}


@callback(
    Output(ids.VIEW, "data", allow_duplicate=True), Output(ids.RULE, "value", allow_duplicate=True),
    Output(ids.NOTICES, "children", allow_duplicate=True),
    *(Output(o.component_id, o.component_property, allow_duplicate=True) for o in MAP_OUTPUTS.values()),
    Input(ids.CUTOFF, "value"), State(ids.VIEW, "data"), State(ids.UPLOAD_STORE, "data"),
    State(ids.RENDERED, "data"),
    prevent_initial_call=True,
)
def apply_cutoff(value: Any, view: Any, upload: Any = None, rendered: Any = None) -> tuple[Any, ...]:
    """A value typed in 基準値 maps areas worse than it (rule ``below``); cleared, the default rule returns."""
    old = service.view_state(view, upload)
    options = service.state_options(old.upload)
    if value is None or value == "":
        if old.rule != "below":
            raise PreventUpdate
        new = change(old, options, rule=None, value=None)
    else:
        new = change(old, options, rule="below", value=value)
    if new == old and not new.notices:  # a notice (a value out of range, a context indicator) is still said
        raise PreventUpdate
    drawn = map_outputs(new, rendered)
    return (_store(new), new.rule, components.notices(new.notices, new.lang), *(drawn[k] for k in MAP_OUTPUTS))


def render_map(view: Any, rendered: Any, upload: Any = None) -> tuple[Any, ...]:
    """``MAP_OUTPUTS`` (in order) for the view store ``view`` over the drawn view ``rendered``."""
    drawn = map_outputs(service.view_state(view, upload), rendered)
    return tuple(drawn[k] for k in MAP_OUTPUTS)


def map_outputs(new: ViewState, rendered: Any) -> dict[str, Any]:
    """A Patch with the new values when only colouring changes; a new figure when the level or prefecture does
    (a prefecture view draws other traces: its own areas, grey neighbours, island insets).

    ``rendered`` is the store of the view the browser draws (None: unknown, so a whole figure)."""
    data = service.view_data(new)
    old = from_store(rendered, service.state_options(new.upload)) if isinstance(rendered, dict) else None
    if old is not None and rendered.get("indicator") != old.indicator:
        old = None  # the drawn indicator is gone (an upload removed or replaced): the figure says nothing valid
    if old is None or map_view.uirevision(old) != map_view.uirevision(new) or old.lang != new.lang:
        figure: Any = map_view.map_figure(data)
    else:
        figure = map_view.map_patch(data, old)
    same_indicator = old is not None and (old.indicator, old.lang) == (new.indicator, new.lang)
    ind = data.indicator
    when = refdates.date_text(new.indicator, new.date, new.lang)
    label = t("map_label", new.lang, label=ind.label(new.lang), date=when)
    return {
        "figure": figure, "rendered": new.as_store(), "summary": map_view.summary(data),
        "source": no_update if same_indicator else map_view.source_line(data),
        "legend": no_update if same_indicator else map_view.legend_note(data), "map_label": label,
    }


@callback(
    Output(ids.TIMER, "disabled", allow_duplicate=True),
    Input(ids.PLAY, "n_clicks"), State(ids.TIMER, "disabled"),
    prevent_initial_call=True,
)
def toggle_play(_clicks: Any, disabled: Any) -> bool:
    """Start or stop stepping through the dates of a time series."""
    return not bool(disabled)


@callback(
    Output(ids.PLAY, "children"), Input(ids.TIMER, "disabled"), State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def render_play(disabled: Any, view: Any) -> str:
    """The button says what pressing it will do (also when the last date stops the timer)."""
    state = view.get("state") if isinstance(view, dict) else None
    lang = state.get("lang", "ja") if isinstance(state, dict) else "ja"
    return t("play" if disabled else "pause", "en" if lang == "en" else "ja")


@callback(
    Output(ids.AREA, "options", allow_duplicate=True),
    Input(ids.AREA, "search_value"), State(ids.VIEW, "data"), State(ids.UPLOAD_STORE, "data"),
    prevent_initial_call=True,
)
def search_areas(search: Any, view: Any, upload: Any = None) -> list[dict[str, str]]:
    """Names matching what the user types (all of Japan is too long a list to send up front)."""
    state = service.view_state(view, upload)
    if not isinstance(search, str) or not search.strip() or state.level == "prefecture":
        raise PreventUpdate
    return map_view.area_options(state.level, state.pref, state.area, search, lang=state.lang)


clientside_callback(
    ClientsideFunction(namespace="atlas", function_name="syncQuery"),
    Output(ids.URL_SYNC, "data"), Input(ids.VIEW, "data"),
    prevent_initial_call=True,
)

__all__ = ["layout", "render_map", "render_play", "search_areas", "toggle_play", "update_view"]

# Registered last: with an explicit module list (no pages folder scan) Dash needs the layout passed in.
dash.register_page(__name__, path="/", title=components.page_title(), name="map", layout=layout)
