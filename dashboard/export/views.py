"""From a map view (``ViewState``) to what an export needs: figure, text, table.

The download callbacks and the batch CLI both call ``build_view`` so a file
downloaded from the screen and one made in batch say the same. The rows,
figure, headline and captions come from ``dashboard.viewmodel``, the same
functions the map page uses, so the colours, the target mark, the framing
(grey neighbours, island insets) and the muting of non-lagging areas match
the map on screen. One thing differs on purpose: the boundaries are embedded
(the screen fetches them by URL).
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

from dashboard import dates as refdates
from dashboard import db, figures, headline, hoppo, i18n, metrics, queries, references, service, usagebasis, viewmodel
from dashboard.db import DbKey
from dashboard.export.meta import ExportMeta, licence_line, source_line, with_era
from dashboard.export.tables import Column
from dashboard.i18n import t
from dashboard.state import ViewState
from dashboard.viewmodel import ranking_columns, ranking_table
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
    data: service.ViewData  # the one read of the view all the above were made from


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


def build_view(state: ViewState, export_date: date | None = None) -> ExportView:
    """Everything an export of ``state`` needs (``state`` must already be valid: see ``state.parse_query``).

    The view is read once (``service.view_data``); the figure, text and table are made from that read.
    """
    data = service.view_data(state)
    ind = data.indicator
    meta = _meta(data, export_date or date.today())
    columns = ranking_columns(ind, state.level, state.date, both_names=True)
    figure = viewmodel.map_figure(data, geojson_for)
    return ExportView(state, ind, figure, meta, ranking_table(data), columns, data)


def _meta(data: service.ViewData, export_date: date) -> ExportMeta:
    state, ind, shown = data.state, data.indicator, data.shown
    lang = state.lang
    when = refdates.date_text(ind.id, state.date, lang, long=True) if state.date else t("no_data", lang)
    sources = [data.source] if data.source is not None else []  # a session upload's is its declared source
    sources += data.extra_sources  # the target's and the reference lines' sources, as on the map
    rows = lagging_rows(shown, state, ind)
    mark = refdates.mark(ind.id, state.date, lang)  # the indicator's own source line says its date is unconfirmed
    return ExportMeta(
        title=f"{ind.label(lang)} — {viewmodel.area_name(data)}",
        subtitle=viewmodel.subtitle(data, when),
        legend_title=ind.unit_for(lang),
        counts=viewmodel.counts_line(shown, state, ind),
        target=current.value if (current := ind.current_target(date.today())) else None,
        source_lines=tuple(with_era(source_line(s, lang), lang) + (mark if k == 0 else "")
                           for k, s in enumerate(sources)),
        licence_lines=tuple(licence_line(s, lang) for s in sources),
        reference_lines=tuple(references.reference_lines(ind, lang)),
        key_numbers=key_numbers(shown, state, ind),
        legend_lines=legend_lines(state, ind, shown),
        lagging_rows=tuple(rows[:LAGGING_ROWS]),
        lagging_more=max(len(rows) - LAGGING_ROWS, 0),
        labels=labels(state, shown, data.areas),
        lang=lang,
        export_date=export_date,
    )


#: Lagging areas listed beside the map on a slide (the rest are counted: "and N more").
LAGGING_ROWS = 18


def legend_lines(state: ViewState, ind: Indicator, shown: pd.DataFrame) -> tuple[str, ...]:
    """What solid, pale and grey mean on this map, with the rule in words."""
    lang = state.lang
    lines = [t("export_no_emphasis", lang)] if state.rule == "none" or not ind.can_lag else [
        t("export_solid", lang, rule=viewmodel.rule_text(state, ind)), t("export_pale", lang)]
    if shown["value"].isna().any():
        lines.append(t("export_grey", lang))
    if hoppo.shown_on(state.level, state.pref_code):  # the grey 北方領土 villages say why they are grey
        lines.append(t("hoppo_legend", lang))
    if any(usagebasis.too_few(ind.id, state.date, shown["code"])):
        lines.append(t("usage_few_legend", lang))
    if state.pref:
        lines.append(t("export_context", lang))
    return tuple(lines)


def lagging_rows(shown: pd.DataFrame, state: ViewState, ind: Indicator) -> list[tuple[str, str]]:
    """The lagging areas, worst first, with their values in the indicator's own format."""
    lagging = shown[shown["lagging"].astype(bool)].sort_values(["rank_national", "code"], ascending=[False, True])
    return [(str(r.name), ind.format_value(r.value, state.lang)) for r in lagging.itertuples(index=False)]


def labels(state: ViewState, shown: pd.DataFrame, areas: pd.DataFrame) -> tuple[tuple[float, float, str], ...]:
    """Names for a prefecture map (at the label points of ``areas``): lagging areas worst first, then the
    most populous."""
    if not state.pref:
        return ()
    lag = shown["lagging"].astype(bool)
    order = pd.concat([shown[lag].sort_values("rank_national", ascending=False),
                       shown[~lag].sort_values("population", ascending=False, na_position="last")])
    return tuple((float(areas.at[c, "lon"]), float(areas.at[c, "lat"]), str(n))
                 for c, n in zip(order["code"], order["name"], strict=True)
                 if c in areas.index and pd.notna(areas.at[c, "lon"]) and pd.notna(areas.at[c, "lat"]))


def key_numbers(frame: pd.DataFrame, state: ViewState, ind: Indicator) -> tuple[tuple[str, str], ...]:
    """The slide panel: lagging areas, their residents, the median, the target, areas without data."""
    s = metrics.summarise(frame)
    lang = state.lang
    unit = t(f"unit_{state.level}", lang).strip()
    median = float(frame["value"].median()) if s.shown else math.nan
    value_unit = ind.unit_for(lang)
    numbers = [
        (t("export_kn_lagging", lang), f"{s.lagging:,} / {s.shown:,} {unit}" + (
            f"（{headline.percent(s.share, lang)}）" if lang == "ja" else f" ({headline.percent(s.share, lang)})")),
        (t("export_kn_residents", lang), i18n.residents(s.residents, lang)),
    ] if ind.can_lag and state.rule != "none" else []  # context never lags; no rule, no count
    numbers.append((
        t("export_kn_median", lang),
        figures.format_number(median, ind.decimals, value_unit) if not math.isnan(median) else t("no_data", lang),
    ))
    target = ind.current_target(date.today())
    if target:
        numbers.append((t("export_kn_target", lang), figures.format_number(target.value, ind.decimals, value_unit)))
    if s.missing:
        numbers.append((t("export_kn_missing", lang), f"{s.missing:,} {unit}"))
    return tuple(numbers)
