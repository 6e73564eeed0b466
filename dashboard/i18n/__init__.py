"""User-interface strings in Japanese (default) and English: one catalogue, split by area.

Indicator and source wording comes from the catalogue (``layers``); only the
app's own words live here. Each module of this package holds one area's table,
Japanese and English side by side (``chrome``, ``mapview``, ``reading``,
``profile``, ``sources``, ``insight``, ``upload``, ``export``,
``accessibility``); they are merged into one table at import, and a key
defined twice stops the import, so each key means one thing wherever it is
used (issue 10: no page-local string tables beside the central one).
``t(key, lang, **fields)`` is the only way callers read a string.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

from dashboard.i18n import accessibility, chrome, export, insight, mapview, profile, reading, sources, upload
from dashboard.i18n.notes import note_text

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")
Table = dict[str, tuple[str, str]]

#: Required on every map and export (dashdata, issue 14): the boundaries are the Digital Agency's
#: 行政区域ポリゴン (N03-2025 TopoJSON, CC BY 4.0), itself processed from MLIT's 国土数値情報, so both are
#: credited as the Digital Agency asks (data/raw/digital_agency_n03_2025/SOURCE.md).
N03_CREDIT = {
    "ja": "出典：デジタル庁 行政区域ポリゴン（「国土数値情報（行政区域データ）」（国土交通省）を加工して作成）",
    "en": "Boundaries: Digital Agency administrative-area polygons (created by processing MLIT's "
    "National Land Numerical Information, administrative areas). "
    "出典：デジタル庁 行政区域ポリゴン（「国土数値情報（行政区域データ）」（国土交通省）を加工して作成）",
}


class DuplicateKey(ValueError):
    """Two area tables define the same key: one of them would silently win."""


def merge(tables: Iterable[tuple[str, Table]]) -> Table:
    """One table from ``(area name, table)`` pairs; a key defined twice raises, naming both areas."""
    merged: Table = {}
    owner: dict[str, str] = {}
    for name, table in tables:
        for key, pair in table.items():
            if key in merged:
                raise DuplicateKey(f"UI string key {key!r} is defined in both i18n.{owner[key]} and i18n.{name}.")
            merged[key] = pair
            owner[key] = name
    return merged


AREAS: tuple[tuple[str, Table], ...] = (
    ("chrome", chrome.STRINGS),
    ("mapview", mapview.STRINGS),
    ("reading", reading.STRINGS),
    ("profile", profile.STRINGS),
    ("sources", sources.STRINGS),
    ("insight", insight.STRINGS),
    ("upload", upload.STRINGS),
    ("export", export.STRINGS),
    ("accessibility", accessibility.STRINGS),
)
_S: Table = merge(AREAS)


def t(key: str, lang: str = "ja", **fields: object) -> str:
    """The UI string ``key`` in ``lang`` (unknown languages fall back to Japanese), formatted with ``fields``."""
    ja, en = _S[key]
    text = en if lang == "en" else ja
    return text.format(**fields) if fields else text


def has(key: str) -> bool:
    """Whether ``key`` is a UI string (for values that are keys only sometimes, e.g. notice fields)."""
    return key in _S


def items(prefix: str, lang: str = "ja") -> list[str]:
    """The numbered strings ``<prefix>1``, ``<prefix>2`` … in order: a list a page shows item by item."""
    found: list[str] = []
    while has(f"{prefix}{len(found) + 1}"):
        found.append(t(f"{prefix}{len(found) + 1}", lang))
    return found


def residents(n: float, lang: str = "ja") -> str:
    """People counts the way each language reads them: 210万人 / 2.1 million."""
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return t("no_data", lang)
    if lang == "en":
        if n >= 1e6:
            return f"{n / 1e6:,.1f} million"
        if n >= 1e4:
            return f"{n / 1e3:,.0f} thousand"
        return f"{n:,.0f}"
    if n >= 1e8:
        return f"{n / 1e8:,.2f}億人"
    if n >= 1e4:
        return f"{n / 1e4:,.0f}万人" if n >= 1e5 else f"{n / 1e4:,.1f}万人"
    return f"{n:,.0f}人"


def kaso_label(kaso_class: str | None, lang: str = "ja") -> str:
    """A 過疎 class as stored (全部・一部・みなし) in ``lang``; an unknown class is shown as stored."""
    key = f"kaso_{kaso_class}" if kaso_class else "kaso_none"
    return t(key, lang) if has(key) else str(kaso_class)


def kind_label(kind: str | None, lang: str = "ja") -> str:
    """An area kind as stored (city, town …) in ``lang``; empty when unknown."""
    key = f"kind_{kind}"
    return t(key, lang) if kind and has(key) else ""


__all__ = [
    "AREAS", "LANGS", "N03_CREDIT", "DuplicateKey", "Lang", "Table", "has", "items", "kaso_label", "kind_label",
    "merge", "note_text", "residents", "t",
]
