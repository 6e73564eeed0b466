"""Page layouts built from URL queries, including hostile ones."""

from __future__ import annotations

import json
from typing import Any

import plotly
import pytest

from dashboard import db, queries
from dashboard.pages import ids, map_page, priority, sources


def dump(component: Any) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def find(component: Any, component_id: str) -> Any:
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            hit = find(child, component_id)
            if hit is not None:
                return hit
    return None


def test_map_layout_reproduces_the_view_in_the_url(app: Any) -> None:
    page = map_page.layout(indicator="mynumber_issuance_rate", pref="36", area="36201", date="2017-03-08",
                           rule="median", lang="en")
    view = find(page, ids.VIEW).data
    assert view["state"] == {"indicator": "mynumber_issuance_rate", "level": "municipality", "date": "2017-03-08",
                             "pref": "36", "rule": "median", "threshold": 20, "lang": "en", "area": "36201",
                             "cutoff": None}
    assert find(page, ids.INDICATOR).value == "mynumber_issuance_rate"
    assert find(page, ids.GRAPH).figure.layout.uirevision == "municipality|36"
    assert find(page, ids.NOTICES).children == []
    assert "Ranking" in dump(find(page, ids.RANKING_BOX))


@pytest.mark.parametrize("query, notices", [
    ({"indicator": "'; DROP TABLE areas; --", "level": "x" * 5000}, 2),
    ({"pref": ["13", "36"], "area": "<img src=x onerror=alert(1)>"}, 2),
    ({"date": "9999-99-99", "threshold": "NaN", "rule": "none", "lang": "xx"}, 3),
    ({"unexpected": "value", "indicator": ""}, 0),
])
def test_map_layout_never_fails_on_bad_links(app: Any, query: dict[str, Any], notices: int) -> None:
    page = map_page.layout(**query)
    assert find(page, ids.GRAPH) is not None
    shown = find(page, ids.NOTICES).children
    assert len(shown) == notices
    assert all(isinstance(p.children, str) for p in shown)  # plain text: React escapes it, never HTML


def test_missing_database_gives_a_message_not_an_error(app: Any, tmp_path: Any) -> None:
    db.configure(tmp_path / "absent.duckdb")
    assert "make build" in dump(map_page.layout())
    assert "make build" in dump(sources.layout())


def test_sources_page_lists_every_row(app: Any) -> None:
    text = dump(sources.layout())
    for row in queries.sources():
        assert row["id"] in text
    for row in queries.provenance():
        assert row["file"] in text and row["sha256"] in text
    assert "「国土数値情報（行政区域データ）」（国土交通省）を加工して作成" in text


def test_priority_layout_documents_its_method(app: Any) -> None:
    text = dump(priority.layout(ind="mynumber_holding_rate,online_procedures_32", kaso="0.5"))
    assert "必要度" in text and "mynumber_holding_rate" in text
    assert "kaso=0.5" in text
