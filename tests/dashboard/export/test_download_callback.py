"""The map page's download callback, called as a plain function against the fixture database."""

from __future__ import annotations

import base64

import pytest
from dash import Dash
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
    assert [line.split(",")[1] for line in lines[1:]] == ["36202", "36201"]  # after the 6-digit 団体コード


def test_without_a_prefecture_the_whole_table_is_sent() -> None:
    state = ViewState(indicator="population")
    assert table_codes(state, [{"code": "36202"}]) is None


def test_unknown_kind_sends_nothing(fixture_queries: None) -> None:
    with pytest.raises(PreventUpdate):
        download_file("exe", VIEW, None)


def test_buttons_are_disabled_and_progress_shown_while_a_file_renders(app: Dash) -> None:
    """Dash applies ``running`` while the export callback runs, and ``runningOff`` after it.

    Read from the app's own list (Dash moves the global list into the app when it
    starts, so the global one is empty once any test has started the app).
    """
    from dashboard.pages import map_downloads

    app._setup_server()  # noqa: SLF001 - what the first request does: takes over the global callback list
    specs = list(app._callback_list)  # noqa: SLF001
    spec = next(s for s in specs if s.get("output") == f"{map_downloads.DOWNLOAD}.data")
    fieldset, status = f"{map_downloads.BUTTONS}.disabled", f"{map_downloads.STATUS}.hidden"
    assert spec["running"] == {"running": {fieldset: True, status: False},
                               "runningOff": {fieldset: False, status: True}}
    bar = map_downloads.bar("en")
    assert "Preparing the file" in str(bar) and "ファイルを作成" in str(map_downloads.bar("ja"))
