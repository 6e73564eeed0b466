"""The 北方領土 villages are drawn grey as part of Hokkaido on municipal maps, in a
trace of their own, and are in no count, ranking or colour range (issue 14).

The fixture universe (prefectures 13, 36-39) has no Hokkaido, so the ETL drops the
villages there (``tests/etl/sources/test_boundaries.py`` covers that and the
Hokkaido outline); here the figure builder is given them as the built database
lists them, and the rule for which maps show them is checked for every level.
"""

from __future__ import annotations

import pytest

from dashboard import choropleth, figures, hoppo, service, viewmodel
from dashboard.export.views import geojson_for
from dashboard.geo import Bounds
from dashboard.i18n import t
from dashboard.state import parse_query

VILLAGES = [("01695", "色丹村"), ("01696", "泊村"), ("01697", "留夜別村"), ("01698", "留別村"),
            ("01699", "紗那村"), ("01700", "蘂取村")]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_separate_grey_trace_outside_the_values(lang: str) -> None:
    state = parse_query(f"indicator=mynumber_holding_rate&lang={lang}", service.state_options())
    frame = service.view_data(state).frame
    ind = service.indicator(state.indicator)
    fig = choropleth.map_figure(frame, ind, "/geo/m.json", "/geo/p.json", Bounds(122.0, 24.0, 149.0, 46.0),
                                lang=lang, no_statistics=VILLAGES)
    plain = choropleth.map_figure(frame, ind, "/geo/m.json", "/geo/p.json", Bounds(122.0, 24.0, 149.0, 46.0),
                                  lang=lang)
    last = fig.data[-1]
    assert last.meta == hoppo.META and list(last.locations) == [c for c, _ in VILLAGES]
    assert last.colorscale[0][1] == hoppo.FILL and last.showscale is False
    assert all(t("hoppo_label", lang) in text for text in last.text)
    assert last.customdata is None  # a click selects no area
    # everything else is as without them: same traces, same values, same colour range
    assert len(fig.data) == len(plain.data) + 1
    value = fig.data[figures.VALUE]
    assert (value.zmin, value.zmax) == (plain.data[figures.VALUE].zmin, plain.data[figures.VALUE].zmax)
    codes = {c for c, _ in VILLAGES}
    for trace in fig.data[:-1]:
        assert not codes & set(trace.locations or ()), trace.meta


def test_only_municipal_maps_of_japan_or_hokkaido_show_them() -> None:
    assert hoppo.shown_on("prefecture", None) == []
    assert hoppo.shown_on("municipality", "13000") == []
    # the fixture database lists none (no Hokkaido): the national map draws no extra trace
    assert hoppo.areas() == ()
    assert hoppo.shown_on("municipality", None) == [] and hoppo.shown_on("municipality", hoppo.HOKKAIDO) == []
    state = parse_query("indicator=mynumber_holding_rate", service.state_options())
    assert all(t.meta != hoppo.META for t in viewmodel.map_figure(service.view_data(state), geojson_for).data)


def test_they_are_never_counted_or_ranked() -> None:
    """Not in ``areas``, so in no frame, ranking, or headline count, for every indicator and level."""
    codes = {c for c, _ in VILLAGES}
    options = service.state_options()
    for ind_id in options.indicators:
        for level in service.indicator(ind_id).levels:
            state = parse_query(f"indicator={ind_id}&level={level}", options)
            data = service.view_data(state)
            assert not codes & set(data.frame["code"]), (ind_id, level)
            assert not codes & set(viewmodel.ranking_table(data)["code"]), (ind_id, level)


def test_the_export_legend_names_them_only_where_drawn() -> None:
    from dashboard.export.views import legend_lines

    state = parse_query("indicator=mynumber_holding_rate&pref=36", service.state_options())
    lines = legend_lines(state, service.indicator(state.indicator), service.view_data(state).frame)
    assert not any(t("hoppo_label", "ja") in line for line in lines)  # 徳島県: not drawn, not named
