"""The exported map highlights exactly the areas the exported table marks as lagging.

Issue 9 §1: a prefecture export once kept the national highlight positions
after cutting the figure to one prefecture, so 46 of 47 prefectures showed
the wrong municipalities at full strength. This checks the claim on the
finished export (``export_figure``, what PNG/SVG/PDF/PPTX render) against the
finished CSV (what the ranking download writes), for every indicator,
prefecture, rule, threshold and level in the fixture database.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import plotly.graph_objects as go
import pytest

from dashboard import figures, queries, service
from dashboard.export.frame import SLIDE, SLIDE_PICTURE, Page, export_figure
from dashboard.export.tables import table_csv
from dashboard.export.views import ExportView, build_view
from dashboard.i18n import t
from dashboard.metrics import RULES
from dashboard.rules import applies
from dashboard.state import LEVELS, ViewState, parse_query
from layers.model import Indicator

THRESHOLDS = (1, 20, 50)


def _views(indicator: str) -> Iterator[ViewState]:
    """Every (prefecture or all Japan) x rule (x threshold) x level the indicator has, as valid states."""
    options = service.state_options()
    ind = queries.catalogue().indicator(indicator)
    prefs = [None, *sorted(options.prefectures)]
    for level in (lv for lv in LEVELS if lv in ind.levels):
        for pref in prefs:
            for rule in RULES:
                if rule != "none" and not applies(ind, rule):
                    continue  # context indicators take no lagging rule; target needs a current one
                if (rule == "pref_bottom" and level == "prefecture"):
                    continue
                for threshold in THRESHOLDS if rule in ("bottom", "pref_bottom") else (20,):
                    query = f"indicator={indicator}&level={level}&rule={rule}&threshold={threshold}"
                    query += f"&value={_middle(ind)}" if rule == "below" else ""
                    state = parse_query(query + (f"&pref={pref}" if pref else ""), options)
                    assert (state.rule, state.level, state.pref) == (rule, level, pref), query
                    yield state


def _middle(ind: Indicator) -> float:
    """A ``below`` value inside the indicator's plausible range (50 for shares)."""
    low, high = ind.plausible_min, ind.plausible_max
    return 50.0 if low is None or high is None else (low + high) / 2


def _value_traces(fig: go.Figure) -> list[Any]:
    """The traces drawing areas in colour: the main map's and each inset's."""
    return [trace for trace in fig.data if trace.meta == "value"]


def _highlighted(fig: go.Figure) -> set[str]:
    """Codes drawn at full strength while others are muted (none when nothing is muted)."""
    out: set[str] = set()
    for value in _value_traces(fig):
        if value.selectedpoints is None:
            continue
        assert value.unselected.marker.opacity < (value.selected.marker.opacity or 1)
        assert not isinstance(value.marker.opacity, list | tuple)  # plotly ignores per-area opacity on geo maps
        locations = list(value.locations)
        out |= {str(locations[i]) for i in value.selectedpoints}
    return out


def _lagging_in_csv(content: bytes, view: ExportView) -> set[str]:
    """Codes whose status cell in the downloaded CSV says lagging."""
    lang = view.state.lang
    code, status = (next(c.header(lang) for c in view.columns if c.key == key) for key in ("code", "status"))
    rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return {row[code] for row in rows if row[status] == t("lagging", lang)}


def _check(state: ViewState, pages: tuple[tuple[Page, bool], ...] = ((SLIDE, False),)) -> None:
    view = build_view(state)
    exported = view.table
    csv_content = table_csv(exported, view.columns, state.lang)
    lagging = _lagging_in_csv(csv_content, view)
    assert lagging == set(exported.loc[exported["lagging"].astype(bool), "code"]), state.to_query()
    for page, bare in pages:
        fig = export_figure(view.figure, view.meta, page, bare=bare)
        drawn = [str(c) for value in _value_traces(fig) for c in value.locations]
        assert sorted(drawn) == sorted(exported["code"])  # the same rows, no more, each once
        assert _highlighted(fig) == lagging, (state.to_query(), page.name)
    if state.rule == "none":
        assert view.figure.data[figures.VALUE].selectedpoints is None and not lagging


#: The default (municipalities only), a context one (both levels: rule none only), one of prefectures only.
@pytest.mark.parametrize("indicator", ["mynumber_holding_rate", "aged_65_share", "ftth_takeup"])
def test_exported_highlight_is_the_exported_lagging_set(fixture_queries: None, indicator: str) -> None:
    states = list(_views(indicator))
    assert len({s.pref for s in states}) == 1 + len(service.state_options().prefectures)
    for state in states:
        _check(state)


def test_every_indicator_default_view_in_every_prefecture(fixture_queries: None) -> None:
    """The default rule for every indicator, in Japanese, and in English with the slide picture too."""
    options = service.state_options()
    for indicator in options.indicators:
        for pref in sorted(options.prefectures):
            _check(parse_query(f"indicator={indicator}&pref={pref}", options))
        english = parse_query(f"indicator={indicator}&pref=37&lang=en", options)
        _check(english, ((SLIDE, False), (SLIDE_PICTURE, True)))


def test_a_prefecture_with_some_lagging_areas_highlights_them(fixture_queries: None) -> None:
    """Guard against the check above passing on empty sets: the fixture has real highlights to compare."""
    state = parse_query("indicator=mynumber_holding_rate&pref=37&rule=pref_bottom&threshold=30",
                        service.state_options())
    view = build_view(state)
    lagging = set(view.table.loc[view.table["lagging"].astype(bool), "code"])
    assert 0 < len(lagging) < len(view.table)
    assert _highlighted(export_figure(view.figure, view.meta)) == lagging
