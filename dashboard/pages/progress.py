"""The progress page (``/progress``): how far every area is from its target,
how fast it is moving and whether that pace gets there by the deadline
(``dashboard.progress``: method quoted on the page).

The map draws the status of each area with the boundary files the map page
already serves (same content-hashed URLs, so the browser's copy is reused);
the state is the URL (indicator, level, period start, prefecture, language).
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache
from typing import Any

import dash
import numpy as np
import pandas as pd
from dash import (
    ClientsideFunction,
    Input,
    Output,
    Patch,
    State,
    callback,
    clientside_callback,
    dash_table,
    dcc,
    html,
)

from dashboard import (
    components,
    db,
    i18n,
    insight_figures,
    insight_service,
    placenames,
    progress,
    queries,
    queries_insight,
    service,
)
from dashboard.db import DbKey
from dashboard.i18n import t
from dashboard.insight_state import ProgressState, as_mapping, parse_progress
from dashboard.pages import people as people_line
from layers.model import Indicator

IND, LEVEL, START, PREF = "prog-indicator", "prog-level", "prog-from", "prog-pref"
MAP, SUMMARY, TARGET, TABLE, QUERY, SYNC, NOTICES, COMPARE, RANK_TITLE = (
    "prog-map", "prog-summary", "prog-target", "prog-table", "prog-query", "prog-sync", "prog-notices", "prog-compare",
    "prog-rank-title")
LIMIT = 100
GRAPH_CONFIG = {"displaylogo": False, "scrollZoom": True, "responsive": True,
                # as on the map page: only buttons that do something visible on a geo map
                "modeBarButtonsToRemove": [*components.NO_SELECT, "hoverClosestGeo"]}
COMPARE_N = 5
#: The ranking's column ids as sent: one letter each, since every one of up to 100 rows repeats them
#: (long ids cost ~6 KB a change); the readable names are the keys. ``id`` is the DataTable's row id.
K = {"id": "id", "rank": "k", "name": "n", "pref": "p", "latest": "l", "date": "d", "change": "c", "pace": "v",
     "required": "q", "projected": "j", "gap": "g", "status": "s"}


def _labels(lang: str) -> dict[str, str]:
    return {s: t(f"status_{s}", lang) for s in progress.STATUSES}


def _pace_text(value: float, ind: Indicator, lang: str) -> str:
    if value is None or math.isnan(value):
        return "—"
    unit = "pt" if ind.unit == "%" else ind.unit_for(lang)
    return f"{value:+,.{ind.decimals + 1}f}{unit}"


def target_line(ind: Indicator, lang: str) -> str:
    """The target with its policy, deadline and citation, or the plain 'no target' sentence."""
    if ind.target is None:
        return t("no_target", lang)
    row = queries_insight.policy_target(ind.target.target_id) or {}
    return t("target_line", lang, value=ind.format_value(ind.target.value, lang),
              deadline=ind.target.deadline.isoformat(),
              policy=ind.target.policy_en if lang == "en" else ind.target.policy_ja,
              document=row.get("source_document", ind.target.source_id), reference=row.get("source_reference", ""))


def _sentence(part: pd.DataFrame, name: str, state: ProgressState, ind: Indicator) -> str:
    """One headline: areas with a value, how many are behind (off track / deadline passed), who lives there."""
    lang = state.lang
    unit = t(f"unit_{state.level}", lang)
    shown = int(part["latest"].notna().sum())
    missing = len(part) - shown
    tail = t("missing_count", lang, m=f"{missing:,}") if missing else ""
    if ind.target is None:
        pace = float(part["pace"].median()) if part["pace"].notna().any() else math.nan
        return t("progress_summary_no_target", lang, name=name, n=f"{shown:,}", unit=unit,
                  pace=_pace_text(pace, ind, lang)) + tail
    status = part["status"]
    behind = part[status.isin(progress.BEHIND)]
    people = insight_service.people_in(behind.index, state.level)
    residents = float(behind["population"].sum()) if behind["population"].notna().any() else 0.0  # at the date
    line = t("progress_summary", lang, name=name, n=f"{shown:,}", unit=unit, behind=f"{len(behind):,}",
              off=f"{int((status == 'off_track').sum()):,}", passed=f"{int((status == 'deadline_passed').sum()):,}",
              pop=i18n.residents(residents, lang)) + tail
    if len(behind) and not math.isnan(people["aged_65"]):
        line += t("people_line", lang, aged=i18n.residents(people["aged_65"], lang),
                   single=people_line.households(people["single_elderly"], lang))
    return line


def summary(state: ProgressState, frame: pd.DataFrame, ind: Indicator) -> list[Any]:
    """National sentence, the chosen prefecture's, and (all of Japan) the prefectures with most areas behind."""
    lang = state.lang
    lines: list[Any] = [html.P(_sentence(frame, t("all_japan", lang), state, ind), className="headline")]
    if state.pref:
        part = frame[frame["pref2"].to_numpy() == state.pref]
        name = placenames.name(f"{state.pref}000", lang, default=state.pref)  # english
        lines.append(html.P(_sentence(part, name, state, ind), className="headline-pref"))
    elif ind.target is not None and state.level == "municipality":
        lines.append(_by_prefecture(frame, lang))
    judged = insight_service.judged_date(frame)
    if judged:
        text = t("judged_at", lang, date=judged)
        if ind.target is not None:  # the headlines count residents: say whose count, at which date
            text += " " + insight_service.residents_note(ind.id, judged, frame.index, lang)
        lines.append(html.P(text, className="method"))
    return lines


def _by_prefecture(frame: pd.DataFrame, lang: str) -> html.Details:
    """Every prefecture: areas with a value, areas behind, residents there (most areas behind first)."""
    behind = frame["status"].isin(progress.BEHIND).to_numpy()
    grouped = pd.DataFrame({"pref": frame["prefecture_name"].to_numpy(), "n": frame["latest"].notna().to_numpy(),
                            "behind": behind, "people": np.where(behind, frame["population"].to_numpy(), 0.0)})
    table = grouped.groupby("pref", sort=False).sum().sort_values(["behind", "people"], ascending=False)
    rows = [html.Tr([html.Th(str(name), scope="row"), html.Td(f"{int(n):,}"), html.Td(f"{int(k):,}"),
                     html.Td(i18n.residents(float(people), lang))])
            for name, n, k, people in zip(table.index, table["n"], table["behind"], table["people"], strict=True)]
    heads = [t("col_pref", lang), t("col_areas", lang), t("col_behind", lang), t("col_population", lang)]
    return html.Details([html.Summary(t("by_pref_title", lang)), html.Div(html.Table(
        [html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])), html.Tbody(rows)],
        className="data-table compact"), className="scroll")])


def ranking(state: ProgressState, frame: pd.DataFrame, ind: Indicator) -> list[dict[str, Any]]:
    """Rows for the table: furthest behind the required pace first (then the worst latest value, then code).

    Sorted and built on numpy arrays (no per-row pandas access): this runs on every control change.
    """
    rows = np.arange(len(frame)) if not state.pref else np.flatnonzero(frame["pref2"].to_numpy() == state.pref)
    gap = frame["gap_pace"].to_numpy(dtype="float64")[rows]
    latest = frame["latest"].to_numpy(dtype="float64")[rows]
    good = latest if ind.higher_is_better else -latest
    top = rows[np.lexsort((np.nan_to_num(good, nan=np.inf), np.nan_to_num(gap, nan=np.inf)))][:LIMIT]
    labels, lang = _labels(state.lang), state.lang
    href = components.page_href("/", "")
    col = {c: frame[c].to_numpy()[top] for c in ("name_ja", "prefecture_name", "latest", "change", "pace",
                                                  "required", "projected", "gap_pace", "status")}
    dates = frame["latest_date"].dt.strftime("%Y-%m-%d").fillna("").to_numpy()[top]
    codes = np.asarray(frame.index, dtype=object)[top]
    return [{K["id"]: code, K["rank"]: i + 1,
             K["name"]: f"[{placenames.name(code, lang)}]({href}?indicator={ind.id}&area={code}&lang={lang})",
             K["pref"]: col["prefecture_name"][i] if lang == "ja" else _prefecture_en(code),
             K["latest"]: _value(col["latest"][i], ind, lang),
             K["date"]: dates[i], K["change"]: _pace_text(col["change"][i], ind, lang),
             K["pace"]: _pace_text(col["pace"][i], ind, lang),
             K["required"]: _pace_text(col["required"][i], ind, lang),
             K["projected"]: _value(col["projected"][i], ind, lang),
             K["gap"]: _pace_text(col["gap_pace"][i], ind, lang),
             K["status"]: labels[str(col["status"][i])]} for i, code in enumerate(codes)]


def _prefecture_en(code: str) -> str:
    areas = queries.areas()
    return placenames.name(str(areas.at[code, "prefecture_code"]), "en") if code in areas.index else ""


def _value(value: float, ind: Indicator, lang: str) -> str:
    return "—" if value is None or math.isnan(value) else ind.format_value(float(value), lang)


def _columns(lang: str) -> list[dict[str, Any]]:
    names = [("rank", "#"), ("name", t("col_name", lang)), ("pref", t("col_pref", lang)),
             ("latest", t("col_latest", lang)), ("date", t("col_date", lang)),
             ("change", t("col_change", lang)), ("pace", t("col_pace", lang)),
             ("required", t("col_required", lang)), ("projected", t("col_projected", lang)),
             ("gap", t("col_gap_pace", lang)), ("status", t("col_status", lang))]
    return [{"id": K[i], "name": n, **({"presentation": "markdown"} if i == "name" else {})} for i, n in names]


def _drawn(state: ProgressState, frame: pd.DataFrame) -> pd.DataFrame:
    """Status and name of every area of the level, in the areas table's order (the same locations for every
    indicator and period, so a change replaces only ``z``); an area without a row has no data."""
    areas = queries.areas(state.level)
    drawn = frame[["status", "name_ja"]].reindex(areas.index)
    return drawn.fillna({"status": "no_data"}).assign(name_ja=areas["name_ja"].to_numpy(dtype=object))


def map_spec(state: ProgressState, frame: pd.DataFrame) -> dict[str, Any]:
    detail = "detailed" if state.pref else "overview"
    main = service.asset_name(state.level, detail)
    outline = service.asset_name("prefecture", detail) if state.level == "municipality" else None
    prefs = queries.prefectures()["code"].tolist() if outline else []
    return insight_figures.status_map_spec(
        _drawn(state, frame), _labels(state.lang), components.page_href(f"/geo/{main}") if main else "",
        components.page_href(f"/geo/{outline}") if outline else None, prefs,
        service.bounds(state.level, state.pref), f"{state.level}|{state.pref or 'all'}")


def map_patch(spec: dict[str, Any]) -> Patch:
    """What a new indicator, period or prefecture changes on a map of the same level and language: the
    statuses (``z``), the legend keys, the boundary files (detail level) and the framing.

    The codes and names of the areas stay in the browser; resending them would cost ~45 KB a change.
    """
    patch = Patch()
    patch["data"][0]["z"] = spec["data"][0]["z"]
    for i, trace in enumerate(spec["data"]):
        patch["data"][i]["geojson"] = trace["geojson"]
        if trace.get("meta") == "legend":
            patch["data"][i]["name"], patch["data"][i]["visible"] = trace["name"], trace["visible"]
    patch["layout"]["geo"] = spec["layout"]["geo"]
    patch["layout"]["uirevision"] = spec["layout"]["uirevision"]
    return patch


def compare_href(rows: list[dict[str, Any]], lang: str) -> str:
    codes = [str(r[K["id"]]) for r in rows[:COMPARE_N]]
    return components.page_href("/compare", f"areas={','.join(codes)}&lang={lang}") if len(codes) >= 2 else ""


def outputs(state: ProgressState) -> dict[str, Any]:
    """Everything the page shows for ``state`` (shared by the layout and the callback). Read-only (cached)."""
    return _outputs(db.key(), replace(state, notices=()))


@lru_cache(maxsize=64)
def _outputs(key: DbKey, state: ProgressState) -> dict[str, Any]:
    ind = queries.catalogue().indicator(state.indicator)
    frame = insight_service.progress_frame(state.indicator, state.level, state.start)
    rows = ranking(state, frame, ind)
    return {"map": map_spec(state, frame), "summary": summary(state, frame, ind),
            "target": target_line(ind, state.lang), "rows": rows, "compare": compare_href(rows, state.lang),
            "rank_title": t("ranking_pace" if ind.target else "ranking_latest", state.lang)}


def _controls(state: ProgressState) -> html.Div:
    lang = state.lang
    cat = queries.catalogue()
    options = insight_service.progress_options()
    ind = cat.indicator(state.indicator)
    years = options.years(state.indicator, state.level)
    return html.Div(className="controls", children=[
        html.Div([html.Label(t("indicator", lang), htmlFor=IND), dcc.Dropdown(
            id=IND, options=[{"label": cat.indicator(i).label(lang), "value": i} for i in options.levels],
            value=state.indicator, clearable=False, labels=components.dropdown_labels(lang))], className="control"),
        html.Div([html.Span(t("level", lang), className="label"), dcc.RadioItems(
            id=LEVEL, value=state.level, inline=True, labelStyle={"marginRight": "12px"},
            options=[{"label": t(f"level_{lv}", lang), "value": lv, "disabled": lv not in ind.levels}
                     for lv in ("municipality", "prefecture")])], className="control"),
        html.Div([html.Label(t("progress_from", lang), htmlFor=START), dcc.Dropdown(
            id=START, options=[{"label": str(y), "value": y} for y in years], value=state.start, clearable=False,
            searchable=False, labels=components.dropdown_labels(lang))], className="control"),
        html.Div([html.Label(t("prefecture", lang), htmlFor=PREF), dcc.Dropdown(
            id=PREF, options=insight_service.prefecture_options(), value=state.pref, placeholder=t("all_japan", lang),
            labels=components.dropdown_labels(lang))], className="control"),
    ])


def _lang_href(state: ProgressState) -> str:
    other = ProgressState(state.indicator, state.level, state.start, state.pref, "en" if state.lang == "ja" else "ja")
    return components.page_href("/progress", other.to_query())


def layout(**query: Any) -> html.Div:
    """The whole view from the URL (invalid values fall back, with notices)."""
    try:
        state = parse_progress(query, insight_service.progress_options())
        shown = outputs(state)
    except db.DatabaseMissing:
        return components.db_missing()
    lang = state.lang
    return components.page(lang, "progress", _lang_href(state), t("progress_title", lang), [
        html.P(shown["target"], id=TARGET, className="legend-note", style={"overflowWrap": "anywhere"}),
        html.Div(shown["summary"], id=SUMMARY, **{"aria-live": "polite"}),
        html.Div(dcc.Graph(id=MAP, figure=shown["map"], className="map-graph",
                           config=components.graph_config(
                               lang, **GRAPH_CONFIG, topojsonURL=dash.get_asset_url("topojson/"))),
                 className="map-box"),
        html.P(t("progress_method", lang), className="method"),
        html.H3(shown["rank_title"], id=RANK_TITLE),
        dcc.Link(t("compare_top", lang, n=COMPARE_N), id=COMPARE, href=shown["compare"] or "#",
                 className="button-link"),
        dash_table.DataTable(
            id=TABLE, columns=_columns(lang), data=shown["rows"], page_size=20, page_action="native",
            sort_action="native", markdown_options={"link_target": "_self"},
            style_table={"overflowX": "auto"},
            style_cell={"fontFamily": "inherit", "textAlign": "left", "padding": "4px 8px", "whiteSpace": "normal"},
            style_header={"fontWeight": "bold", "backgroundColor": "#f2f2f2"}),
        html.P(components.source_line(service.source(queries.catalogue().indicator(state.indicator)), lang),
               className="source-line"),
    ], controls=_controls(state), stores=components.query_stores(QUERY, SYNC, {"query": state.to_query()}),
        notice_items=state.notices, notices_id=NOTICES)


@callback(
    Output(MAP, "figure"), Output(SUMMARY, "children"), Output(TARGET, "children"), Output(TABLE, "data"),
    Output(COMPARE, "href"), Output(QUERY, "data"), Output(NOTICES, "children"), Output(START, "options"),
    Output(START, "value"), Output(LEVEL, "value"), Output(RANK_TITLE, "children"),
    Input(IND, "value"), Input(LEVEL, "value"), Input(START, "value"), Input(PREF, "value"),
    State(QUERY, "data"),
    prevent_initial_call=True,
)
def render_progress(indicator: Any, level: Any, start: Any, pref: Any, current: Any) -> tuple[Any, ...]:
    """Re-assess for the chosen controls; the URL follows (a choice the indicator cannot take falls back)."""
    old = parse_progress(as_mapping(str(current.get("query", "")) if isinstance(current, dict) else ""),
                         insight_service.progress_options())
    wanted = indicator if isinstance(indicator, str) else old.indicator
    levels = insight_service.progress_options().levels.get(wanted, ())
    query = {"indicator": wanted, "lang": old.lang, "pref": pref if isinstance(pref, str) else "",
             "level": level if isinstance(level, str) and level in levels else ""}  # an impossible level: quietly
    if isinstance(start, int) and not isinstance(start, bool) and query["indicator"] == old.indicator:
        query["from"] = str(start)
    state = parse_progress(query, insight_service.progress_options())
    shown = outputs(state)
    years = insight_service.progress_options().years(state.indicator, state.level)
    same = (state.level, state.lang) == (old.level, old.lang)  # the same areas drawn: only statuses change
    return (map_patch(shown["map"]) if same else shown["map"], shown["summary"], shown["target"], shown["rows"],
            shown["compare"] or "#",
            {"query": state.to_query()}, components.notices(state.notices, state.lang),
            [{"label": str(y), "value": y} for y in years], state.start, state.level, shown["rank_title"])


clientside_callback(
    ClientsideFunction(namespace="atlas", function_name="syncQuery"),
    Output(SYNC, "data"), Input(QUERY, "data"),
    prevent_initial_call=True,
)

__all__ = ["layout", "outputs", "render_progress"]

# Registered last: with an explicit module list (no pages folder scan) Dash needs the layout passed in.
dash.register_page(__name__, path="/progress", title="目標への進み具合 | 地域デジタル格差アトラス", name="progress",
                   layout=layout)
