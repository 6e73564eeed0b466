"""The headline's residents for a past date of My Number use that snapshot's own
population (``residents_at_date``), fall back to the census where a file has none,
and the headline says which basis it used (issue 14)."""

from __future__ import annotations

import pandas as pd

from dashboard import db, service, viewmodel
from dashboard.state import ViewState, parse_query

IND = "mynumber_issuance_rate"


def _state(as_of: str, lang: str = "ja", rule: str = "none") -> ViewState:
    return parse_query(f"indicator={IND}&level=municipality&date={as_of}&lang={lang}&rule={rule}",
                       service.state_options())


def _stated(as_of: str) -> pd.Series:
    frame = db.cursor().execute(
        "SELECT area_code, residents FROM residents_at_date WHERE indicator_id = ? AND as_of = CAST(? AS DATE)",
        [IND, as_of]).df()
    return pd.Series(frame["residents"].to_numpy(dtype="float64"), index=frame["area_code"])


def test_two_dates_use_their_own_population() -> None:
    census = service.population("municipality")
    for as_of in ("2017-03-08", "2022-12-31"):
        frame = service.view_data(_state(as_of)).frame.set_index("code")
        stated = _stated(as_of)
        inside = stated.index.intersection(frame.index)
        assert len(inside) > 0
        assert (frame.loc[inside, "population"] == stated[inside]).all(), as_of
        others = frame.index.difference(stated.index)
        pd.testing.assert_series_equal(frame.loc[others, "population"], census.reindex(others), check_names=False)
    old = service.view_data(_state("2017-03-08")).frame.set_index("code")["population"]
    new = service.view_data(_state("2022-12-31")).frame.set_index("code")["population"]
    assert old["36201"] == 256451 and new["36201"] == 250723  # 徳島市, as the two files state


def test_the_headline_says_which_population_and_differs_by_date() -> None:
    texts = {}
    for as_of, stated_on in (("2017-03-08", "2016年1月1日"), ("2022-12-31", "2022年1月1日")):
        state = _state(as_of, rule="bottom")
        text = viewmodel.counts_line(service.view_data(state).frame, state, service.indicator(IND))
        assert "住民基本台帳人口" in text and stated_on in text, text
        texts[as_of] = text
        en_state = _state(as_of, "en", rule="bottom")
        en = viewmodel.counts_line(service.view_data(en_state).frame, en_state, service.indicator(IND))
        assert "Residents: resident-register population" in en and "推定" not in en
    assert texts["2017-03-08"] != texts["2022-12-31"]


def test_other_indicators_keep_the_census() -> None:
    state = parse_query("indicator=ftth_takeup&level=municipality", service.state_options())
    frame = service.view_data(state).frame.set_index("code")
    census = service.population(state.level)
    pd.testing.assert_series_equal(frame["population"], census.reindex(frame.index), check_names=False)
    data = service.view_data(state)
    assert "人口：" not in viewmodel.counts_line(data.frame, state, data.indicator)
