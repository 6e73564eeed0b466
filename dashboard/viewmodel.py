"""What one map view says and draws, for the map page and its exports alike.

The page (``dashboard.pages.map_view``) and the exports
(``dashboard.export.views``) once built the same headline, captions and
ranking columns twice, and the export cut the page's figure after the fact:
its lagging highlight then pointed at other municipalities (issue 9 §1). Both
now take everything from here, fed by one read of the view
(``service.view_data``): the figure (``map_figure``, with boundaries as URLs
for the page or embedded for a file), the re-colouring of an existing figure
(``recolour``), the headline (``counts_line``), the captions and the ranking
columns and rows. No Dash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import choropleth, figures, headline, hoppo, i18n, metrics, placenames, residents, usagebasis, userlayer
from dashboard import dates as refdates
from dashboard.export.tables import Column
from dashboard.i18n import t
from dashboard.service import ViewData
from dashboard.state import ViewState
from layers.model import Indicator

#: Boundaries for a trace: (level, detail, area codes) → a URL the browser fetches, or a FeatureCollection.
Geometry = Callable[[str, str, Sequence[str]], Any]


def area_name(data: ViewData) -> str:
    """What the view covers: 全国 / All Japan, or the prefecture's name."""
    state, prefs = data.state, data.prefectures
    if not state.pref:
        return t("all_japan", state.lang)
    code = state.pref_code
    return placenames.name_of(prefs, code, state.lang, default=state.pref) if code else state.pref


def detail(state: ViewState) -> str:
    """The detailed boundaries when zoomed to a prefecture, else the overview set."""
    return "detailed" if state.pref else "overview"


def _inset_label(codes: Sequence[str], areas: pd.DataFrame, lang: str) -> str:
    names = [placenames.name_of(areas, c, lang) for c in codes if c in areas.index]
    if len(names) <= 2:
        return (", " if lang == "en" else "・").join(names)
    return t("inset_more", lang, first=names[0], n=len(names) - 1)


def insets(data: ViewData) -> list[choropleth.Inset]:
    """The view's remote island groups (``service.InsetFrame``), labelled in the reader's language."""
    return [choropleth.Inset(i.codes, i.bounds, i.domain, _inset_label(i.codes, data.areas, data.state.lang))
            for i in data.insets]


def map_figure(data: ViewData, geometry: Geometry, uirevision: str = "map") -> go.Figure:
    """The map of a view: the shown rows coloured on the national scale, neighbours as grey context.

    A prefecture view draws only that prefecture's areas in colour (its remote
    islands in insets); the other prefectures are plain grey context with no
    values and no highlight. The colour scale always spans the whole country,
    so one colour means one value on every view, screen or file.
    """
    state, shown = data.state, data.shown
    prefs = data.prefectures["code"].tolist()
    codes = shown["code"].tolist()
    outline = [c for c in prefs if c == state.pref_code] if state.pref else prefs
    outline = outline if state.level == "municipality" else []
    context = [c for c in prefs if c != state.pref_code] if state.pref else []
    hoppo_codes = hoppo.shown_on(state.level, state.pref_code)  # drawn grey, never in ``shown``
    return choropleth.map_figure(
        shown, data.indicator, geometry(state.level, detail(state), [*codes, *hoppo_codes]),
        geometry("prefecture", detail(state), sorted({*outline, *context})),
        data.bounds, lang=state.lang, emphasise=state.rule != "none",
        selected=state.area if state.area in set(codes) else None, outline_codes=outline, uirevision=uirevision,
        scale_values=data.scale, context_codes=context, insets=insets(data),
        no_statistics=[a for a in hoppo.areas() if a[0] in hoppo_codes],
    )


def recolour(data: ViewData) -> list[tuple[int, dict[str, Any]]]:
    """(trace index, new properties) that turn a figure of the same level and prefecture into this view."""
    state = data.state
    out: list[tuple[int, dict[str, Any]]] = []
    for k, (value, missing, rows) in enumerate(choropleth.parts(data.shown, insets(data))):
        props = choropleth.recolourable(rows, data.indicator, state.lang, state.rule != "none", data.scale,
                                        inset=k > 0)
        out += [(value, props[0]), (missing, props[1])]
    return out


# ------------------------------------------------------------------ captions
def rule_text(state: ViewState, ind: Indicator) -> str:
    text = t(f"rule_{state.rule}", state.lang).replace("N%", f"{state.threshold}%")
    target = ind.current_target(date.today())
    bar = target.value if state.rule == "target" and target else state.cutoff if state.rule == "below" else None
    if bar is None:
        return text
    number = figures.format_number(bar, ind.decimals, ind.unit_for(state.lang))
    return f"{text} ({number})" if state.lang == "en" else f"{text}（{number}）"  # no full-width marks in English


def subtitle(data: ViewData, when: str) -> str:
    """Reference date, area filter and level, lagging rule: what the figure is of."""
    state, ind = data.state, data.indicator
    lang = state.lang
    level = t(f"level_{state.level}", lang)
    rule = rule_text(state, ind)
    if lang == "ja":
        return "・".join([f"{t('date', lang)}：{when}", f"{area_name(data)}（{level}）", f"{t('rule', lang)}：{rule}"])
    where = f"{area_name(data)} ({level.lower()})"
    return " · ".join([f"{t('date', lang)}: {when}", where, f"{t('rule', lang)}: {rule}"])


def counts_line(frame: pd.DataFrame, state: ViewState, ind: Indicator) -> str:
    """The headline for ``frame``'s rows (``dashboard.headline``): what the rule flags, residents, missing."""
    rule = headline.Rule(state.rule, state.threshold, state.cutoff, state.level, state.lang)
    text = headline.headline(metrics.summarise(frame), ind, rule)
    basis = residents.basis_note(ind.id, state.date, pd.Index(frame["code"]), state.lang)  # dashdata
    return f"{text} {basis}" if basis else text


# ------------------------------------------------------------------- ranking
def ranking_columns(ind: Indicator, level: str, as_of: str | None = None,
                    both_names: bool = False) -> tuple[Column, ...]:
    """Exported ranking columns: headers from ``i18n``, units from the indicator's declaration.

    With ``as_of`` the value header carries the date (and ``dashboard.dates``' mark when the
    publisher has not confirmed it), so a CSV opened on its own still says when, and how surely.
    With ``both_names`` (a downloaded file) the name is given twice, Japanese then English
    (``placenames``; empty where none is known); the page shows one, in the reader's language.
    """

    def col(key: str, i18n_key: str, unit: str = "", decimals: int | None = None, unit_en: str = "") -> Column:
        if key == "value" and as_of:
            return Column(key, f"{t(i18n_key, 'ja')} {refdates.date_text(ind.id, as_of, 'ja')}",
                          f"{t(i18n_key, 'en')} {refdates.date_text(ind.id, as_of, 'en')}", unit, decimals, unit_en)
        return Column(key, t(i18n_key, "ja"), t(i18n_key, "en"), unit, decimals, unit_en)

    columns = [
        # 団体コード (6 digits, check digit) is what municipal staff type; 標準地域コード (5) is what statistics use
        col("code6", "col_code6"),
        col("code", "col_code5"),
        *((col("name_ja", "col_name_ja"), col("name_en", "col_name_en")) if both_names else (col("name", "col_name"),)),
        col("prefecture_name", "col_pref"),
        col("value", "col_value", ind.unit, ind.decimals, ind.unit_en),
    ]
    if ind.current_target(date.today()):  # the gap column: only to a target that is still the bar
        pct = ind.unit == "%"  # a difference of rates is in percentage points
        columns.append(col("gap", "col_gap", "pt" if pct else ind.unit, ind.decimals, "" if pct else ind.unit_en))
    # an upload's ranks are among the areas in the file, not the whole country
    columns.append(col("rank_national", "col_rank_upload" if userlayer.is_upload_id(ind.id) else "col_rank_nat",
                       decimals=0))
    if level == "municipality":
        columns.append(col("rank_pref", "col_rank_pref", decimals=0))
    columns.append(col("population", "col_population", "人", 0, "persons"))
    if level == "municipality":
        columns.append(col("kaso", "col_kaso"))
    if usagebasis.applies(ind.id):  # how many procedures each median rests on (dashdata)
        columns.append(col("basis", "col_basis"))
    return (*columns, col("status", "col_status"), col("note", "col_note"))


def status_text(lagging: bool, value: float, state: ViewState, ind: Indicator) -> str:
    """The status cell under every rule: lagging, not lagging, no rule, or no data."""
    lang = state.lang
    if value != value:  # NaN: missing is said, never ranked
        return t("no_data", lang)
    if state.rule == "none" or not ind.can_lag:
        return t("status_none", lang)
    return t("lagging", lang) if lagging else t("not_lagging", lang)


def worst_first(state: ViewState, ind: Indicator) -> bool:
    """A lagging view lists the worst areas first (ranks are direction-aware: 1 = best)."""
    return state.rule != "none" and ind.can_lag


def ranking_table(data: ViewData, codes: Sequence[str] | None = None) -> pd.DataFrame:
    """The ranking's rows (the view's shown rows) for page and download: worst first under a lagging
    rule, best first otherwise, missing values last; or in the order of ``codes`` (the user's sorted,
    filtered table)."""
    state, ind = data.state, data.indicator
    lang = state.lang
    table = data.shown.reset_index(drop=True)
    table["code6"] = table["code"].map(data.areas["code6"])
    table["kaso"] = [i18n.kaso_label(k, lang) if isinstance(k, str) and k else "" for k in table["kaso_class"]]
    table["status"] = [status_text(bool(lag), float(v), state, ind) for lag, v in zip(
        table["lagging"], table["value"].to_numpy(dtype="float64", na_value=np.nan), strict=True)]
    if codes is not None:
        order = {code: i for i, code in enumerate(codes)}
        picked = table[table["code"].isin(order)]
        return picked.iloc[picked["code"].map(order).argsort()].reset_index(drop=True)
    down = worst_first(state, ind)
    return table.sort_values(["rank_national", "code"], ascending=[not down, True], na_position="last",
                             kind="stable").reset_index(drop=True)
