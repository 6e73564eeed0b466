"""Views and files built from the fixture database (real ETL output) through dashboard.queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation

from dashboard import figures, queries, references, service
from dashboard.export.files import KINDS, export_file, filename
from dashboard.export.frame import SLIDE, export_figure
from dashboard.export.meta import source_line, with_era
from dashboard.export.render import Renderer
from dashboard.export.slides import slide_pptx
from dashboard.export.views import build_view
from dashboard.pages import map_view
from dashboard.state import ViewState, parse_query

DAY = date(2025, 1, 15)


def _state(query: str) -> ViewState:
    return parse_query(query, service.state_options())


@pytest.fixture()
def tokushima(fixture_queries: None) -> ViewState:
    return _state("indicator=mynumber_issuance_rate&date=2022-12-31&pref=36&rule=bottom&threshold=20")


def _tokushima_codes() -> list[str]:
    areas = queries.areas("municipality")
    return sorted(areas.loc[areas["prefecture_code"] == "36000", "code"])


def test_view_text_names_indicator_area_date_rule_and_sources(tokushima: ViewState) -> None:
    view = build_view(tokushima, DAY)
    meta = view.meta
    assert meta.title == "マイナンバーカード交付率 — 徳島県"
    assert "2022年12月31日" in meta.subtitle and "徳島県" in meta.subtitle and "全国の下位20%" in meta.subtitle
    assert re.match(r"全国の下位20%：\d+ 市区町村、", meta.counts)
    assert meta.source_lines and meta.source_lines[0].startswith("出典：")
    assert meta.footer_lines()[-1] == "作成日：2025年1月15日（令和7年）"  # 和暦 beside 西暦 (operate)
    assert f"/ {len(_tokushima_codes())} 市区町村（" in dict(meta.key_numbers)["遅れの基準に該当"]


def test_view_figure_and_table_keep_only_the_prefecture(tokushima: ViewState) -> None:
    view = build_view(tokushima, DAY)
    codes = _tokushima_codes()
    value = view.figure.data[figures.VALUE]
    assert sorted(value.locations) == codes
    assert sorted(f["id"] for f in value.geojson["features"]) == codes
    assert list(view.figure.data[figures.OUTLINE].locations) == ["36000"]
    assert sorted(view.table["code"]) == codes
    ranks = view.table["rank_national"].dropna().tolist()
    assert ranks == sorted(ranks, reverse=True)  # a lagging view: worst first (rank 1 is best)


def test_view_colours_match_the_national_screen_scale(tokushima: ViewState) -> None:
    scale = figures.colour_scale(service.indicator(tokushima.indicator), service.view_data(tokushima).scale)
    value = build_view(tokushima, DAY).figure.data[figures.VALUE]
    assert (value.zmin, value.zmax) == (scale.zmin, scale.zmax)


def test_english_view(fixture_queries: None) -> None:
    view = build_view(_state("indicator=online_procedures_32&lang=en"), DAY)
    assert view.meta.title == "Offered online: share of 32 common procedures — All Japan"
    assert view.meta.subtitle.startswith("Reference date: 2024-07-12")
    assert [c.header("en") for c in view.columns[:2]] == [
        "Local government code (6 digits with check digit)", "Standard area code (5 digits)"]


def test_csv_and_xlsx_files(tokushima: ViewState) -> None:
    csv_file = export_file(tokushima, "csv", export_date=DAY)
    assert csv_file.filename == "atlas_mynumber_issuance_rate_36_municipality_2022-12-31.csv"
    assert csv_file.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"), newline="")))
    assert rows[0][:6] == ["団体コード", "標準地域コード", "名称", "英語名", "都道府県", "値 2022-12-31（%）"]
    assert {r[2]: r[3] for r in rows[1:]}["美馬市"] == "Mima-shi"  # the English name beside the Japanese one
    assert sorted(r[1] for r in rows[1:]) == _tokushima_codes()
    # 団体コード = 標準地域コード + its check digit (JIS X 0401/0402 rule, intake.codes)
    from intake.codes import check_digit

    assert all(r[0] == r[1] + check_digit(r[1]) for r in rows[1:])
    sheet = load_workbook(io.BytesIO(export_file(tokushima, "xlsx", export_date=DAY).content)).active
    assert sheet["A1"].value == "マイナンバーカード交付率 — 徳島県"
    assert sheet["A5"].value == rows[1][0] and sheet["B5"].value == rows[1][1]  # text: leading zeros kept
    assert isinstance(sheet["F5"].value, int | float)


def test_table_keeps_the_users_filtered_rows_in_their_order(tokushima: ViewState) -> None:
    picked = _tokushima_codes()[:3][::-1]
    content = export_file(tokushima, "csv", codes=[*picked, "99999"]).content.decode("utf-8-sig")
    assert [line.split(",")[1] for line in content.splitlines()[1:]] == picked


def test_unknown_kind_is_refused(tokushima: ViewState) -> None:
    with pytest.raises(ValueError, match="unknown export kind"):
        export_file(tokushima, "gif")
    assert filename(tokushima, "png-print").endswith("_print.png") and "pptx" in KINDS


def test_png_svg_and_pptx_files(renderer: Renderer, tokushima: ViewState) -> None:
    png = export_file(tokushima, "png", renderer=renderer)
    with Image.open(io.BytesIO(png.content)) as image:
        assert image.size == (1920, 1080)
    svg = export_file(tokushima, "svg", renderer=renderer).content.decode("utf-8")
    # plotly draws a <g class="trace choropleth"> per non-empty trace: the grey neighbouring prefectures
    # (CONTEXT), then VALUE; an area without a value is drawn by MISSING instead, and the prefecture
    # outline adds one path.
    groups = svg.split('<g class="trace choropleth"')[1:]
    drawn = [len(re.findall(r'class="choroplethlocation"', g)) for g in groups]
    view = build_view(tokushima)
    neighbours = len(view.figure.data[figures.CONTEXT].locations)
    with_value = sum(z is not None for z in view.figure.data[figures.VALUE].z)
    assert drawn[:2] == [neighbours, with_value] and neighbours == len(queries.prefectures()) - 1
    assert sum(drawn) == neighbours + len(_tokushima_codes()) + 1
    deck = Presentation(io.BytesIO(export_file(tokushima, "pptx", renderer=renderer).content))
    assert len(deck.slides) == 2  # the map, then sources and licences
    title = next(s for s in deck.slides[0].shapes if s.name == "Title")
    assert title.text_frame.text == "マイナンバーカード交付率 — 徳島県"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 1000), (200, 30, 40)).save(out, format="PNG")
    return out.getvalue()


def test_broadband_exports_state_the_national_reference_and_cite_its_source(fixture_queries: None) -> None:
    """The map's legend note and source line for broadband (FTTH coverage 99.84 % vs the 99.9 % target) travel."""
    state = _state("indicator=ftth_takeup")
    meta = build_view(state, DAY).meta
    (ftth, *_) = meta.reference_lines
    assert "99.84%（2023-03-31）" in ftth and "目標 99.9%（2028-03-31" in ftth  # as on the map
    legend = [span.children for span in map_view.legend_note(service.view_data(state))]
    assert all(line in legend for line in meta.reference_lines)  # the same words as the screen
    assert meta.reference_lines == tuple(references.reference_lines(service.indicator("ftth_takeup"), "ja"))
    line = map_view.source_line(service.view_data(state))
    credits = [s.children for s in line if getattr(s, "className", "") == "credit"]
    # the same sources, soumu_broadband_series among them; exports add the 和暦 to ISO dates
    assert list(meta.source_lines) == [with_era(c, "ja") for c in credits]
    cited = with_era(source_line(queries.catalogue().sources[queries.REFERENCE_SOURCE], "ja"), "ja")
    assert cited in meta.source_lines and meta.source_lines.count(cited) == 1
    footer = meta.footer_lines()
    assert footer.index(ftth) < footer.index(meta.source_lines[0])  # the figures, then whom they come from

    english = build_view(_state("indicator=ftth_takeup&lang=en"), DAY).meta
    assert english.reference_lines[0].startswith("National reference (secondary source, not mapped): FTTH")
    assert "target 99.9% by 2028-03-31" in english.reference_lines[0]

    population = build_view(_state("indicator=population"), DAY).meta
    assert population.reference_lines == ()
    assert not any("99.84" in line or line == cited for line in population.footer_lines())


def test_broadband_reference_is_on_the_figure_table_and_slide(fixture_queries: None) -> None:
    state = _state("indicator=ftth_takeup&pref=36")
    view = build_view(state, DAY)
    ftth = view.meta.reference_lines[0]
    assert ftth in [a.text for a in export_figure(view.figure, view.meta, SLIDE).layout.annotations]
    sheet = load_workbook(io.BytesIO(export_file(state, "xlsx", export_date=DAY).content)).active
    assert ftth in [row[0] for row in sheet.iter_rows(values_only=True)]
    deck = Presentation(io.BytesIO(slide_pptx(view.meta, _png())))
    shapes = list(deck.slides[0].shapes)
    sources = next(s for s in shapes if s.name == "Sources")
    assert ftth in sources.text_frame.text and view.meta.source_lines[-1] in sources.text_frame.text
    assert sources.top + sources.height <= deck.slide_height  # the longer footer still fits the slide
    for shape in shapes:  # and the picture and the key numbers make room for it
        if shape.name in ("Map", "Key number", "Key number label"):
            assert shape.top + shape.height <= sources.top, shape.name


def test_japanese_exports_give_the_era_year_beside_every_iso_date() -> None:
    from datetime import date

    from dashboard.export.meta import format_date

    assert format_date(date(2024, 7, 12), "ja") == "2024年7月12日（令和6年）"
    assert format_date(date(2019, 4, 30), "ja") == "2019年4月30日（平成31年）"
    assert format_date(date(2019, 5, 1), "ja") == "2019年5月1日（令和元年）"
    assert format_date(date(2024, 7, 12), "en") == "2024-07-12"
    line = "出典：総務省「x」（2017-03-08/2022-12-31）ライセンス：CC BY 4.0"
    assert with_era(line, "ja") == ("出典：総務省「x」（2017年3月8日（平成29年）/2022年12月31日（令和4年））"
                                    "ライセンス：CC BY 4.0")
    assert with_era("（2022年度）2024-13-01 12024-01-01", "ja") == "（2022年度）2024-13-01 12024-01-01"
    assert with_era(line, "en") == line
