"""URL state of the insight pages (``/progress``, ``/compare``, ``/scatter``):
validated, frozen values with a fixed query-string form.

Same contract as ``dashboard.state``: anything invalid falls back to a
default and adds a ``Notice``; nothing here raises on user input, reads the
database or imports Dash (the valid choices are passed in).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

from dashboard.i18n import LANGS
from dashboard.state import Notice, _param_notice, _single

_CODE = re.compile(r"^[0-9]{5}\Z")  # ASCII only, no final newline: the URL rule (dashboard.security)
_YEAR = re.compile(r"^[0-9]{4}\Z")
MAX_AREAS = 8
MIN_AREAS = 2


def as_mapping(query: Mapping[str, Any] | str) -> Mapping[str, Any]:
    """A raw query string (``a=1&b=2``) as the mapping Dash passes to ``layout``."""
    if not isinstance(query, str):
        return query
    parsed = parse_qs(query.lstrip("?")[:4000], keep_blank_values=True)
    return {k: v[0] if len(v) == 1 else v for k, v in parsed.items()}


def _lang(raw: str | None, notices: list[Notice]) -> str:
    if raw is not None and raw not in LANGS:
        notices.append(_param_notice("lang", raw, "ja"))
    return raw if raw in LANGS else "ja"


def _choice(raw: str | None, allowed: Sequence[str], default: str, name: str, notices: list[Notice]) -> str:
    if raw is None:
        return default
    if raw in allowed:
        return raw
    notices.append(_param_notice(name, raw, "default"))
    return default


def _read(query: Mapping[str, Any] | str, names: Sequence[str], notices: list[Notice]) -> dict[str, str | None]:
    mapping = as_mapping(query)
    raw: dict[str, str | None] = {}
    for name in names:
        value, notice = _single(mapping, name)
        raw[name] = value
        notices += [notice] if notice else []
    return raw


# ------------------------------------------------------------------ progress
@dataclass(frozen=True)
class ProgressState:
    """Indicator, level, period start (year), prefecture filter, language."""

    indicator: str
    level: str
    start: int
    pref: str | None = None
    lang: str = "ja"
    notices: tuple[Notice, ...] = field(default=(), compare=False)

    def to_query(self) -> str:
        pairs = [("indicator", self.indicator), ("level", self.level), ("from", str(self.start))]
        pairs += [("pref", self.pref)] if self.pref else []
        return urlencode(pairs + [("lang", self.lang)])


@dataclass(frozen=True)
class ProgressOptions:
    """What is valid: indicator → its levels; (indicator, level) → years with data; prefecture codes."""

    levels: Mapping[str, tuple[str, ...]]
    years: Callable[[str, str], tuple[int, ...]]  # (indicator, level) → years with data, oldest first
    prefectures: frozenset[str]
    default_indicator: str


def default_start(years: Sequence[int]) -> int:
    """Two years before the latest data year (at least the first year): the 'recent' pace."""
    return max(years[0], years[-1] - 2) if years else 0


def parse_progress(query: Mapping[str, Any] | str, options: ProgressOptions) -> ProgressState:
    notices: list[Notice] = []
    raw = _read(query, ("indicator", "level", "from", "pref", "lang"), notices)
    lang = _lang(raw["lang"], notices)
    indicator = _choice(raw["indicator"], tuple(options.levels), options.default_indicator, "indicator", notices)
    levels = options.levels[indicator]
    preferred = "municipality" if "municipality" in levels else levels[0]
    level = _choice(raw["level"], levels, preferred, "level", notices)
    years = tuple(options.years(indicator, level))
    start = default_start(years)
    if raw["from"] is not None:
        if _YEAR.match(raw["from"]) and int(raw["from"]) in years:
            start = int(raw["from"])
        else:
            notices.append(_param_notice("from", raw["from"], str(start)))
    pref = raw["pref"]
    if pref is not None and pref not in options.prefectures:
        notices.append(_param_notice("pref", pref, "all_japan"))
        pref = None
    return ProgressState(indicator, level, start, pref, lang, tuple(notices))


# ------------------------------------------------------------------- compare
@dataclass(frozen=True)
class CompareState:
    """2–8 municipalities (LG5 codes, in the order given), the trend indicator and the language."""

    areas: tuple[str, ...]
    trend: str
    lang: str = "ja"
    notices: tuple[Notice, ...] = field(default=(), compare=False)

    def to_query(self) -> str:
        return urlencode([("areas", ",".join(self.areas)), ("trend", self.trend), ("lang", self.lang)])


def parse_compare(query: Mapping[str, Any] | str, municipalities: frozenset[str], trends: Sequence[str],
                  default_trend: str) -> CompareState:
    notices: list[Notice] = []
    raw = _read(query, ("areas", "trend", "lang"), notices)
    lang = _lang(raw["lang"], notices)
    wanted = [c.strip() for c in (raw["areas"] or "").split(",") if c.strip()]
    valid = tuple(dict.fromkeys(c for c in wanted if _CODE.match(c) and c in municipalities))
    if len(valid) != len(wanted):
        notices.append(_param_notice("areas", raw["areas"], ",".join(valid) or "none"))
    if len(valid) > MAX_AREAS:
        notices.append(Notice("notice_too_many", (("n", str(MAX_AREAS)),)))
        valid = valid[:MAX_AREAS]
    trend = _choice(raw["trend"], trends, default_trend, "trend", notices)
    return CompareState(valid, trend, lang, tuple(notices))


# ------------------------------------------------------------------- scatter
@dataclass(frozen=True)
class ScatterState:
    """Two indicators (x, y), prefecture filter, where the quadrant lines go, language, and the selected
    municipality (``area``, the map's selection: highlighted among the dots)."""

    x: str
    y: str
    pref: str | None = None
    lines: str = "median"
    lang: str = "ja"
    notices: tuple[Notice, ...] = field(default=(), compare=False)
    area: str | None = None

    def to_query(self) -> str:
        pairs = [("x", self.x), ("y", self.y)] + ([("pref", self.pref)] if self.pref else [])
        pairs += [("area", self.area)] if self.area else []
        return urlencode(pairs + [("lines", self.lines), ("lang", self.lang)])


LINES = ("median", "target")


def parse_scatter(query: Mapping[str, Any] | str, indicators: Sequence[str], defaults: tuple[str, str],
                  prefectures: frozenset[str], municipalities: frozenset[str] = frozenset()) -> ScatterState:
    notices: list[Notice] = []
    raw = _read(query, ("x", "y", "pref", "lines", "lang", "area"), notices)
    lang = _lang(raw["lang"], notices)
    x = _choice(raw["x"], indicators, defaults[0], "x", notices)
    y = _choice(raw["y"], indicators, defaults[1], "y", notices)
    pref = raw["pref"]
    if pref is not None and pref not in prefectures:
        notices.append(_param_notice("pref", pref, "all_japan"))
        pref = None
    lines = _choice(raw["lines"], LINES, "median", "lines", notices)
    area = raw["area"]
    if area is not None and not (_CODE.match(area) and area in municipalities):
        notices.append(_param_notice("area", area, "none"))
        area = None
    return ScatterState(x, y, pref, lines, lang, tuple(notices), area)
