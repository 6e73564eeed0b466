"""Load and validate the indicator catalogue from TOML.

The TOML files in ``layers/catalogue/`` are the single declaration of every
source and indicator. ``load_catalogue`` turns them into frozen dataclasses and
refuses an incomplete entry with a message naming the file and the entry, so a
mistake is caught when the ETL starts, not when a user opens the map.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, cast

from layers.model import (
    ASPECTS,
    CATEGORIES,
    LEVELS,
    ROLES,
    Aspect,
    Catalogue,
    Category,
    Indicator,
    Level,
    Role,
    Source,
    Target,
)

CATALOGUE_DIR = Path(__file__).parent / "catalogue"

_SOURCE_REQUIRED = ("publisher_ja", "publisher_en", "title_ja", "title_en", "url", "licence", "reference_date")
_INDICATOR_REQUIRED = (
    "label_ja",
    "label_en",
    "description_ja",
    "description_en",
    "category",
    "role",
    "source_id",
    "levels",
    "higher_is_better",
    "decimals",
)


class CatalogueError(ValueError):
    """A catalogue entry is incomplete or inconsistent."""


def _require(entry: Mapping[str, Any], keys: Iterable[str], where: str) -> None:
    for key in keys:
        value = entry.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise CatalogueError(f"{where}: missing or empty '{key}'")


def parse_source(source_id: str, entry: Mapping[str, Any], where: str) -> Source:
    _require(entry, _SOURCE_REQUIRED, f"{where} [sources.{source_id}]")
    return Source(
        id=source_id,
        publisher_ja=str(entry["publisher_ja"]),
        publisher_en=str(entry["publisher_en"]),
        title_ja=str(entry["title_ja"]),
        title_en=str(entry["title_en"]),
        url=str(entry["url"]),
        licence=str(entry["licence"]),
        reference_date=str(entry["reference_date"]),
        secondary=bool(entry.get("secondary", False)),
        note=str(entry.get("note", "")),
        reference_date_en=str(entry.get("reference_date_en", "")),
    )


def _parse_target(entry: Mapping[str, Any], where: str) -> Target:
    _require(entry, ("target_id", "value", "policy_ja", "policy_en", "deadline", "source_id", "measure"), where)
    deadline = entry["deadline"]
    if not isinstance(deadline, date):
        try:
            deadline = date.fromisoformat(str(deadline))
        except ValueError:
            raise CatalogueError(f"{where}: deadline '{deadline}' is not a date (YYYY-MM-DD)") from None
    return Target(
        target_id=str(entry["target_id"]),
        value=_number(entry["value"], f"{where}: value"),
        policy_ja=str(entry["policy_ja"]),
        policy_en=str(entry["policy_en"]),
        deadline=deadline,
        source_id=str(entry["source_id"]),
        measure=str(entry["measure"]),
    )


def _number(value: Any, where: str) -> float:
    """A finite number (TOML int or float; a bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CatalogueError(f"{where} must be a finite number, not {value!r}")
    return float(value)


def _plausible_range(entry: Mapping[str, Any], here: str) -> tuple[float | None, float | None]:
    low, high = (entry.get(k) for k in ("plausible_min", "plausible_max"))
    low = None if low is None else _number(low, f"{here}: plausible_min")
    high = None if high is None else _number(high, f"{here}: plausible_max")
    if low is not None and high is not None and low >= high:
        raise CatalogueError(f"{here}: plausible_min {low:g} must be below plausible_max {high:g}")
    return low, high


def parse_indicator(indicator_id: str, entry: Mapping[str, Any], where: str) -> Indicator:
    """Validate one ``[indicators.<id>]`` table into an ``Indicator``."""
    here = f"{where} [indicators.{indicator_id}]"
    _require(entry, _INDICATOR_REQUIRED, here)
    if "unit" not in entry:  # may be "" for a dimensionless index
        raise CatalogueError(f"{here}: missing 'unit'")
    if entry["category"] not in CATEGORIES:
        raise CatalogueError(f"{here}: category '{entry['category']}' is not one of {CATEGORIES}")
    if entry["role"] not in ROLES:
        raise CatalogueError(f"{here}: role '{entry['role']}' is not one of {ROLES}")
    levels = tuple(entry["levels"])
    if not levels or any(level not in LEVELS for level in levels):
        raise CatalogueError(f"{here}: levels {levels!r} must be a non-empty subset of {LEVELS}")
    target = entry.get("target")
    if target and entry["role"] == "context":
        raise CatalogueError(f"{here}: a context indicator cannot have a target; declare role = \"outcome\"")
    low, high = _plausible_range(entry, here)
    aspect = entry.get("aspect")
    if aspect is not None and aspect not in ASPECTS:
        raise CatalogueError(f"{here}: aspect '{aspect}' is not one of {ASPECTS} (or leave it out)")
    if (aspect is not None) != (entry["category"] == "online_procedures"):
        raise CatalogueError(f"{here}: category 'online_procedures' needs an aspect ({' or '.join(ASPECTS)}), "
                             "and only it takes one")
    return Indicator(
        id=indicator_id,
        label_ja=str(entry["label_ja"]),
        label_en=str(entry["label_en"]),
        description_ja=str(entry["description_ja"]),
        description_en=str(entry["description_en"]),
        unit=str(entry["unit"]),
        category=cast(Category, entry["category"]),
        role=cast(Role, entry["role"]),
        source_id=str(entry["source_id"]),
        levels=cast(tuple[Level, ...], levels),
        higher_is_better=bool(entry["higher_is_better"]),
        decimals=int(entry["decimals"]),
        reference_dates=tuple(str(d) for d in entry.get("reference_dates", ())),
        target=_parse_target(target, f"{here}.target") if target else None,
        time_series=bool(entry.get("time_series", False)),
        note_ja=str(entry.get("note_ja", "")),
        note_en=str(entry.get("note_en", "")),
        unit_en=str(entry.get("unit_en", "")),
        plausible_min=low,
        plausible_max=high,
        aspect=cast(Aspect | None, aspect),
    )


def build_catalogue(
    documents: Iterable[tuple[str, Mapping[str, Any]]], base: Catalogue | None = None
) -> Catalogue:
    """Merge parsed TOML documents (name, content) into one checked catalogue.

    With ``base`` (the shipped catalogue) the documents are additions, e.g. a
    region's own indicators: an id that is already taken is refused, never replaced.
    """
    sources: dict[str, Source] = dict(base.sources) if base else {}
    indicators: dict[str, Indicator] = dict(base.indicators) if base else {}
    taken = "is already used; choose another id" if base else "is declared twice"
    for where, doc in documents:
        for source_id, entry in doc.get("sources", {}).items():
            if source_id in sources:
                raise CatalogueError(f"{where}: source id '{source_id}' {taken}")
            sources[source_id] = parse_source(source_id, entry, where)
        for indicator_id, entry in doc.get("indicators", {}).items():
            if indicator_id in indicators:
                raise CatalogueError(f"{where}: indicator id '{indicator_id}' {taken}")
            indicators[indicator_id] = parse_indicator(indicator_id, entry, where)
    for ind in indicators.values():
        if ind.source_id not in sources:
            raise CatalogueError(f"indicator '{ind.id}': unknown source_id '{ind.source_id}'")
        if ind.target and ind.target.source_id not in sources:
            raise CatalogueError(f"indicator '{ind.id}': target cites unknown source '{ind.target.source_id}'")
    return Catalogue(sources=sources, indicators=indicators)


def load_catalogue(extra: Iterable[Path] = ()) -> Catalogue:
    """Load the shipped catalogue plus any extra TOML files (e.g. user sources)."""
    paths = sorted(CATALOGUE_DIR.glob("*.toml")) + list(extra)
    documents = []
    for path in paths:
        with path.open("rb") as fh:
            try:
                documents.append((path.name, tomllib.load(fh)))
            except tomllib.TOMLDecodeError as exc:
                raise CatalogueError(f"{path}: not valid TOML: {exc}") from exc
    return build_catalogue(documents)
