"""The profile's "似た条件で成果を上げている団体" section and the nationwide
with/without table (``dashboard.peers``: rules quoted in the method notes).

A separate component so the profile page only needs one hook line; it reads
the same ``ViewState`` (indicator and date) as the rest of the profile.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from dash import dcc, html

from dashboard import components, db, insight_service, peers, placenames, queries, queries_insight, service
from dashboard.db import DbKey
from dashboard.i18n import t
from dashboard.pages import lite, scatter
from dashboard.pages.lite import Element
from dashboard.state import ViewState
from layers.model import Indicator


def _diff_text(value: float, ind: Indicator, lang: str) -> str:
    if math.isnan(value):
        return t("cells_too_few", lang)
    unit = "pt" if ind.unit == "%" else f" {ind.unit_for(lang)}".rstrip()
    return f"{value:+,.{ind.decimals}f}{unit}"


def _measure_label(measure: str, lang: str) -> str:
    labels = queries_insight.dx_wide()[1]
    ja, en = labels.get(measure, (measure, measure))
    return en if lang == "en" else ja


def _cell_label(cell: str, lang: str) -> str:
    band, kaso = cell.split("|")
    if lang == "en":
        band = dict(zip(peers.POP_LABELS, peers.POP_LABELS_EN, strict=True)).get(band, band)
        return f"{band}, {t('cells_kaso_' + kaso, lang)}"
    return f"{band}・{t('cells_kaso_' + kaso, lang)}"


def _peer_rows(ahead: pd.DataFrame, ind: Indicator, lang: str) -> Element:
    rows = [[placenames.with_name_with_prefecture(code, lang),
             ind.format_value(float(value), lang), _diff_text(float(by), ind, lang),
             "、".join(_measure_label(m, lang) for m in lacking) if lacking else t("nothing_lacking", lang)]
            for code, value, by, lacking in zip(ahead.index, ahead["value"], ahead["ahead_by"], ahead["lacking"],
                                                 strict=True)]
    heads = [t("col_name", lang), ind.label(lang), t("col_ahead_by", lang), t("col_lacking", lang)]
    return lite.table(heads, rows)


def success_table(ind: Indicator, as_of: str, lang: str, cells_detail: bool = False) -> list[Any]:
    """The nationwide with/without table for ``ind``; with ``cells_detail`` the counts and medians of every cell.

    The same for every area, so built once per (database, indicator, date, language). Read-only.
    """
    return _success_table(db.key(), ind, as_of, lang, cells_detail)


@lru_cache(maxsize=64)
def _success_table(key: DbKey, ind: Indicator, as_of: str, lang: str, cells_detail: bool) -> list[Any]:
    label = ind.label(lang)
    title = lite.el("H4", t("success_title", lang, label=label))
    if ind.id in peers.COMPONENTS:
        return [title, lite.el("P", t("success_components", lang, label=label))]
    summary, cells = insight_service.success(ind.id, as_of)
    if summary.empty:
        return []
    heads = [t(k, lang) for k in ("col_measure", "col_diff", "col_cells", "col_n_with", "col_n_without")]
    rows = [[_measure_label(m, lang), _diff_text(d, ind, lang), f"{int(used)}/{int(n)}", f"{int(w):,}", f"{int(wo):,}"]
            for m, d, used, n, w, wo in zip(summary.index, summary["diff"], summary["cells_compared"],
                                            summary["cells"], summary["n_with"], summary["n_without"], strict=True)]
    parts: list[Any] = [title, lite.el("Div", lite.table(heads, rows), className="scroll"),
                        lite.el("P", t("success_caveat", lang), className="notice")]
    if cells_detail:
        detail_heads = [t(k, lang) for k in ("col_measure", "col_cell", "col_n_with", "col_n_without",
                                              "col_median_with", "col_median_without", "col_diff")]
        detail = [[_measure_label(r.measure, lang), _cell_label(r.cell, lang), f"{r.n_with:,}", f"{r.n_without:,}",
                   ind.format_value(r.median_with, lang), ind.format_value(r.median_without, lang),
                   _diff_text(r.diff, ind, lang)] for r in cells.itertuples(index=False)]
        parts += [lite.el("H4", t("cells_detail", lang)),
                  lite.el("Div", lite.table(detail_heads, detail, row_header=False), className="scroll")]
    else:
        href = components.page_href("/success", f"indicator={ind.id}&date={as_of}&lang={lang}")
        parts.append(lite.el("P", dcc.Link(t("cells_detail", lang) + " →", href=href).to_plotly_json()))
    return parts + [lite.el("P", t("success_method", lang, n=peers.MIN_N), className="method")]


def scatter_link(state: ViewState, code: str, ind: Indicator) -> html.P:
    """The map's selection on the scatter: the shown indicator as y, the prefecture filter and the area."""
    x = scatter.DEFAULTS[0] if ind.id != scatter.DEFAULTS[0] else scatter.DEFAULTS[1]  # never y against itself
    query = {"x": x, "y": ind.id,
             **({"pref": state.pref} if state.pref else {}), "area": code, "lang": state.lang}
    return html.P(dcc.Link(t("scatter_link", state.lang, label=ind.label(state.lang)),
                           href=components.page_href("/scatter", urlencode(query)), className="scatter-link"))


def section(state: ViewState, code: str) -> list[Any]:
    """Peers clearly ahead of ``code`` on the shown indicator, then the nationwide table; [] for prefectures."""
    if state.level != "municipality" or state.date is None or state.indicator not in queries.catalogue().indicators:
        return []  # prefectures have no DX measures table; an uploaded indicator has no nationwide basis here
    lang = state.lang
    ind = service.indicator(state.indicator, state.upload)
    parts: list[Any] = [scatter_link(state, code, ind), html.H3(t("peers_title", lang))]
    if not ind.can_lag:
        return parts + [html.P(t("peers_context", lang, label=ind.label(lang)))]
    values = queries.values(ind.id, "municipality", state.date)["value"]
    if pd.isna(values.get(code)):
        return parts + [html.P(t("peers_no_value", lang, label=ind.label(lang)))]
    ahead = insight_service.peers_ahead(ind.id, state.date, code)
    if ahead.empty:
        parts.append(html.P(t("peers_none", lang, k=peers.K, label=ind.label(lang)), className="headline-pref"))
    else:
        parts.append(lite.el("Div", _peer_rows(ahead, ind, lang), className="scroll"))
    margin = _diff_text(peers.margin(values, ind), ind, lang).lstrip("+")
    parts.append(html.P(t("peers_method", lang, k=peers.K, margin=margin), className="method"))
    return parts + success_table(ind, state.date, lang)
