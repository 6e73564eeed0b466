"""From a map view (``ViewState``) to what an export needs: figure, text, table.

The download callbacks and the batch CLI both call ``build_view`` so a file
downloaded from the screen and one made in batch say the same. It reads the
database only through ``dashboard.service``/``dashboard.queries`` and draws
with ``dashboard.figures.map_figure``, the builder the screen uses, so the
colours, the target mark and the muting of non-lagging areas match the map
on screen. Two things differ on purpose: the boundaries are embedded
(the screen fetches them by URL), and a prefecture view is drawn from that
prefecture's rows only (the screen shows its neighbours too), on the
national colour scale.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import db, figures, headline, i18n, metrics, queries, references, service
from dashboard.db import DbKey
from dashboard.export.meta import ExportMeta, format_date, label
from dashboard.export.tables import Column
from dashboard.i18n import t
from dashboard.state import ViewState
from layers.model import Indicator


@dataclass(frozen=True)
class ExportView:
    """One view ready to export: the map, its text and its ranking rows."""

    state: ViewState
    indicator: Indicator
    figure: go.Figure
    meta: ExportMeta
    table: pd.DataFrame
    columns: tuple[Column, ...]


@lru_cache(maxsize=4)
def _features(key: DbKey, level: str, detail: str) -> dict[str, dict[str, Any]]:
    """Boundary features by area code, parsed once per process and database file.

    Shared between calls, so never mutated (``frame.export_figure`` builds new dicts).
    """
    text = queries.geojson(level, detail) or queries.geojson(level, "overview") or '{"features": []}'
    return {str(f.get("id")): f for f in json.loads(text).get("features", [])}


def geojson_for(level: str, detail: str, codes: Sequence[str]) -> dict[str, Any]:
    """A FeatureCollection of just ``codes`` (plotly copies what a figure holds, so keep it small)."""
    features = _features(db.key(), level, detail)
    return {"type": "FeatureCollection", "features": [features[c] for c in dict.fromkeys(codes) if c in features]}


def shown_frame(state: ViewState) -> pd.DataFrame:
    """The rows of ``service.map_frame`` the view shows: one prefecture's, or all."""
    frame = service.map_frame(state)
    if state.pref:
        frame = frame[frame["prefecture_code"].str[:2] == state.pref]
    return frame


def area_name(state: ViewState) -> str:
    if not state.pref:
        return t("all_japan", state.lang)
    prefs = queries.prefectures()
    code = f"{state.pref}000"
    return str(prefs.loc[code, "name_ja"]) if code in prefs.index else state.pref


def build_view(state: ViewState, export_date: date | None = None) -> ExportView:
    """Everything an export of ``state`` needs (``state`` must already be valid: see ``state.parse_query``)."""
    ind = service.indicator(state.indicator)
    shown = shown_frame(state)
    meta = _meta(state, ind, shown, export_date or date.today())
    columns = ranking_columns(ind, state.level)
    return ExportView(state, ind, map_figure(state, shown), meta, ranking_table(shown, state.lang), columns)


def map_figure(state: ViewState, shown: pd.DataFrame) -> go.Figure:
    """The screen's figure drawn from the shown rows only, on the national colour scale, boundaries embedded.

    Drawn from ``shown`` rather than cut from the national figure: the lagging
    highlight is a list of row positions (``selectedpoints``), so it is only
    right for the rows the figure was built from.
    """
    ind = service.indicator(state.indicator)
    national = service.map_frame(state)
    prefs = queries.prefectures()["code"].tolist() if state.level == "municipality" else []
    if state.pref:
        prefs = [c for c in prefs if c[:2] == state.pref]
    codes = list(shown["code"])
    selected = state.area if state.area in set(codes) else None
    fig = figures.map_figure(
        shown,
        ind,
        "",
        None,
        service.bounds(state.level, state.pref),
        lang=state.lang,
        emphasise=state.rule != "none",
        selected=selected,
        outline_codes=prefs,
        scale_values=national["value"].tolist(),
    )
    detail = "detailed" if state.pref else "overview"
    areas = geojson_for(state.level, detail, codes)
    for index in (figures.VALUE, figures.MISSING, figures.SELECTED):
        fig.data[index].geojson = areas
    fig.data[figures.OUTLINE].geojson = geojson_for("prefecture", detail, prefs)
    return fig


def _meta(state: ViewState, ind: Indicator, shown: pd.DataFrame, export_date: date) -> ExportMeta:
    lang = state.lang
    source = service.source(ind)  # the catalogue's, or the declared source of a session upload
    sources = [source] if source is not None else []
    sources += references.extra_sources(ind)  # the target's and the reference lines' sources, as on the map
    return ExportMeta(
        title=f"{ind.label(lang)} — {area_name(state)}",
        subtitle=subtitle(state, ind),
        legend_title=ind.unit_for(lang),
        counts=counts_line(shown, state, ind),
        target=current.value if (current := ind.current_target(date.today())) else None,
        source_lines=tuple(s.credit(lang) for s in sources),
        reference_lines=tuple(references.reference_lines(ind, lang)),
        key_numbers=key_numbers(shown, state, ind),
        lang=lang,
        export_date=export_date,
    )


def rule_text(state: ViewState, ind: Indicator) -> str:
    text = t(f"rule_{state.rule}", state.lang).replace("N%", f"{state.threshold}%")
    target = ind.current_target(date.today())
    if state.rule == "target" and target:
        text += f"（{figures.format_number(target.value, ind.decimals, ind.unit_for(state.lang))}）"
    if state.rule == "below" and state.cutoff is not None:
        text += f"（{figures.format_number(state.cutoff, ind.decimals, ind.unit_for(state.lang))}）"
    return text


def subtitle(state: ViewState, ind: Indicator) -> str:
    """Reference date, area filter and level, lagging rule: what the figure is of."""
    lang = state.lang
    when = format_date(date.fromisoformat(state.date), lang) if state.date else t("no_data", lang)
    level = t(f"level_{state.level}", lang)
    if lang == "ja":
        parts = [
            f"{t('date', lang)}：{when}",
            f"{area_name(state)}（{level}）",
            f"{t('rule', lang)}：{rule_text(state, ind)}",
        ]
    else:
        parts = [
            f"{t('date', lang)}: {when}",
            f"{area_name(state)} ({level.lower()})",
            f"{t('rule', lang)}: {rule_text(state, ind)}",
        ]
    return ("・" if lang == "ja" else " · ").join(parts)


def counts_line(frame: pd.DataFrame, state: ViewState, ind: Indicator) -> str:
    """The on-screen headline for the shown rows (the map page's own, ``dashboard.headline``)."""
    rule = headline.Rule(state.rule, state.threshold, state.cutoff, state.level, state.lang)
    return headline.headline(metrics.summarise(frame), ind, rule)


def key_numbers(frame: pd.DataFrame, state: ViewState, ind: Indicator) -> tuple[tuple[str, str], ...]:
    """The slide panel: lagging areas, their residents, the median, the target, areas without data."""
    s = metrics.summarise(frame)
    lang = state.lang
    unit = t(f"unit_{state.level}", lang).strip()
    median = float(frame["value"].median()) if s.shown else math.nan
    value_unit = ind.unit_for(lang)
    numbers = [
        (label(lang, "kn_lagging"), f"{s.lagging:,} / {s.shown:,} {unit}" + (
            f"（{headline.percent(s.share, lang)}）" if lang == "ja" else f" ({headline.percent(s.share, lang)})")),
        (label(lang, "kn_residents"), i18n.residents(s.residents, lang)),
    ] if ind.can_lag and state.rule != "none" else []  # context never lags; no rule, no count
    numbers.append((
        label(lang, "kn_median"),
        figures.format_number(median, ind.decimals, value_unit) if not math.isnan(median) else t("no_data", lang),
    ))
    target = ind.current_target(date.today())
    if target:
        numbers.append((label(lang, "kn_target"), figures.format_number(target.value, ind.decimals, value_unit)))
    if s.missing:
        numbers.append((label(lang, "kn_missing"), f"{s.missing:,} {unit}"))
    return tuple(numbers)


def ranking_columns(ind: Indicator, level: str) -> tuple[Column, ...]:
    """Exported ranking columns: headers from ``i18n``, units from the indicator's declaration."""

    def col(key: str, i18n_key: str, unit: str = "", decimals: int | None = None, unit_en: str = "") -> Column:
        return Column(key, t(i18n_key, "ja"), t(i18n_key, "en"), unit, decimals, unit_en)

    columns = [
        Column("code", "団体コード", "Area code"),
        col("name", "col_name"),
        col("prefecture_name", "col_pref"),
        col("value", "col_value", ind.unit, ind.decimals, ind.unit_en),
    ]
    if ind.current_target(date.today()):  # the gap column: only to a target that is still the bar
        pct = ind.unit == "%"  # a difference of rates is in percentage points
        columns.append(col("gap", "col_gap", "pt" if pct else ind.unit, ind.decimals, "" if pct else ind.unit_en))
    columns.append(col("rank_national", "col_rank_nat", decimals=0))
    if level == "municipality":
        columns.append(col("rank_pref", "col_rank_pref", decimals=0))
    columns.append(col("population", "col_population", "人", 0, "persons"))
    if level == "municipality":
        columns.append(col("kaso", "col_kaso"))
    return (*columns, col("status", "col_status"), col("note", "col_note"))


def ranking_table(frame: pd.DataFrame, lang: str, codes: Sequence[str] | None = None) -> pd.DataFrame:
    """Rows in rank order (missing values last), or in the order of ``codes`` (the user's filtered table)."""
    table = frame.reset_index(drop=True)
    table["kaso"] = [i18n.kaso_label(k, lang) if isinstance(k, str) and k else "" for k in table["kaso_class"]]
    table["status"] = [t("lagging", lang) if lag else "" for lag in table["lagging"]]
    if codes is not None:
        order = {code: i for i, code in enumerate(codes)}
        picked = table[table["code"].isin(order)]
        return picked.iloc[picked["code"].map(order).argsort()].reset_index(drop=True)
    return table.sort_values(["rank_national", "code"], na_position="last", kind="stable").reset_index(drop=True)
