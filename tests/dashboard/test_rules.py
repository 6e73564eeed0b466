"""Lagging rules mean what they say (issue 14): ties at the cut-off, context never lags,
targets only while current, an absolute rule, missing kinds apart. Hand-made frames for
the edge cases, then every indicator × level × date × rule of the real fixture database."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dashboard import headline, metrics, queries, rules, service
from dashboard.state import parse_query
from layers.model import Indicator, Target

UP = Indicator(id="up", label_ja="上", label_en="up", description_ja="", description_en="", unit="%",
               category="digital_government", role="outcome", source_id="s", levels=("municipality",),
               higher_is_better=True, decimals=1)
DOWN = replace(UP, id="down", higher_is_better=False)
CONTEXT = replace(UP, id="ctx", category="context", role="context")
PAST = replace(UP, target=Target("t", 100.0, "光の道", "Hikari", date(2015, 12, 31), "s", "up"))
TODAY = date(2026, 1, 1)


def frame(values: list[float], prefs: list[str] | None = None, notes: list[str | None] | None = None) -> pd.DataFrame:
    codes = [f"{i:05d}" for i in range(len(values))]
    areas = pd.DataFrame({"code": codes, "name_ja": codes, "prefecture_code": prefs or ["13000"] * len(values),
                          "prefecture_name": "都", "kaso_class": None}, index=codes)
    vals = pd.DataFrame({"value": values, "note": notes or [None] * len(values)}, index=codes)
    population = pd.Series(1000.0, index=codes)
    return areas.join(vals)[["value", "note"]], areas, population


def run(values: list[float], ind: Indicator, rule: str, threshold: int = 20, cutoff: float | None = None,
        **kw: list[str] | list[str | None]) -> pd.DataFrame:
    vals, areas, population = frame(values, **kw)  # type: ignore[arg-type]
    return metrics.map_frame(vals, areas, population, ind, rule, threshold, "no row", cutoff=cutoff, on=TODAY)


def test_ties_that_make_bottom_n_meaningless_flag_nothing_and_say_so() -> None:
    values = [0.0] * 1097 + list(np.linspace(1, 90, 66))  # the online_usage_26_median shape: 94 % at 0
    f = run(values, UP, "bottom")
    s = metrics.summarise(f)
    assert s.lagging == 0 and len(s.undefined) == 1
    text = headline.headline(s, UP, headline.Rule("bottom", 20), on=TODAY)
    assert text.startswith("値0.0%が1,097 市区町村（94.3%）：下位20%は定まりません")
    assert "下位20%：" not in text


def test_ties_within_the_margin_are_kept_together_and_the_share_is_stated() -> None:
    values = [1.0] * 22 + list(range(2, 80))  # 100 areas, 22 tied at the worst value: 22 % ≤ 20 + 5
    f = run(values, UP, "bottom")
    s = metrics.summarise(f)
    assert s.lagging == 22 and s.ties_included == 1
    text = headline.headline(s, UP, headline.Rule("bottom", 20), on=TODAY)
    assert "22.0%" in text and "同値22団体を含むため20%を超えます" in text


def test_a_prefectures_line_never_claims_the_national_ties_raised_its_own_share() -> None:
    """Under the national rule a prefecture's line states its own share; the tie note says what the national
    cut included and never "so the share exceeds N %" beside a prefecture share of 0.0 % (島根県, issue 9)."""
    values = [1.0] * 22 + list(range(2, 80))  # nationally 22 % flagged through ties
    prefs = ["13000"] * 22 + ["36000"] * 78
    f = run(values, UP, "bottom", prefs=prefs)
    part = f[f["prefecture_code"] == "36000"]
    for lang, claim, said, share in (
        ("ja", "20%を超えます", "全国の判定は境界値1.0%と同値の22団体をすべて含みます", "表示78 市区町村の0.0%"),
        ("en", "exceeds", "Nationally, all 22 areas tied at the cut-off 1.0% are included", "(0.0% of 78 shown)"),
    ):
        text = headline.headline(metrics.summarise(part), UP, headline.Rule("bottom", 20, lang=lang), on=TODAY)
        assert claim not in text and said in text and share in text, text
    national = headline.headline(metrics.summarise(f), UP, headline.Rule("bottom", 20, lang="en"), on=TODAY)
    assert "(22.0% of 100 shown). Areas tied at 1.0% (22) are kept together, so the share exceeds 20%" in national


def test_english_counts_one_area_in_the_singular() -> None:
    values = [0.5] + list(range(2, 101))
    text = headline.headline(metrics.summarise(run(values, UP, "bottom", threshold=1)), UP,
                             headline.Rule("bottom", 1, lang="en"), on=TODAY)
    assert text.startswith("Bottom 1% nationally: 1 municipality, ") and "municipalities," not in text


def test_ties_beyond_the_margin_leave_only_the_areas_strictly_below() -> None:
    values = [0.5] * 10 + [1.0] * 40 + list(range(2, 52))  # 100 areas: 10 below, 40 tied at the cut-off
    s = metrics.summarise(run(values, UP, "bottom"))
    assert s.lagging == 10 and not s.undefined
    assert "それより悪い団体だけ" in headline.headline(s, UP, headline.Rule("bottom", 20), on=TODAY)


def test_within_prefecture_rule_caps_each_prefecture() -> None:
    prefs = ["13000"] * 10 + ["36000"] * 10
    values = [0.0] * 9 + [5.0] + list(range(1, 11))  # Tokyo: 9 of 10 tied at 0 (undefined); Tokushima: 1..10
    f = run(values, UP, "pref_bottom", prefs=prefs)
    s = metrics.summarise(f)
    assert not f["lagging"].iloc[:10].any() and f["lagging"].iloc[10:].sum() == 2
    assert len(s.undefined) == 1
    assert "同値のため下位20%が定まらない都道府県：1" in headline.headline(s, UP, headline.Rule("pref_bottom", 20))
    tokushima = metrics.summarise(f[f["prefecture_code"] == "36000"])
    assert not tokushima.undefined and tokushima.lagging == 2  # the prefecture line gets its own cut


def test_context_never_lags_under_any_rule() -> None:
    for rule in rules.RULES:
        f = run([1.0, 2.0, 3.0, 4.0, 5.0], CONTEXT, rule, cutoff=3.0)
        assert not f["lagging"].any(), rule
        text = headline.headline(metrics.summarise(f), CONTEXT, headline.Rule(rule, 20, 3.0))
        assert "遅れの判定はしません" in text and "下位" not in text


def test_an_expired_target_is_not_the_bar() -> None:
    f = run([50.0, 99.0, 100.0], PAST, "target")
    assert not f["lagging"].any() and f["gap"].isna().all()
    current = replace(PAST, target=replace(PAST.target, deadline=date(2099, 3, 31)))  # type: ignore[type-var]
    f = run([50.0, 99.0, 100.0], current, "target")
    assert list(f["lagging"]) == [True, True, False] and list(f["gap"]) == [-50.0, -1.0, 0.0]


def test_below_rule_is_absolute_and_direction_aware() -> None:
    assert list(run([10.0, 49.9, 50.0, 80.0], UP, "below", cutoff=50.0)["lagging"]) == [True, True, False, False]
    assert list(run([10.0, 49.9, 50.0, 80.0], DOWN, "below", cutoff=50.0)["lagging"]) == [False, False, False, True]
    f = run([10.0, 60.0], UP, "below", cutoff=50.0)
    text = headline.headline(metrics.summarise(f), UP, headline.Rule("below", 20, 50.0))
    assert text.startswith("50.0%より悪い：1 市区町村、") and "50.0%" in text


def test_missing_kinds_are_counted_apart() -> None:
    notes = [None, "not_online: オンライン化された手続がない (no procedure of the group is offered online)",
             "not_surveyed: 調査無し (not surveyed)", "総人口が0のため算出できない",
             "not_reported: 利用率の報告なし (offered online, but no basket procedure's filing rate reported)", None]
    f = run([1.0, np.nan, np.nan, np.nan, np.nan, np.nan], UP, "bottom", notes=notes)
    s = metrics.summarise(f)
    assert dict(s.missing_kinds) == {"not_offered": 1, "not_surveyed": 1, "not_computable": 1, "not_reported": 2}
    text = headline.missing_text(s)
    assert "オンライン化なし 1" in text and "調査無し 1" in text and "値の報告なし 2" in text
    assert "not offered online 1" in headline.missing_text(s, "en")


def test_the_state_forces_no_rule_for_context_and_validates_the_value() -> None:
    options = service.state_options()
    ctx = parse_query("indicator=aged_65_share&rule=bottom", options)
    assert ctx.rule == "none" and [n.key for n in ctx.notices] == ["notice_context"]
    below = parse_query("indicator=mynumber_holding_rate&rule=below&value=50", options)
    assert below.rule == "below" and below.cutoff == 50.0 and "value=50" in below.to_query()
    for bad in ("abc", "nan", "inf", "250", "-1"):
        state = parse_query(f"indicator=mynumber_holding_rate&rule=below&value={bad}", options)
        assert state.rule != "below" and state.cutoff is None, bad
    assert parse_query("indicator=ftth_takeup&rule=target", options).rule == "bottom"


def _views() -> list[tuple[str, str, str]]:
    cat = queries.catalogue()
    return [(i, lv, d) for i, ind in cat.indicators.items() for lv in ind.levels for d in queries.dates(i, lv)]


@pytest.mark.parametrize("threshold", [1, 10, 20, 50])
def test_every_indicator_date_and_rule_on_real_data(threshold: int) -> None:
    """No context indicator lags; a share rule never flags more than N % + the margin of the areas
    with a value (nationally, and in every prefecture for pref_bottom) unless it flags nothing and the
    headline says it is undefined; every headline states the share it flags."""
    cat = queries.catalogue()
    for ind_id, level, as_of in _views():
        ind = cat.indicator(ind_id)
        values, areas = queries.values(ind_id, level, as_of), queries.areas(level)
        for rule in rules.RULES:
            cutoff = 50.0 if rule == "below" else None
            f = metrics.map_frame(values, areas, service.population(level), ind, rule, threshold, "", cutoff)
            where = (ind_id, level, as_of, rule)
            if not ind.can_lag or rule == "none" or (rule == "target" and ind.current_target(date.today()) is None):
                assert not f["lagging"].any(), where
                continue
            s = metrics.summarise(f)
            text = headline.headline(s, ind, headline.Rule(rule, threshold, cutoff, level))
            groups = f.groupby("prefecture_code") if rule == "pref_bottom" else [("", f)]
            for _, part in groups if rule in rules.SHARE_RULES else []:
                present = int(part["value"].notna().sum())
                assert part["lagging"].sum() <= present * (threshold + rules.TIE_MARGIN) // 100, where
            if rule == "bottom" and s.undefined:
                assert s.lagging == 0 and "定まりません" in text, where
            else:
                assert headline.percent(s.share) in text, where
            if rule == "bottom":  # each prefecture's own line (the map's pref filter, a prefecture export)
                for pref, part in f.groupby("prefecture_code"):
                    ps = metrics.summarise(part)
                    line = headline.headline(ps, ind, headline.Rule(rule, threshold, cutoff, level))
                    exceeds = ps.shown and ps.share * 100 > threshold
                    assert exceeds or f"{threshold}%を超えます" not in line, (*where, pref, line)


def test_no_current_target_on_ftth_takeup_anywhere() -> None:
    ind = queries.catalogue().indicator("ftth_takeup")
    assert ind.target is None
    f = metrics.map_frame(queries.values(ind.id, "prefecture", "2024-03-31"), queries.areas("prefecture"),
                          service.population("prefecture"), ind, "target", 20, "")
    assert not f["lagging"].any() and f["gap"].isna().all()


def test_typing_a_stated_value_switches_the_map_to_the_below_rule(app: object, callback_runner: Any) -> None:
    from dashboard.pages import map_page

    state = parse_query("indicator=mynumber_holding_rate", service.state_options())
    view = {"state": state.as_store(), "query": state.to_query()}
    store, rule, _, figure, rendered, *_ = callback_runner(map_page.apply_cutoff, "map-cutoff", 60, view)
    assert rendered == store["state"] and figure.data  # the map is drawn in the same response
    assert rule == "below" and store["state"]["cutoff"] == 60.0 and "rule=below&threshold=20&value=60" in store["query"]
    cleared, rule, *_ = callback_runner(map_page.apply_cutoff, "map-cutoff", None, store)
    assert rule == "bottom" and cleared["state"]["cutoff"] is None
    context = parse_query("indicator=population", service.state_options())
    ctx_view = {"state": context.as_store(), "query": context.to_query()}
    store, rule, notices, *_ = callback_runner(map_page.apply_cutoff, "map-cutoff", 1000, ctx_view)
    assert rule == "none" and "遅れの判定はしません" in json.dumps(notices, default=str, ensure_ascii=False)
