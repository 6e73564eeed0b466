"""The area profile panel: every indicator for one area against the
prefecture and national medians, a trend, its context, and five similar
municipalities (method in ``metrics.similarity_matrix``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from dash import dcc, html

from dashboard import charts, i18n, metrics, placenames, queries, service, usagebasis
from dashboard import dates as refdates
from dashboard.i18n import t
from dashboard.pages import peers_section  # insight (issue 11)
from dashboard.state import ViewState
from layers.model import Indicator

TREND_FALLBACK = "mynumber_issuance_rate"
_SMALL_GRAPH = {"displayModeBar": False}


def _fmt(ind: Indicator, value: Any, lang: str) -> str:
    return ind.format_value(None if value is None or pd.isna(value) else float(value), lang)


def _indicator_rows(state: ViewState, code: str, pref_code: str) -> tuple[html.Table, list[charts.ProfileRow]]:
    """The indicator table and the standing dots.

    The cached frames are read into dicts once per call: a pandas ``.get``/``.at``
    per indicator and column (~40 × 5 lookups) used to cost more than the table itself.
    """
    lang, level = state.lang, state.level
    cat = queries.catalogue()
    mine = queries.latest_for_area(level, code)
    value_of, note_of, date_of = (dict(zip(mine.index, mine[c].tolist(), strict=True))
                                  for c in ("value", "note", "as_of"))
    national_series, by_pref = service.medians(level)
    national = national_series.to_dict()
    pref_med = by_pref.loc[pref_code].to_dict() if pref_code in by_pref.index and level == "municipality" else None
    standing = service.standings(level)
    own_standing = standing.loc[code].to_dict() if code in standing.index else {}
    heads = ["col_name", "col_value", "date"] + (["pref_median"] if pref_med is not None else []) + ["national_median"]
    rows, points = [], []
    for ind in cat.indicators.values():
        if level not in ind.levels or ind.id not in standing.columns:
            continue
        value, note, as_of = value_of.get(ind.id), note_of.get(ind.id), date_of.get(ind.id)
        iso = pd.Timestamp(as_of).date().isoformat() if as_of is not None and not pd.isna(as_of) else None
        basis = usagebasis.texts(ind.id, iso, pd.Series([code]), pd.Series([value], dtype=float), lang)[0]
        shown = _fmt(ind, value, lang) + (f"（{note}）" if note and (value is None or pd.isna(value)) else "") + (
            f"（{basis}）" if basis and lang == "ja" else f" ({basis})" if basis else "")
        cells = [html.Th(ind.label(lang), scope="row"), html.Td(shown),
                 html.Td(refdates.date_text(ind.id, iso, lang))]
        if pref_med is not None:
            cells.append(html.Td(_fmt(ind, pref_med.get(ind.id), lang)))
        cells.append(html.Td(_fmt(ind, national.get(ind.id), lang)))
        rows.append(html.Tr(cells, className="current" if ind.id == state.indicator else None))
        points.append((ind.label(lang), float(own_standing.get(ind.id, math.nan)), _fmt(ind, value, lang),
                       ind.can_lag))
    table = html.Table(className="data-table compact", children=[
        html.Thead(html.Tr([html.Th(t(h, lang), scope="col") for h in heads])), html.Tbody(rows),
    ])
    return table, points


def _context(state: ViewState, code: str) -> html.Dl:
    lang = state.lang
    wide = queries.latest_wide(state.level)
    national, _ = service.medians(state.level)
    area = queries.areas().loc[code]
    cat = queries.catalogue()
    items: list[Any] = []
    for ind_id in ("population", "aged_65_share", "fiscal_capability_index"):
        if ind_id in wide.columns and ind_id in cat.indicators:
            ind = cat.indicator(ind_id)
            items += [html.Dt(ind.label(lang)), html.Dd(
                f"{_fmt(ind, wide.at[code, ind_id], lang)}（{t('national_median', lang)} "
                f"{_fmt(ind, national.get(ind_id), lang)}）")]
    if state.level == "municipality":
        kaso = None if pd.isna(area["kaso_class"]) else str(area["kaso_class"])
        items += [html.Dt(t("col_kaso", lang)), html.Dd(i18n.kaso_label(kaso, lang))]
    return html.Dl(items, className="context")


def _trend(state: ViewState, code: str, pref_code: str, name: str) -> dcc.Graph | None:
    cat = queries.catalogue()
    current = service.indicator(state.indicator, state.upload)  # an uploaded one's series is not in the database
    ind_id = state.indicator if current.time_series and state.indicator in cat.indicators else TREND_FALLBACK
    if ind_id not in cat.indicators or state.level not in cat.indicator(ind_id).levels:
        return None
    own = queries.series(ind_id, code)
    if int(own["value"].notna().sum()) < 2:
        return None
    ind = cat.indicator(ind_id)
    lines = [(name, own)]
    if state.level == "municipality":
        lines.append((t("pref_median", state.lang), queries.median_series(ind_id, state.level, pref_code)))
    lines.append((t("national_median", state.lang), queries.median_series(ind_id, state.level)))
    return dcc.Graph(figure=charts.trend_spec(lines, ind, state.lang), config=_SMALL_GRAPH)


def _similar(state: ViewState, code: str) -> list[Any]:
    """Five similar municipalities and how this one compares on the shown indicator."""
    lang = state.lang
    near = service.similar(code)
    if state.level != "municipality" or near.empty:
        return []
    ind = service.indicator(state.indicator, state.upload)
    values = service.view_data(state).frame["value"]
    peer_values = values.reindex(near.index).tolist()
    rows = [html.Tr([html.Th(placenames.with_name_with_prefecture(c, lang), scope="row"),
                     html.Td(_fmt(ind, value, lang)), html.Td(f"{d:.2f}")])
            for c, value, d in zip(near.index, peer_values, near.tolist(), strict=True)]
    parts: list[Any] = [html.H3(t("similar", lang)), html.Table(className="data-table compact", children=[
        html.Thead(html.Tr([html.Th(t("col_name", lang), scope="col"), html.Th(ind.label(lang), scope="col"),
                            html.Th(t("distance", lang), scope="col")])),
        html.Tbody(rows)])]
    mine, peers = values.get(code), np.array(peer_values, dtype="float64")
    peers = peers[~np.isnan(peers)]
    if mine is not None and not pd.isna(mine) and len(peers):
        median = float(np.median(peers))  # what pandas' median gives, without its per-call warning filters
        diff = metrics.goodness(pd.Series([float(mine) - median]), ind).iloc[0]
        verdict = "same" if abs(diff) < 10 ** -ind.decimals else ("better" if diff > 0 else "worse")
        parts.append(html.P(t("similar_compare", lang, median=_fmt(ind, median, lang), value=_fmt(ind, mine, lang),
                              verdict=t(verdict, lang))))
    parts.append(html.P(t("similar_method", lang), className="method"))
    return parts


def _dx_items(code: str, lang: str) -> list[Any]:
    items = queries.dx_measures(code)
    if not items:
        return []
    def answer(value: Any) -> str:
        return t("no_data", lang) if value is None else t("yes" if value else "no", lang)

    colon = ": " if lang == "en" else "："
    rows = [html.Li(f"{r['label_en'] if lang == 'en' and r['label_en'] else r['label_ja']}{colon}{answer(r['value'])}")
            for r in items]
    return [html.H3(t("dx_measures", lang)), html.Ul(rows, className="dx-items")]


def profile_children(state: ViewState) -> list[Any]:
    """Panel contents for ``state.area`` (a hint when nothing is selected)."""
    lang = state.lang
    code = state.area
    areas = queries.areas()
    if not code or code not in areas.index:
        return [html.P(t("profile_hint", lang), className="hint")]
    area = areas.loc[code]
    name, pref_code = placenames.name(code, lang), str(area["prefecture_code"])
    title = placenames.with_name_with_prefecture(code, lang)
    table, points = _indicator_rows(state, code, pref_code)
    trend = _trend(state, code, pref_code, name)
    children: list[Any] = [
        html.H3(title, className="area-name"),
        html.P(i18n.kind_label(area["kind"], lang), className="kind"),
        _context(state, code),
        table,
        dcc.Graph(figure=charts.profile_spec(points, lang), config=_SMALL_GRAPH),
    ]
    if trend is not None:
        children += [html.H3(t("trend", lang)), trend]
    return children + _similar(state, code) + peers_section.section(state, code) + _dx_items(code, lang)
