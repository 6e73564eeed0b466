"""What the map page shows for a ``ViewState``: control options, the figure
(or the ``Patch`` that turns the previous view into this one), the headline
and the source line.

Shared by the page layout (first render from the URL) and the callbacks
(every later change), so both paths give the same view.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

import plotly.graph_objects as go
from dash import Patch, html

from dashboard import (
    components,
    db,
    figures,
    metrics,
    placenames,
    queries,
    references,
    service,
    usagebasis,
    userlayer,
    viewmodel,
)
from dashboard import dates as refdates
from dashboard.db import DbKey
from dashboard.figures import SELECTED
from dashboard.i18n import t
from dashboard.pages import people
from dashboard.service import ViewData
from dashboard.state import ViewState, prefecture_code
from layers.model import ASPECTS, Indicator


def indicator_options(lang: str) -> list[dict[str, Any]]:
    """Indicators grouped by category: a disabled heading option, then its indicators; within a
    category, those with an aspect (availability / use of online procedures) under a disabled
    sub-heading each, availability first, so "can apply online" and "did apply online" stand
    side by side and cannot be mistaken for one another (issue 9 §5)."""
    options: list[dict[str, Any]] = []
    for category, inds in queries.categories(queries.catalogue()).items():
        options.append({"label": f"■ {t('cat_' + category, lang)}", "value": f"__{category}", "disabled": True})
        options += [_indicator_option(i, lang) for i in inds if i.aspect is None]
        for aspect in ASPECTS:
            group = [_indicator_option(i, lang) for i in inds if i.aspect == aspect]
            if group:
                options.append({"label": f"□ {t('aspect_' + aspect, lang)}", "value": f"__{category}_{aspect}",
                                "disabled": True})
                options += group
    return options


def _indicator_option(ind: Indicator, lang: str) -> dict[str, Any]:
    only = f"（{t('level_prefecture', lang)}）" if ind.levels == ("prefecture",) else ""
    if lang == "en" and only:
        only = " (prefectures)"
    return {"label": f"{ind.label(lang)}{only}", "value": ind.id}


def level_options(ind: Indicator, lang: str) -> list[dict[str, Any]]:
    return [{"label": t(f"level_{lv}", lang), "value": lv, "disabled": lv not in ind.levels}
            for lv in ("municipality", "prefecture")]


def rule_options(ind: Indicator, level: str, lang: str) -> list[dict[str, Any]]:
    """Rules the indicator supports: none but "none" for context; target only while a target is current."""
    disabled = {"target": ind.current_target(date.today()) is None, "pref_bottom": level == "prefecture"}
    return [{"label": t(f"rule_{r}", lang), "value": r,
             "disabled": (not ind.can_lag and r != "none") or disabled.get(r, False)} for r in metrics.RULES]


def pref_options(lang: str = "ja") -> list[dict[str, str]]:
    prefs = queries.prefectures()
    return [{"label": n, "value": c[:2]} for c, n in zip(prefs["code"], placenames.names(prefs["code"], lang),
                                                           strict=True)]


def area_options(level: str, pref: str | None, selected: str | None = None,
                 search: str | None = None, limit: int = 30, lang: str = "ja") -> list[dict[str, str]]:
    """Keyboard route to any area (the map itself is pointer-only).

    The 47 prefectures are listed whole; municipality names (1,741, ~150 KB of
    JSON; 179 in 北海道) are sent as the user types: the selected area plus up
    to ``limit`` names containing the typed text, within the prefecture filter.
    """
    areas = queries.areas(level)
    code = prefecture_code(pref)
    if level == "prefecture":
        return [{"label": n, "value": c} for c, n in zip(areas["code"], placenames.names(areas["code"], lang),
                                                          strict=True)]
    text = (search or "").strip()[:20]
    if not text:  # nothing typed (every click): the selected area alone, if inside the filter
        inside = bool(selected) and selected in areas.index and (
            code is None or areas.at[selected, "prefecture_code"] == code)
        return [_area_option(str(selected), lang)] if inside else []
    areas = queries.in_prefecture(areas, code)
    english = areas["name_en"].fillna("").str.contains(text, case=False, regex=False)  # "mima" finds Mima-shi
    hits = areas["name_ja"].str.contains(text, regex=False) | english | (areas["code"] == (selected or ""))
    return [_area_option(c, lang) for c in areas.loc[hits, "code"].head(limit)]


def _area_option(code: str, lang: str) -> dict[str, str]:
    return {"label": placenames.with_name_with_prefecture(code, lang), "value": code}


def date_slider(state: ViewState, dates: Sequence[str]) -> dict[str, Any]:
    """Slider props over the indicator's ``dates`` (index positions; marks by year when many)."""
    if len(dates) <= 6:
        marks = {i: d + refdates.mark(state.indicator, d, state.lang) for i, d in enumerate(dates)}
    else:  # the first snapshot of a year, unless it would crowd the previous label
        marks, spacing, last = {}, -(-len(dates) // 8), -len(dates)
        for i, d in enumerate(dates):
            if (i == 0 or d[:4] != dates[i - 1][:4]) and i - last >= spacing:
                marks[i], last = d[:4], i
    value = dates.index(state.date) if state.date in dates else max(len(dates) - 1, 0)
    return {"min": 0, "max": max(len(dates) - 1, 0), "marks": marks, "value": value, "hidden": len(dates) < 2}


def geometry(level: str, detail: str, codes: Sequence[str] = ()) -> str:
    """The URL of a boundary asset: the browser fetches it once and keeps it (every code is in it)."""
    name = service.asset_name(level, detail)
    return components.page_href(f"/geo/{name}") if name else ""


def geojson_urls(state: ViewState) -> list[str]:
    """The boundary assets the map of ``state`` references (areas; prefectures for outlines and context)."""
    urls = [geometry(state.level, viewmodel.detail(state))]
    if state.level == "municipality" or state.pref:
        urls.append(geometry("prefecture", viewmodel.detail(state)))
    return [u for u in dict.fromkeys(urls) if u]


def prefetch_urls(state: ViewState) -> str:
    """The boundary assets a prefecture filter would draw that this map does not (space-separated).

    The detailed boundaries (2.5 MB of GeoJSON, 0.6 MB gzip) made the first prefecture
    filter the slowest one; ``assets/geo_prefetch.js`` loads these into plotly.js's GeoJSON
    cache once the first map is drawn and the browser is idle.
    """
    framed = [geometry(state.level, "detailed"), geometry("prefecture", "detailed")]
    return " ".join(u for u in dict.fromkeys(framed) if u and u not in geojson_urls(state))


def uirevision(state: ViewState) -> str:
    """Changes only when the framing should change, so the user's zoom survives re-colours
    (an upload is framed on its own areas: ``service.view_data``)."""
    upload = "|upload:" + state.indicator if userlayer.is_upload_id(state.indicator) and not state.pref else ""
    return f"{state.level}|{state.pref or 'all'}{upload}"


def map_figure(data: ViewData) -> go.Figure:
    """The whole map of a view; catalogue views are built once per process and database.

    Building and validating the 1,741-area figure is half the server time of
    a page load. The cached figure is shared, so treat it as read-only (Dash
    only serialises it). A session's uploaded indicator is never cached.
    """
    if userlayer.is_upload_id(data.state.indicator):
        return _build_map_figure(data)
    return _cached_map_figure(db.key(), data)


@lru_cache(maxsize=16)
def _cached_map_figure(key: DbKey, data: ViewData) -> go.Figure:
    return _build_map_figure(data)


def _build_map_figure(data: ViewData) -> go.Figure:
    return viewmodel.map_figure(data, geometry, uirevision(data.state))


def map_patch(data: ViewData, old: ViewState) -> Patch:
    """Only what changed between two views of the same level, prefecture and language."""
    new = data.state
    patch = Patch()
    recolour = (new.indicator, new.date, new.rule, new.threshold, new.cutoff) != (
        old.indicator, old.date, old.rule, old.threshold, old.cutoff)
    if recolour:
        for index, props in viewmodel.recolour(data):
            for key, value in props.items():
                patch["data"][index][key] = value
    if new.area != old.area:
        shown = new.area if new.area in set(data.shown["code"]) else None
        for key, value in figures.selected_trace(shown).items():
            patch["data"][SELECTED][key] = value
    return patch


def summary(data: ViewData) -> list[Any]:
    """Headline: lagging count and residents, nationally and in the chosen prefecture."""
    state, ind, frame = data.state, data.indicator, data.frame
    if state.date is None:
        return [html.P(t("no_data", state.lang))]
    lines = [html.P(viewmodel.counts_line(frame, state, ind), className="headline")]
    lines += [p for p in [people.headline(frame, state.level, state.lang)] if p is not None]  # people first
    if state.pref and state.level == "municipality":
        name = viewmodel.area_name(data)
        lines.append(html.P(f"{name}：{viewmodel.counts_line(data.shown, state, ind)}", className="headline-pref"))
    return lines


def source_line(data: ViewData) -> list[Any]:
    """The indicator's source (a catalogue entry's, or the session upload's declared one), its target's,
    the national reference figures' (broadband), and N03."""
    return components.source_line(data.source, data.state.lang, data.extra_sources)


def legend_note(data: ViewData) -> list[Any]:
    """What the colours mean, in words (the target marker, direction, muting, no data)."""
    ind, lang = data.indicator, data.state.lang
    parts = [ind.description(lang)]
    if ind.target:
        policy = ind.target.policy_en if lang == "en" else ind.target.policy_ja
        target = figures.format_number(ind.target.value, ind.decimals, ind.unit_for(lang))
        current = ind.target.is_current(date.today())
        name = f"◆ {t('target', lang)}" if current else t("target_history", lang, year=ind.target.deadline.year)
        parts.append(f"{name}: {target}（{policy}, {ind.target.deadline.isoformat()}）")
    note = ind.note_en if lang == "en" else ind.note_ja
    if note:
        parts.append(note)
    parts.extend(references.reference_lines(ind, lang))  # national broadband figures with no area table
    if usagebasis.applies(ind.id):
        parts.append(t("usage_few_legend", lang))
    return [html.Span(p) for p in parts]
