"""An unconfirmed reference date says so wherever it is shown (issue 14), for every
(indicator, date) the fixture database holds, in both languages: the date label,
slider marks, ranking title, table view, profile, export subtitle and source line,
CSV/XLSX value header and the exported figure. A confirmed date never carries the mark,
and English output never says 推定.
"""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from dashboard import dates, db, queries, service
from dashboard.export.files import export_file
from dashboard.export.frame import export_figure
from dashboard.export.tables import table_csv
from dashboard.export.views import build_view
from dashboard.i18n import t
from dashboard.pages import map_page, map_panels, map_view, profile
from dashboard.state import ViewState, parse_query


def _rows() -> list[tuple[str, str, bool]]:
    return [(str(i), d.isoformat(), bool(c)) for i, d, c in db.cursor().execute(
        "SELECT indicator_id, as_of, date_certain FROM indicator_dates ORDER BY 1, 2").fetchall()]


def _state(ind_id: str, as_of: str, lang: str, **extra: str) -> ViewState:
    level = queries.catalogue().indicator(ind_id).levels[0]
    query = "&".join(f"{k}={v}" for k, v in {"indicator": ind_id, "level": level, "date": as_of, "lang": lang,
                                              **extra}.items())
    return parse_query(query, service.state_options())


def _has_mark(text: str, lang: str) -> bool:
    return t("date_unconfirmed", lang).strip() in text


def test_the_database_has_both_kinds() -> None:
    rows = {(i, d): c for i, d, c in _rows()}
    assert rows[("dx_governance_score", "2023-04-01")] is True  # pinned by the publisher's data definitions
    assert rows[("online_usage_26_median", "2024-07-12")] is False
    assert dates.date_text("dx_governance_score", "2023-04-01", "ja", long=True) == "2023年4月1日（令和5年）"
    assert dates.date_text("mynumber_holding_rate", "2024-07-12", "ja", long=True) == \
        "2024年7月12日（令和6年）（調査時点未確認）"
    assert dates.date_text("mynumber_holding_rate", "2024-07-12", "en") == "2024-07-12 (date not confirmed)"
    assert dates.date_text("an_upload", "2024-07-12", "en") == "2024-07-12"  # no row: the uploader's own date


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_screen_place_marks_exactly_the_unconfirmed_dates(lang: str) -> None:
    for ind_id, as_of, certain in _rows():
        state = _state(ind_id, as_of, lang)
        assert state.date == as_of, (ind_id, as_of)
        page = json.dumps(map_page.layout(**dict(indicator=ind_id, level=state.level, date=as_of, lang=lang))
                          .to_plotly_json(), default=str, ensure_ascii=False)
        slider = map_view.date_slider(state, service.view_data(state).dates)
        marks = " ".join(str(m) for m in slider["marks"].values())
        table = json.dumps(map_panels.table_view(state).to_plotly_json(), default=str, ensure_ascii=False)
        shown = [page, marks, map_panels._ranking_title(state), table]
        for text in shown:
            assert _has_mark(text, lang) is (not certain), (ind_id, as_of, lang, text[:200])
        if lang == "en":
            assert "推定" not in page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_export_marks_exactly_the_unconfirmed_dates(lang: str) -> None:
    for ind_id, as_of, certain in _rows():
        state = _state(ind_id, as_of, lang)
        view = build_view(state)
        figure = json.dumps(export_figure(view.figure, view.meta).to_plotly_json(), default=str,
                            ensure_ascii=False)
        value_header = next(c.header(lang) for c in view.columns if c.key == "value")
        csv_head = table_csv(view.table, view.columns, lang).decode("utf-8-sig").splitlines()[0]
        texts = [view.meta.subtitle, view.meta.source_lines[0], value_header, csv_head, figure]
        for text in texts:
            assert _has_mark(text, lang) is (not certain), (ind_id, as_of, lang, text[:200])
            # English shows the ISO date itself (the source line names its source's release date instead)
            assert as_of in text or lang == "ja" or text is texts[1], (ind_id, text[:200])
        if lang == "en":
            assert not any("推定" in t for t in texts)


def test_xlsx_header_and_subtitle_carry_the_mark() -> None:
    state = _state("online_usage_26_median", "2024-07-12", "ja")
    sheet = load_workbook(io.BytesIO(export_file(state, "xlsx").content)).active
    cells = [str(c.value) for row in sheet.iter_rows(max_row=4) for c in row if c.value]
    assert sum("調査時点未確認" in c for c in cells) >= 2  # subtitle row and value header


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_profile_marks_the_unconfirmed_indicators(lang: str) -> None:
    uncertain = {i for i, _, c in _rows() if not c}
    state = _state("mynumber_holding_rate", "2024-07-12", lang, area="36201")
    text = json.dumps([c.to_plotly_json() if hasattr(c, "to_plotly_json") else c
                       for c in profile.profile_children(state)], default=str, ensure_ascii=False)
    labels = {queries.catalogue().indicator(i).label(lang) for i in uncertain}
    assert labels and all(label in text for label in labels)
    assert text.count(t("date_unconfirmed", lang).strip()) >= len(labels)
    if lang == "en":
        assert "推定" not in text
