"""/compare on the fixture database: the table holds every municipal
indicator for each area with the national and prefectural medians, the URL
state validates, and the CSV carries the same numbers."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard import insight_service, queries, service
from dashboard.insight_state import MAX_AREAS
from dashboard.pages import compare, compare_export, compare_slides

AREAS = ("13101", "36201", "37201", "38201", "39201")


def _dump(parts: Any) -> str:
    return json.dumps(parts, cls=PlotlyJSONEncoder, ensure_ascii=False)


def test_comparison_holds_values_and_medians() -> None:
    frame = insight_service.comparison(AREAS)
    wide = queries.latest_wide("municipality")
    national, by_pref = service.medians("municipality")
    cat = queries.catalogue()
    expected = [i.id for i in cat.indicators.values() if "municipality" in i.levels and i.id in wide.columns]
    assert frame.index.tolist() == expected
    for code in AREAS:
        for ind in expected:
            got, want = frame.at[ind, f"value:{code}"], wide.at[code, ind]
            assert (math.isnan(got) and math.isnan(want)) or got == want
            assert frame.at[ind, f"pref:{code}"] == pytest.approx(by_pref.at[code[:2] + "000", ind], nan_ok=True)
    assert frame["national"].tolist() == pytest.approx([national[i] for i in expected], nan_ok=True)


def test_url_state_is_validated() -> None:
    assert compare._parse({"areas": "36201,36202"}).areas == ("36201", "36202")
    many = ",".join(queries.areas("municipality").index[:12])
    state = compare._parse({"areas": many})
    assert len(state.areas) == MAX_AREAS and any(n.key == "notice_too_many" for n in state.notices)
    bad = compare._parse({"areas": "36201,99999,abc,36201,36000", "trend": "x"})
    assert bad.areas == ("36201",) and len(bad.notices) == 2
    assert "比べる市区町村を2つ以上" in _dump(compare.table(bad))


def test_render_callback_and_search() -> None:
    table, fig, query, _ = compare.render_compare(list(AREAS[:3]), "mynumber_issuance_rate", {"query": "lang=en"})
    assert query["query"] == "areas=13101%2C36201%2C37201&trend=mynumber_issuance_rate&lang=en"
    assert len(fig["data"]) == 4 and fig["data"][-1]["line"]["dash"] == "dot"  # three areas + national median
    assert "National median" in _dump(table)
    options = compare.search_compare("高知", ["36201"])
    assert options[0]["value"] == "36201" and any(o["value"] == "39201" for o in options)
    english = compare.search_compare("kochi", ["36201"], {"query": "lang=en"})  # the English page, typed in English
    labels = {o["value"]: o["label"] for o in english}
    assert "39201" in labels and not any("\u3040" <= ch <= "\u9fff" for label in labels.values() for ch in label)


def test_csv_has_every_value() -> None:
    state = compare._parse({"areas": ",".join(AREAS[:2])})
    rows = list(csv.reader(io.StringIO(compare_export.csv_bytes(state).decode("utf-8-sig"))))
    frame = insight_service.comparison(state.areas)
    assert len(rows) == len(frame) + 1 and rows[0][3].startswith("千代田区")
    population = next(r for r in rows if r[0] == queries.catalogue().indicator("population").label_ja)
    assert float(population[3]) == frame.at["population", "value:13101"]


def test_layout_renders() -> None:
    text = _dump(compare.layout(areas="36201,36202", lang="en").to_plotly_json())
    assert "Compare municipalities" in text and "Download this comparison" in text


def _need_renderer() -> None:
    pytest.importorskip("kaleido")
    from dashboard.export.render import browser_path

    if browser_path() is None:
        pytest.skip("no Chromium for the export renderer")


def test_png_and_pdf_through_the_export_renderer() -> None:
    _need_renderer()
    state = compare._parse({"areas": "36201,36202,36203"})
    name, png, media = compare_export.export(state, "png", compare.trend_spec(state))
    assert name.endswith(".png") and media == "image/png" and png.startswith(b"\x89PNG")
    _, pdf, _ = compare_export.export(state, "pdf", compare.trend_spec(state))
    assert pdf.startswith(b"%PDF")


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1232, 760), "white").save(out, format="PNG")
    return out.getvalue()


def _deck_tables(data: bytes) -> tuple[Any, list[list[list[str]]]]:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    tables = [[[[p.text for p in cell.text_frame.paragraphs] for cell in row.cells] for row in shape.table.rows]
              for slide in deck.slides for shape in slide.shapes if shape.has_table]
    return deck, tables


@pytest.mark.parametrize(("count", "lang"), [(2, "ja"), (5, "en"), (MAX_AREAS, "ja")])
def test_pptx_tables_hold_the_csv_values(count: int, lang: str) -> None:
    """Every indicator row of the deck's tables says, for every area, the CSV's value and prefectural median
    (formatted with the indicator's decimals), and the national median; trend, then sources, come last."""
    codes = list(queries.areas("municipality").index[::7][:count])
    state = compare._parse({"areas": ",".join(codes), "lang": lang})
    names = compare_export._names(state)
    deck, tables = _deck_tables(compare_slides.deck(state, _png(), names))
    rows = list(csv.reader(io.StringIO(compare_export.csv_bytes(state).decode("utf-8-sig"))))[1:]
    body = [r for table in tables for r in table[1:]]
    assert all(t[0][2:2 + count] == [[n] for n in names] for t in tables)
    assert len(body) == len(rows) and [t[0] for t in tables] == [tables[0][0]] * len(tables)
    widths = compare_slides._widths(count)
    room = compare_slides._room(compare_slides.table_meta(state, names))
    for table in tables:  # each slide's table, as wrapped, ends above the footer
        assert sum(compare_slides.row_heights([["\n".join(c) for c in r] for r in table], widths)) <= room
    cat = queries.catalogue()
    for cells, row, ind_id in zip(body, rows, insight_service.comparison(state.areas).index, strict=True):
        ind = cat.indicator(ind_id)
        assert cells[0] == [row[0]] == [ind.label(lang)] and cells[1] == [row[2]]

        def text(raw: str) -> str:
            return ind.format_value(float(raw) if raw else math.nan, lang)  # noqa: B023 - used in this loop only

        for k in range(count):
            assert cells[2 + k] == [text(row[3 + k]), f"（{text(row[3 + count + k])}）"]
        assert cells[2 + count] == [text(row[-1])]
    slides = list(deck.slides)
    trend_text = [s.text_frame.text for s in slides[-2].shapes if s.has_text_frame]
    ind = cat.indicator(state.trend)
    for code, name in list(zip(state.areas, names, strict=True))[:5]:
        latest = queries.series(state.trend, code)["value"].dropna()
        assert name in trend_text and ind.format_value(float(latest.iloc[-1]) if len(latest) else math.nan,
                                                       lang) in trend_text
    sources = " ".join(s.text_frame.text for s in slides[-1].shapes if s.has_text_frame)
    assert ("ライセンス" if lang == "ja" else "Licence") in sources


def test_pptx_through_the_export_renderer() -> None:
    _need_renderer()
    state = compare._parse({"areas": "36201,36202,36203"})
    name, data, media = compare_export.export(state, "pptx", compare.trend_spec(state))
    assert name.endswith(".pptx") and media.endswith("presentationml.presentation")
    deck, tables = _deck_tables(data)
    assert tables and any(shape.shape_type == 13 for shape in list(deck.slides)[-2].shapes)  # the trend picture


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_table_cells_say_value_and_prefectural_median(lang: str) -> None:
    state = compare._parse({"areas": ",".join(AREAS), "lang": lang})
    frame = insight_service.comparison(state.areas)
    body = compare.table(state)["props"]["children"][0]["props"]["children"][1]["props"]["children"]
    cat = queries.catalogue()
    assert len(body) == len(frame)
    for tr, ind_id in zip(body, frame.index, strict=True):
        cells = [c["props"]["children"] for c in tr["props"]["children"]]
        ind = cat.indicator(ind_id)
        assert cells[0] == ind.label(lang) and cells[-1] == ind.format_value(frame.at[ind_id, "national"], lang)
        assert cells[2:-1] == [f"{ind.format_value(frame.at[ind_id, f'value:{c}'], lang)}"
                               f"（{ind.format_value(frame.at[ind_id, f'pref:{c}'], lang)}）" for c in state.areas]
