"""The map page's download callback, called as a plain function against the fixture database."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from dash.exceptions import PreventUpdate

from dashboard.pages.map_downloads import download_file, table_codes
from dashboard.state import ViewState

VIEW = {"state": {"indicator": "population", "level": "municipality", "pref": "36", "lang": "ja"}}


def test_csv_keeps_the_filtered_and_sorted_ranking_rows(fixture_queries: None) -> None:
    rows = [{"id": "36202", "code": "36202"}, {"id": "36201", "code": "36201"}]
    data = download_file("csv", VIEW, rows)
    assert data["filename"] == "atlas_population_36_municipality_2020-10-01.csv"
    assert data["type"].startswith("text/csv")
    lines = base64.b64decode(data["content"]).decode("utf-8-sig").splitlines()
    code = lines[0].split(",").index("標準地域コード")  # the 5-digit code (団体コード, 6 digits, comes first)
    assert [line.split(",")[code] for line in lines[1:]] == ["36202", "36201"]


def test_without_a_prefecture_the_whole_table_is_sent() -> None:
    state = ViewState(indicator="population")
    assert table_codes(state, [{"code": "36202"}]) is None


def test_unknown_kind_sends_nothing(fixture_queries: None) -> None:
    with pytest.raises(PreventUpdate):
        download_file("exe", VIEW, None)


def test_buttons_are_disabled_and_progress_shown_while_a_file_renders(app: Any) -> None:
    """The browser is told to disable the buttons and show the progress line while the export runs."""
    from dashboard.pages import map_downloads

    deps = json.loads(app.server.test_client().get("/_dash-dependencies").get_data())
    spec = next(d for d in deps if d["output"] == f"{map_downloads.DOWNLOAD}.data")
    fieldset, status = f"{map_downloads.BUTTONS}.disabled", f"{map_downloads.STATUS}.hidden"
    assert spec["running"] == {"running": {fieldset: True, status: False},
                               "runningOff": {fieldset: False, status: True}}
    assert "Preparing the file" in str(map_downloads.bar("en")) and "ファイルを作成" in str(map_downloads.bar("ja"))
