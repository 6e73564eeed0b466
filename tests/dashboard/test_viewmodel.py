"""The one view model of page and export: the ranking's order, status and columns, the framing."""

from __future__ import annotations

from typing import Any

from dashboard import queries, service, viewmodel
from dashboard.i18n import t
from dashboard.metrics import RULES
from dashboard.pages import map_panels
from dashboard.state import ViewState, parse_query


def _state(query: str) -> ViewState:
    return parse_query(query, service.state_options())


def test_a_lagging_view_ranks_worst_first_and_a_plain_one_best_first() -> None:
    lagging = viewmodel.ranking_table(service.view_data(_state("indicator=mynumber_holding_rate&pref=37")))
    ranks = lagging["rank_national"].dropna().tolist()
    assert ranks == sorted(ranks, reverse=True) and len(ranks) > 3  # rank 1 is best: the worst come first
    plain_state = _state("indicator=mynumber_holding_rate&pref=37&rule=none")
    plain = viewmodel.ranking_table(service.view_data(plain_state))
    assert plain["rank_national"].dropna().tolist() == sorted(ranks)
    lower_better = _state("indicator=aged_65_share&pref=37&rule=median")
    rows = viewmodel.ranking_table(service.view_data(lower_better))
    values = rows["value"].dropna().tolist()
    assert values == sorted(values, reverse=True) or not service.indicator("aged_65_share").can_lag


def test_status_is_filled_under_every_rule() -> None:
    for rule in RULES:
        state = _state(f"indicator=mynumber_holding_rate&pref=36&rule={rule}&value=70")
        table = viewmodel.ranking_table(service.view_data(state))
        assert table["status"].map(bool).all(), rule
        lagging = {t("lagging", "ja")}
        assert set(table.loc[table["lagging"].astype(bool), "status"]) <= lagging
        assert not set(table.loc[~table["lagging"].astype(bool), "status"]) & lagging


def test_page_and_download_share_columns_with_human_names() -> None:
    ind = service.indicator("mynumber_holding_rate")
    keys = [c.key for c in viewmodel.ranking_columns(ind, "municipality")]
    screen: list[dict[str, Any]] = map_panels.ranking_columns(ind, "municipality", "ja")
    assert [c["id"] for c in screen] == keys
    names = {c["id"]: c["name"] for c in screen}
    assert (names["code6"], names["code"]) == ("団体コード", "標準地域コード")  # 6 digits with check digit, 5 digits
    rows = map_panels.ranking_rows(_state("indicator=mynumber_holding_rate&pref=36"))
    assert rows and set(rows[0]) == {"id", *keys}


def test_prefecture_rows_come_from_one_filter_in_the_database_form() -> None:
    state = _state("indicator=population&pref=36")
    assert state.pref == "36" and state.pref_code == "36000"
    shown = service.view_data(state).shown
    assert set(shown["prefecture_code"]) == {"36000"}
    assert sorted(shown["code"]) == sorted(queries.areas("municipality", "36000")["code"])


def test_ranking_is_filtered_by_one_name_box() -> None:
    assert map_panels.name_filter(" 高松 ") == '{name} contains "高松"'
    assert map_panels.name_filter('a"b\\') == '{name} contains "a\\"b\\\\"'
    assert map_panels.name_filter("   ") == ""


def test_missing_reasons_are_in_the_readers_language() -> None:
    """The sources' notes are stored as "日本語 (English)" or in one language; a view shows its own."""
    for indicator in service.state_options().indicators:
        for lang in ("ja", "en"):
            frame = service.view_data(_state(f"indicator={indicator}&lang={lang}")).shown
            notes = {n for n in frame["note"].dropna() if n}
            if lang == "ja":
                assert not any(n.isascii() and " " in n for n in notes), (indicator, notes)
            else:
                assert not any("（" in n and "(" in n for n in notes), (indicator, notes)
