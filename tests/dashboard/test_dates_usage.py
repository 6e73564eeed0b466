"""Each online-usage median says how many procedures it rests on (「N手続の中央値」)
in hover, ranking, table view, profile and exports, and a value resting on too few
carries a † that a legend line explains (issue 14, ``online_usage_basis``)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard import db, figures, service, usagebasis, viewmodel
from dashboard.export.tables import table_csv
from dashboard.export.views import build_view
from dashboard.i18n import t
from dashboard.pages import map_panels, map_view, profile
from dashboard.state import ViewState, parse_query

USAGE = ("online_usage_26_median", "online_usage_32_median")


def _state(ind_id: str, lang: str, **extra: str) -> ViewState:
    query = "&".join(f"{k}={v}" for k, v in {"indicator": ind_id, "lang": lang, **extra}.items())
    return parse_query(query, service.state_options())


def _basis(ind_id: str) -> pd.DataFrame:
    return db.cursor().execute(
        "SELECT b.area_code, b.procedures, b.too_few, v.value FROM online_usage_basis b JOIN indicator_values v "
        "USING (indicator_id, area_code, as_of) WHERE indicator_id = ?", [ind_id]).df().set_index("area_code")


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("ind_id", USAGE)
def test_hover_and_ranking_say_the_basket_and_mark_too_few(ind_id: str, lang: str) -> None:
    state = _state(ind_id, lang)
    frame = service.view_data(state).frame.set_index("code")
    basis = _basis(ind_id)
    basis = basis[basis.index.isin(frame.index)]
    assert basis["too_few"].any() and (~basis["too_few"]).any()  # the fixture holds both kinds
    for code, row in basis.iterrows():
        shown = frame.at[code, "basis"]
        if pd.isna(row["value"]):
            assert shown == "", code  # a missing value rests on nothing: its note says why
            continue
        assert str(row["procedures"]) in shown and ("手続の中央値" in shown if lang == "ja" else "median of" in shown)
        assert shown.startswith(usagebasis.FEW_MARK) is bool(row["too_few"]), (code, shown)
    trace = figures.value_trace(frame.reset_index(), service.indicator(ind_id), lang, True)
    assert trace["hovertext"] == frame["basis"].tolist() and "%{hovertext}" in trace["hovertemplate"]
    csv_text = table_csv(build_view(state).table, build_view(state).columns, lang).decode("utf-8-sig")
    assert usagebasis.FEW_MARK in csv_text and ("算出の基礎" in csv_text if lang == "ja" else "Basis" in csv_text)
    assert t("usage_few_legend", lang) in build_view(state).meta.legend_lines
    legend = map_view.legend_note(service.view_data(state))
    assert t("usage_few_legend", lang) in json.dumps([s.children for s in legend], ensure_ascii=False)
    table = json.dumps(map_panels.table_view(state).to_plotly_json(), default=str, ensure_ascii=False)
    assert usagebasis.FEW_MARK in table


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_profile_says_the_basket(lang: str) -> None:
    basis = _basis("online_usage_26_median")
    code = next(c for c, r in basis.iterrows() if r["too_few"] and pd.notna(r["value"]))
    state = _state("online_usage_26_median", lang, area=code)
    text = json.dumps([c.to_plotly_json() if hasattr(c, "to_plotly_json") else c
                       for c in profile.profile_children(state)], default=str, ensure_ascii=False)
    assert usagebasis.text(int(basis.at[code, "procedures"]), True, lang) in text


def test_other_indicators_carry_no_basis() -> None:
    others = [i for i in service.state_options().indicators if i not in USAGE]
    assert others
    for ind_id in others:
        if ind_id in USAGE:
            continue
        state = _state(ind_id, "ja")
        assert "basis" not in [c.key for c in viewmodel.ranking_columns(service.indicator(ind_id), state.level)]
        trace = figures.value_trace(service.view_data(state).frame, service.indicator(ind_id), "ja", True)
        assert trace["hovertext"] is None and "%{hovertext}" not in trace["hovertemplate"]
