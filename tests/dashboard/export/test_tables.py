"""CSV and XLSX exports are opened and their cells checked."""

from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.export.meta import ExportMeta
from dashboard.export.tables import Column, neutralise, table_csv, table_xlsx
from dashboard.i18n import N03_CREDIT

COLUMNS = [
    Column("code", "コード", "Code"),
    Column("name", "市区町村", "Municipality"),
    Column("value", "値", "Value", "%", 1),
    Column("gap", "目標との差", "Gap to target", "pt", 1),
    Column("population", "人口", "Population", "人", 0),
    Column("note", "注記", "Note"),
]


@pytest.fixture()
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["36201", "36202", "36203"],
            "name": ["徳島市", '=HYPERLINK("http://x")', "+cmd"],
            "value": [85.333, math.nan, 40.0],
            "gap": [-3.25, math.nan, 12.0],
            "population": [252391, 57000, None],
            "note": [None, "-", "@SUM(A1)"],
        }
    )


def test_neutralise_only_text() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("-") == "'-"
    assert neutralise("@x") == "'@x"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("徳島市") == "徳島市"
    assert neutralise(-3.5) == -3.5
    assert neutralise("-3.5") == "'-3.5"  # a number stored as text is text
    assert neutralise(math.nan) is None
    assert neutralise(None) is None


def test_csv_has_bom_headers_with_units_and_neutralised_cells(frame: pd.DataFrame) -> None:
    data = table_csv(frame, COLUMNS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["コード", "市区町村", "値（%）", "目標との差（pt）", "人口（人）", "注記"]
    assert rows[1] == ["36201", "徳島市", "85.3", "-3.2", "252391", ""]
    assert rows[2] == ["36202", '\'=HYPERLINK("http://x")', "", "", "57000", "'-"]
    assert rows[3][1] == "'+cmd" and rows[3][4] == "" and rows[3][5] == "'@SUM(A1)"
    assert b"\r\n" in data


def test_csv_english_headers(frame: pd.DataFrame) -> None:
    header = table_csv(frame, COLUMNS, lang="en").decode("utf-8-sig").splitlines()[0]
    assert header == "Code,Municipality,Value (%),Gap to target (pt),Population (人),Note"


def test_xlsx_title_headers_numbers_and_source_rows(frame: pd.DataFrame) -> None:
    meta = ExportMeta(
        title="マイナンバーカード交付率 — 徳島県",
        subtitle="2022年12月31日時点",
        source_lines=("出典：総務省「交付状況」（2022-12-31）ライセンス：CC BY 4.0",),
    )
    book = load_workbook(io.BytesIO(table_xlsx(frame, COLUMNS, meta)))
    sheet = book.active
    assert sheet.title == "ランキング"
    assert sheet["A1"].value == meta.title and sheet["A1"].font.bold
    assert sheet["A2"].value == "2022年12月31日時点"
    assert [c.value for c in sheet[4]] == ["コード", "市区町村", "値（%）", "目標との差（pt）", "人口（人）", "注記"]
    assert [c.value for c in sheet[5]] == ["36201", "徳島市", 85.333, -3.25, 252391, None]
    assert sheet["C5"].number_format == "#,##0.0" and sheet["E5"].number_format == "#,##0"
    assert sheet["D5"].data_type == "n"  # a negative number stays a number
    assert sheet["B6"].value == '\'=HYPERLINK("http://x")' and sheet["B6"].data_type == "s"
    assert sheet["C6"].value is None  # missing is empty, never 0
    assert sheet["F7"].value == "'@SUM(A1)"
    footer = [sheet.cell(row=r, column=1).value for r in range(9, sheet.max_row + 1)]
    assert footer[0] == meta.source_lines[0]
    assert footer[1] == N03_CREDIT["ja"]
    assert footer[2].startswith("作成日：")
    assert sheet.freeze_panes == "A5"
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_missing_column_is_an_error(frame: pd.DataFrame) -> None:
    with pytest.raises(KeyError, match="rank"):
        table_csv(frame, [*COLUMNS, Column("rank", "順位", "Rank", decimals=0)])
