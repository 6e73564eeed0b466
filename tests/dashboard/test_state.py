"""URL state: parsing, fallbacks with notices, round trips, hostile input."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from dashboard import service
from dashboard.security import strict_decimal, strict_int
from dashboard.state import (
    IndicatorOption,
    StateOptions,
    ViewState,
    change,
    from_store,
    parse_priority,
    parse_query,
)

DATES = {("series", "municipality"): ("2020-01-01", "2021-01-01"), ("series", "prefecture"): ("2021-01-01",),
         ("plain", "municipality"): ("2024-07-12",), ("target", "prefecture"): ("2024-03-31",)}
OPTIONS = StateOptions(
    indicators={"plain": IndicatorOption(("municipality", "prefecture"), False),
                "series": IndicatorOption(("municipality", "prefecture"), False),
                "target": IndicatorOption(("prefecture",), True)},
    prefectures=frozenset({"13", "36"}),
    area_levels={"13000": "prefecture", "36000": "prefecture", "13101": "municipality", "36201": "municipality"},
    dates=lambda i, lv: DATES.get((i, lv), ()),
    default_indicator="plain",
)


def keys(state: ViewState) -> list[str]:
    return [n.key for n in state.notices]


def test_empty_query_gives_defaults_without_notices() -> None:
    state = parse_query({}, OPTIONS)
    assert state == ViewState(indicator="plain", level="municipality", date="2024-07-12", rule="bottom")
    assert state.notices == ()


def test_round_trip_through_the_query_string() -> None:
    state = parse_query({"indicator": "series", "date": "2020-01-01", "pref": "36", "rule": "pref_bottom",
                         "threshold": "10", "lang": "en", "area": "36201"}, OPTIONS)
    assert state.notices == ()
    again = parse_query(state.to_query(), OPTIONS)
    assert again == state and again.to_query() == state.to_query()


def test_prefecture_only_indicator_switches_level_and_says_so() -> None:
    state = parse_query({"indicator": "target", "level": "municipality"}, OPTIONS)
    assert state.level == "prefecture" and state.rule == "target"
    assert "pref_only" in keys(state)


def test_target_rule_without_a_target_falls_back_with_notice() -> None:
    state = parse_query({"indicator": "plain", "rule": "target"}, OPTIONS)
    assert state.rule == "bottom" and "notice_no_target" in keys(state)


def test_date_between_snapshots_shows_the_one_in_force() -> None:
    state = parse_query({"indicator": "series", "date": "2020-06-30"}, OPTIONS)
    assert state.date == "2020-01-01" and "notice_date" in keys(state)
    assert parse_query({"indicator": "series", "date": "1999-01-01"}, OPTIONS).date == "2020-01-01"
    assert parse_query({"indicator": "series", "date": "2099-01-01"}, OPTIONS).date == "2021-01-01"


@pytest.mark.parametrize("name, value", [
    ("indicator", "nope"), ("indicator", ["plain", "series"]), ("indicator", "x" * 10_000),
    ("level", "county"), ("date", "2020-13-45"), ("date", "'; DROP TABLE areas;--"), ("pref", "99"),
    ("pref", "13 OR 1=1"), ("rule", "<script>alert(1)</script>"), ("threshold", "0"), ("threshold", "51"),
    ("threshold", "1e3"), ("threshold", "-5"), ("lang", "fr"), ("area", "99999"), ("area", "36201; --"),
    ("indicator", 42), ("pref", None),
])
def test_hostile_values_fall_back_with_a_notice(name: str, value: Any) -> None:
    state = parse_query({name: value}, OPTIONS)
    defaults = parse_query({}, OPTIONS)
    assert getattr(state, name) == getattr(defaults, name)
    if value not in (None, ""):
        assert state.notices, f"{name}={value!r} fell back silently"
        shown = " ".join(v for n in state.notices for k, v in n.fields if k == "value")
        assert len(shown) <= 100  # echoed back truncated, never the whole payload


def test_raw_query_strings_with_repeats_and_junk_parse() -> None:
    state = parse_query("?indicator=plain&indicator=series&utm_source=x&&=&%ff=%zz", OPTIONS)
    assert state.indicator == "plain" and keys(state) == ["notice_param"]


def test_area_of_the_other_level_is_dropped() -> None:
    assert parse_query({"area": "13000"}, OPTIONS).area is None
    assert parse_query({"level": "prefecture", "area": "13000"}, OPTIONS).area == "13000"


def test_change_resets_what_the_new_indicator_cannot_show() -> None:
    start = parse_query({"indicator": "series", "date": "2020-01-01", "area": "36201"}, OPTIONS)
    switched = change(start, OPTIONS, indicator="target")
    assert (switched.level, switched.date, switched.area, switched.rule) == ("prefecture", "2024-03-31", None, "target")
    back = change(switched, OPTIONS, indicator="plain")
    assert (back.level, back.rule) == ("municipality", "bottom")  # forced level and default rule not kept


def test_change_keeps_an_explicit_rule_and_ignores_bad_threshold() -> None:
    start = change(parse_query({}, OPTIONS), OPTIONS, rule="median")
    assert change(start, OPTIONS, indicator="series").rule == "median"
    assert change(start, OPTIONS, threshold=999).threshold == start.threshold
    assert change(start, OPTIONS, threshold=True).threshold == start.threshold


def test_a_bad_value_in_a_link_is_said_and_a_control_change_stays_quiet() -> None:
    """Link, store and control change share one parse (``state._parse``); only its fallbacks differ."""
    state = parse_query({"indicator": "series", "value": "abc"}, OPTIONS)
    assert state.cutoff is None and keys(state) == ["notice_param"]
    assert change(state, OPTIONS, value="abc").notices == ()  # no rule asked for a value: nothing to say
    assert keys(change(state, OPTIONS, rule="below", value="abc")) == ["notice_no_cutoff"]
    assert from_store({**state.as_store(), "threshold": "7"}, OPTIONS).threshold == 7  # as the link's text
    assert change(state, OPTIONS, threshold="7").threshold == state.threshold  # a control sends a number


def test_store_round_trip_and_garbage() -> None:
    state = parse_query({"pref": "13", "area": "13101"}, OPTIONS)
    assert from_store(state.as_store(), OPTIONS) == state
    assert from_store("garbage", OPTIONS) == parse_query({}, OPTIONS)
    assert from_store({"indicator": {"$ne": 1}, "threshold": [1]}, OPTIONS).indicator == "plain"


def test_real_options_from_the_database() -> None:
    options = service.state_options()
    state = parse_query({"indicator": "mynumber_issuance_rate", "pref": "36"}, options)
    assert state.date == "2022-12-31" and state.pref == "36" and not state.notices
    assert parse_query({"indicator": "ftth_takeup"}, options).level == "prefecture"


def test_priority_parameters() -> None:
    allowed = ("a", "b", "c")
    state = parse_priority({"ind": "a,zz,b,a", "kaso": "0.5", "ageing": "7", "pref": "13"}, allowed, ("a",),
                           frozenset({"13"}))
    assert state.indicators == ("a", "b") and state.kaso == 0.5 and state.ageing == 0.0
    assert len(state.notices) == 2
    assert parse_priority({}, allowed, ("c",), frozenset()).indicators == ("c",)
    assert "ind=a%2Cb" in state.to_query()


# Strings that Python's own number parsing accepts or half-accepts: "²".isdigit() is True but int("²")
# raises; int() and float() take fullwidth and Arabic-Indic digits, "_" separators, signs, exponents, nan, inf.
NOT_ASCII_NUMBERS = ["²", "①", "１０", "٣", "1_0", "+5", "-0", "1e1", "inf", "nan", "0x10", "10.0", "1 0", "\x00",
                     "10\x00", "9" * 13, "9" * 10_000, "A" * 10_000]


@pytest.mark.parametrize("value", NOT_ASCII_NUMBERS, ids=[repr(v)[:20] for v in NOT_ASCII_NUMBERS])
def test_threshold_takes_ascii_digits_only(value: str) -> None:
    state = parse_query({"threshold": value}, OPTIONS)
    assert state.threshold == 20 and keys(state) == ["notice_param"]
    assert parse_query(urlencode({"threshold": value}), OPTIONS).threshold == 20  # the raw query string path too


@pytest.mark.parametrize(("name", "value"), [("pref", "１３"), ("area", "３６２０１"), ("date", "２０２０-０１-０１"),
                                             ("date", "2020-01-01\x00"), ("pref", "٣٦")])
def test_codes_and_dates_take_ascii_digits_only(name: str, value: str) -> None:
    state = parse_query({"indicator": "series", name: value}, OPTIONS)
    assert getattr(state, name) == getattr(parse_query({"indicator": "series"}, OPTIONS), name)
    assert "notice_param" in keys(state)


@pytest.mark.parametrize("value", [*NOT_ASCII_NUMBERS, "０.５", "0.5e0", "½", "1.0000001", "-0.25"])
def test_priority_weights_take_plain_ascii_decimals_only(value: str) -> None:
    state = parse_priority({"kaso": value, "ageing": value}, ("a",), ("a",), frozenset())
    assert (state.kaso, state.ageing) == (0.0, 0.0) and len(state.notices) == 2


def test_priority_weights_in_every_written_form() -> None:
    for text, weight in [("0", 0.0), ("0.25", 0.25), ("0.5", 0.5), ("0.50", 0.5), ("0.75", 0.75), ("1", 1.0)]:
        state = parse_priority({"kaso": text}, ("a",), ("a",), frozenset())
        assert state.kaso == weight and not state.notices
        assert parse_priority(dict(p.split("=") for p in state.to_query().split("&")), ("a",), ("a",),
                              frozenset()).kaso == weight


def test_priority_unknown_language_falls_back_with_a_notice() -> None:
    state = parse_priority({"lang": "fr"}, ("a",), ("a",), frozenset())
    assert state.lang == "ja" and len(state.notices) == 1


def test_strict_numbers_never_raise() -> None:
    for value in [*NOT_ASCII_NUMBERS, None, 5, 5.0, b"5", ["5"]]:
        assert strict_int(value, 0, 10**12) is None
        assert strict_decimal(value, -1e9, 1e9) is None or value == "10.0"
    assert strict_int("012", 1, 50) == 12 and strict_int("51", 1, 50) is None and strict_int("0", 1, 50) is None
    assert strict_decimal("0.75", 0, 1) == 0.75 and strict_decimal("1.5", 0, 1) is None


def test_environment_numbers_use_the_same_rule() -> None:
    from dashboard import server, settings

    for bad in ("²", "８０５０", "1e3", "99999999999999", "-1"):
        with pytest.raises(settings.SettingsError, match="PORT="):
            settings.load({"PORT": bad})
        with pytest.raises(settings.SettingsError, match="ATLAS_MAX_BODY_BYTES="):
            server.load({"ATLAS_MAX_BODY_BYTES": bad})
        with pytest.raises(settings.SettingsError, match="ATLAS_BODY_SECONDS="):
            server.load({"ATLAS_BODY_SECONDS": bad})
    assert settings.load({"PORT": "8080"}).port == 8080
    assert server.load({"ATLAS_MAX_BODY_BYTES": "1024", "ATLAS_BODY_SECONDS": "5"}).body_seconds == 5
