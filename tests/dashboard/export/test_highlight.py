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
from datetime import date

import plotly.graph_objects as go
import pytest

from dashboard import figures, queries, service
from dashboard.export.frame import SLIDE, SLIDE_PICTURE, Page, export_figure
from dashboard.export.tables import table_csv
from dashboard.export.views import ExportView, build_view
from dashboard.i18n import t
from dashboard.metrics import RULES
from dashboard.state import LEVELS, ViewState, parse_query

THRESHOLDS = (1, 20, 50)


def _views(indicator: str) -> Iterator[ViewState]:
    """Every (prefecture or all Japan) x rule (x threshold) x level the indicator has, as valid states."""
    options = service.state_options()
    ind = queries.catalogue().indicator(indicator)
    prefs = [None, *sorted(options.prefectures)]
    for level in (lv for lv in LEVELS if lv in ind.levels):
        for pref in prefs:
            for rule in RULES:
                if rule == "target" and ind.current_target(date.today()) is None:
                    continue
                if (rule == "pref_bottom" and level == "prefecture") or (not ind.can_lag and rule != "none"):
                    continue  # context indicators take no lagging rule (tests/dashboard/test_rules.py)
                for threshold in THRESHOLDS if rule in ("bottom", "pref_bottom") else (20,):
                    query = f"indicator={indicator}&level={level}&rule={rule}&threshold={threshold}"
                    query += "&value=50" if rule == "below" else ""
                    state = parse_query(query + (f"&pref={pref}" if pref else ""), options)
                    assert (state.rule, state.level, state.pref) == (rule, level, pref), query
                    yield state


def _highlighted(fig: go.Figure) -> set[str]:
    """Codes drawn at full strength while others are muted (none when nothing is muted)."""
    value = fig.data[figures.VALUE]
    if value.selectedpoints is None:
        return set()
    assert value.unselected.marker.opacity < (value.selected.marker.opacity or 1)
    assert not isinstance(value.marker.opacity, list | tuple)  # plotly ignores per-area opacity on geo maps
    locations = list(value.locations)
    return {str(locations[i]) for i in value.selectedpoints}


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
        value = fig.data[figures.VALUE]
        assert sorted(value.locations) == sorted(exported["code"])  # the same rows, no more
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
