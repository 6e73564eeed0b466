"""The catalogue is complete: every indicator has labels, a known source and a
sane declaration; broken declarations are refused with a message naming them."""

from __future__ import annotations

from pathlib import Path

import pytest

from layers.model import CATEGORIES
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
        "unit": "%", "category": "broadband", "source_id": "s", "levels": ["municipality"],
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
