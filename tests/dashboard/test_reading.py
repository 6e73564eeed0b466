"""The "how to read the map" section on /sources: rules, ties, missing kinds, roles and
targets in plain words, and one row per catalogue indicator saying what it cannot say."""

from __future__ import annotations

import json
from typing import Any

import plotly

from dashboard import queries, rules
from dashboard.pages import sources


def dump(component: Any) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def test_how_to_read_explains_every_rule_and_indicator(app: Any) -> None:
    for lang, words in (("ja", ("地図の読み方", "定まりません", "オンライン化なし", "期限切れの目標", "良し悪し")),
                        ("en", ("How to read the map", "not defined", "not offered online", "expired target",
                                "never marked as lagging"))):
        text = dump(sources.layout(lang=lang))
        assert all(w in text for w in words), lang
        assert f"{rules.TIE_MARGIN}ポイント" in text or f"{rules.TIE_MARGIN} points" in text
        for ind in queries.catalogue().indicators.values():
            assert ind.label(lang) in text, ind.id
    rows = sources.how_to_read("ja")[-1].children.children[1].children
    by_label = {row.children[0].children: row for row in rows}
    ftth = dump(by_label[queries.catalogue().indicator("ftth_takeup").label_ja])
    assert "この指標に設定された政策目標はありません" in ftth
    population = dump(by_label["総人口"])
    assert "状況（遅れの判定なし）" in population and "良し悪しや遅れは示しません" in population
    shikoku = dump(by_label[queries.catalogue().indicator("ultra_high_speed_availability").label_ja])
    assert "期限切れ" in shikoku
