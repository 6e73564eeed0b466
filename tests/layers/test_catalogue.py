"""The catalogue is complete: every indicator has labels, a known source and a
sane declaration; broken declarations are refused with a message naming them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from layers.model import CATEGORIES, ROLES
from layers.registry import CatalogueError, build_catalogue, load_catalogue


def test_every_indicator_is_complete() -> None:
    catalogue = load_catalogue()
    assert len(catalogue.indicators) >= 15
    for ind in catalogue.indicators.values():
        assert ind.label_ja and ind.label_en and ind.description_ja and ind.description_en, ind.id
        assert ind.source_id in catalogue.sources, ind.id
        assert ind.category in CATEGORIES
        assert ind.levels
        if ind.target:
            assert ind.target.source_id in catalogue.sources


def test_every_category_has_an_indicator() -> None:
    grouped = load_catalogue().by_category()
    assert all(grouped[c] for c in CATEGORIES), {c: len(v) for c, v in grouped.items()}


def test_every_shipped_source_folder_is_declared() -> None:
    raw = Path(__file__).resolve().parents[2] / "data" / "raw"
    declared = set(load_catalogue().sources)
    folders = {p.name for p in raw.iterdir() if p.is_dir()}
    assert folders <= declared, folders - declared


def _minimal(**overrides: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "label_ja": "指標", "label_en": "Indicator", "description_ja": "説明", "description_en": "Description",
        "unit": "%", "category": "broadband", "role": "outcome", "source_id": "s", "levels": ["municipality"],
        "higher_is_better": True, "decimals": 1,
    }
    entry.update(overrides)
    return entry


SOURCE = {"s": {"publisher_ja": "総務省", "publisher_en": "MIC", "title_ja": "t", "title_en": "t",
                "url": "u", "licence": "CC BY 4.0", "reference_date": "2024"}}


def test_missing_label_is_refused_with_its_name() -> None:
    doc = {"sources": SOURCE, "indicators": {"x": _minimal(label_en="")}}
    with pytest.raises(CatalogueError, match=r"indicators\.x.*label_en"):
        build_catalogue([("test.toml", doc)])


def test_unknown_source_is_refused() -> None:
    doc = {"sources": SOURCE, "indicators": {"x": _minimal(source_id="nope")}}
    with pytest.raises(CatalogueError, match="unknown source_id 'nope'"):
        build_catalogue([("test.toml", doc)])


def test_bad_category_and_level_are_refused() -> None:
    with pytest.raises(CatalogueError, match="category"):
        build_catalogue([("t", {"sources": SOURCE, "indicators": {"x": _minimal(category="misc")}})])
    with pytest.raises(CatalogueError, match="levels"):
        build_catalogue([("t", {"sources": SOURCE, "indicators": {"x": _minimal(levels=["ward"])}})])


def test_format_value_says_missing_and_uses_unit() -> None:
    catalogue = load_catalogue()
    assert catalogue.indicator("aged_65_share").format_value(31.25) == "31.2%"
    assert catalogue.indicator("population").format_value(1234.0) == "1,234 人"
    assert catalogue.indicator("population").format_value(None, "en") == "no data"
    assert catalogue.indicator("fiscal_capability_index").format_value(0.456) == "0.46"


def test_unit_for_gives_the_english_unit_when_declared() -> None:
    catalogue = load_catalogue()
    population = catalogue.indicator("population")
    assert population.unit_for("ja") == "人" and population.unit_for("en") == "persons"
    assert population.format_value(1234.0, "en") == "1,234 persons"
    assert catalogue.indicator("aged_65_share").format_value(31.25, "en") == "31.2%"  # '%' is never translated
    assert all(i.unit_en or not i.unit or i.unit == "%" for i in catalogue.indicators.values())


def test_unit_en_is_optional_and_falls_back_to_unit() -> None:
    doc = {"sources": SOURCE, "indicators": {"x": _minimal(unit="世帯"), "y": _minimal(unit="人", unit_en="persons")}}
    catalogue = build_catalogue([("t", doc)])
    assert catalogue.indicator("x").unit_for("en") == "世帯"
    assert catalogue.indicator("y").unit_for("en") == "persons" and catalogue.indicator("y").unit_for() == "人"


#: Issue 14: what each shipped indicator is. Context describes an area and never lags.
CONTEXT = {"population", "households", "aged_65_share", "aged_75_share", "habitable_density",
           "fiscal_capability_index", "single_elderly_household_share", "ict_establishments_per_1000"}


def test_every_shipped_indicator_declares_its_role() -> None:
    catalogue = load_catalogue()
    for ind in catalogue.indicators.values():
        assert ind.role in ROLES
        assert (ind.role == "context") == (ind.id in CONTEXT), ind.id
        assert ind.can_lag == (ind.role == "outcome")


def test_every_shipped_indicator_declares_a_plausible_range() -> None:
    for ind in load_catalogue().indicators.values():
        assert ind.plausible_min is not None and ind.plausible_max is not None, ind.id
        assert ind.plausible_min >= 0, ind.id  # no shipped measure can be negative
        if ind.unit == "%":
            assert (ind.plausible_min, ind.plausible_max) == (0, 100), ind.id


def test_role_is_required_and_checked() -> None:
    entry = _minimal()
    del entry["role"]
    with pytest.raises(CatalogueError, match=r"indicators\.x.*'role'"):
        build_catalogue([("t", {"sources": SOURCE, "indicators": {"x": entry}})])
    with pytest.raises(CatalogueError, match="role 'lagging' is not one of"):
        build_catalogue([("t", {"sources": SOURCE, "indicators": {"x": _minimal(role="lagging")}})])


def test_plausible_range_is_checked_and_applied() -> None:
    for bad, message in (({"plausible_min": 5, "plausible_max": 5}, "must be below"),
                         ({"plausible_max": "100"}, "finite number"), ({"plausible_min": float("nan")}, "finite")):
        with pytest.raises(CatalogueError, match=message):
            build_catalogue([("t", {"sources": SOURCE, "indicators": {"x": _minimal(**bad)}})])
    share_entry = _minimal(plausible_min=0, plausible_max=100)
    share = build_catalogue([("t", {"sources": SOURCE, "indicators": {"x": share_entry}})]).indicator("x")
    assert share.is_plausible(0) and share.is_plausible(100) and share.is_plausible(42.5)
    assert not any(share.is_plausible(v) for v in (-0.1, 100.1, float("nan"), float("inf"), float("-inf")))
    unbounded = build_catalogue([("t", {"sources": SOURCE, "indicators": {"x": _minimal()}})]).indicator("x")
    assert unbounded.is_plausible(-1e12) and not unbounded.is_plausible(float("nan"))


TARGET = {"target_id": "t1", "value": 99.9, "policy_ja": "計画", "policy_en": "plan", "deadline": date(2028, 3, 31),
          "source_id": "s", "measure": "FTTH household coverage"}


def test_a_target_declares_its_measure_and_deadline() -> None:
    for key in ("measure", "deadline"):
        target = {k: v for k, v in TARGET.items() if k != key}
        with pytest.raises(CatalogueError, match=f"'{key}'"):
            build_catalogue([("t", {"sources": SOURCE, "indicators": {"x": _minimal(target=target)}})])
    ind = build_catalogue([("t", {"sources": SOURCE, "indicators": {"x": _minimal(target=TARGET)}})]).indicator("x")
    assert ind.target is not None and ind.target.measure == "FTTH household coverage"
    assert ind.target.is_current(date(2028, 3, 31)) and not ind.target.is_current(date(2028, 4, 1))
    assert ind.current_target(date(2026, 1, 1)) == ind.target and ind.current_target(date(2030, 1, 1)) is None


def test_shipped_targets_apply_only_to_their_own_measure() -> None:
    catalogue = load_catalogue()
    assert catalogue.indicator("ftth_takeup").target is None  # 光の道 was about using broadband, not FTTH take-up
    for ind in catalogue.indicators.values():
        assert ind.target is None or ind.role == "outcome", ind.id
    old = catalogue.indicator("ultra_high_speed_availability").target
    assert old is not None and old.deadline == date(2015, 12, 31) and not old.is_current(date(2026, 1, 1))


def test_every_built_value_lies_in_its_declared_range(fixture_db: Path) -> None:
    """The ranges are real bounds: the fixture data built by the real ETL lies inside them."""
    import duckdb

    con = duckdb.connect(str(fixture_db), read_only=True)
    found = con.execute("SELECT indicator_id, min(value), max(value) FROM indicator_values GROUP BY 1").fetchall()
    con.close()
    catalogue = load_catalogue()
    for ind_id, low, high in found:
        ind = catalogue.indicator(ind_id)
        assert ind.is_plausible(low) and ind.is_plausible(high), (ind_id, low, high)


def test_online_procedures_say_whether_they_measure_availability_or_use() -> None:
    """Issue 9 §5: "can apply online" and "did apply online" are declared apart, both under one category."""
    catalogue = load_catalogue()
    aspects = {i.id: i.aspect for i in catalogue.indicators.values() if i.category == "online_procedures"}
    assert aspects == {"online_procedures_32": "availability", "online_procedures_26": "availability",
                       "online_usage_32_median": "use", "online_usage_26_median": "use"}
    assert all(i.aspect is None for i in catalogue.indicators.values() if i.category != "online_procedures")
    for ind in catalogue.indicators.values():
        for label in (ind.label_ja, ind.label_en):
            assert label == label.strip().lstrip("\u3000"), label  # a leading space truncates the picked name


@pytest.mark.parametrize(("overrides", "message"), [
    ({"category": "online_procedures", "aspect": "offer"}, "aspect 'offer' is not one of"),
    ({"category": "online_procedures"}, "needs an aspect"),
    ({"aspect": "use"}, "only it takes one"),
])
def test_aspect_is_checked(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        build_catalogue([("t", {"sources": SOURCE, "indicators": {"x": _minimal(**overrides)}})])
