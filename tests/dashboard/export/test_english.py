"""English exports are entirely English (issue 9 §3).

What may stay Japanese in an English file: the Digital Agency's credit line,
which must be given as written (``i18n.N03_CREDIT``), the "Name (Japanese)"
column of a table, and a name the build has no English name for, which is
shown as written and marked ``placenames.UNTRANSLATED``. Everything else is
scanned: the finished figure of every indicator, prefecture and rule (every
string plotly is given, hover text included), and the rendered files, read
back the way a reader's tools would (SVG and PDF text, PPTX text, CSV, XLSX).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from dashboard import db, i18n, placenames, queries, service
from dashboard.export.files import export_file
from dashboard.export.frame import SLIDE, export_figure
from dashboard.export.render import Renderer
from dashboard.export.views import build_view
from dashboard.metrics import RULES
from dashboard.rules import applies
from dashboard.state import ViewState, parse_query

JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
UNTRANSLATED = re.compile(r"\S+ " + re.escape(placenames.UNTRANSLATED))


def unexpected_japanese(text: str) -> list[str]:
    """Japanese characters left in ``text`` once the credit line and marked names are taken out.

    Whitespace is ignored, so a credit line that a PDF breaks over two lines still matches.
    """
    flat = re.sub(r"\s+", "", UNTRANSLATED.sub("", text))
    flat = flat.replace(re.sub(r"\s+", "", i18n.N03_CREDIT["ja"]), "")
    return JAPANESE.findall(flat)


def _strings(obj: Any, key: str = "") -> Iterator[str]:
    """Every string in a plotly figure's JSON except the boundary features' own properties."""
    if key == "geojson":
        return
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(v, k)
    elif isinstance(obj, list | tuple):
        for v in obj:
            yield from _strings(v, key)


def _english_states(prefectures: list[str | None]) -> Iterator[ViewState]:
    options = service.state_options()
    for indicator in options.indicators:
        ind = queries.catalogue().indicator(indicator)
        for pref in prefectures:
            for rule in (r for r in RULES if r == "none" or applies(ind, r)):
                value = "&value=50" if rule == "below" else ""
                query = f"indicator={indicator}&lang=en&rule={rule}{value}" + (f"&pref={pref}" if pref else "")
                yield parse_query(query, options)


def _figure_text(state: ViewState) -> str:
    view = build_view(state)
    figure = export_figure(view.figure, view.meta, SLIDE)
    return "\n".join(_strings(figure.to_plotly_json()))


def test_scan_sees_japanese_and_allows_only_the_credit_and_marked_names() -> None:
    assert unexpected_japanese("推定 2022年度") == list("推定2022年度".replace("2022", ""))
    assert unexpected_japanese(i18n.N03_CREDIT["en"].replace("（「", "（\n「")) == []
    assert unexpected_japanese(f"Mima-shi, 美馬市 {placenames.UNTRANSLATED}: 40%") == []
    assert unexpected_japanese("美馬市: 40%") == list("美馬市")


def test_every_indicator_and_rule_nationally(fixture_queries: None) -> None:
    for state in _english_states([None]):
        assert unexpected_japanese(_figure_text(state)) == [], state


def test_every_prefecture_names_its_places_in_english(fixture_queries: None) -> None:
    options = service.state_options()
    for pref in sorted(options.prefectures):
        for indicator in ("mynumber_holding_rate", "aged_65_share", "online_procedures_32"):
            state = parse_query(f"indicator={indicator}&lang=en&rule=none&pref={pref}", options)
            if indicator != "aged_65_share":
                state = parse_query(f"indicator={indicator}&lang=en&rule=bottom&threshold=50&pref={pref}", options)
            text = _figure_text(state)
            assert unexpected_japanese(text) == [], state
            view = build_view(state)
            assert view.meta.title.endswith(placenames.name(f"{pref}000", "en"))
            for code, name in zip(view.table["code"], view.table["name"], strict=True):
                assert name == queries.areas().at[code, "name_en"]  # every fixture area has a reading


def test_ranking_rows_and_profile_names_in_english(fixture_queries: None) -> None:
    options = service.state_options()
    state = parse_query("indicator=mynumber_holding_rate&lang=en&pref=36", options)
    table = build_view(state).table
    assert {"Mima-shi", "Tokushima-shi"} <= set(table["name"]) and set(table["prefecture_name"]) == {"Tokushima"}
    japanese = build_view(parse_query("indicator=mynumber_holding_rate&pref=36", options)).table
    assert "美馬市" in set(japanese["name"]) and set(japanese["prefecture_name"]) == {"徳島県"}
    assert placenames.with_name_with_prefecture("36207", "en") == "Mima-shi (Tokushima)"
    assert placenames.with_name_with_prefecture("36207", "ja") == "美馬市（徳島県）"


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.fixture()
def tokushima_en(fixture_queries: None) -> ViewState:
    return parse_query("indicator=mynumber_holding_rate&lang=en&pref=36&rule=bottom&threshold=50",
                       service.state_options())


def test_csv_and_xlsx_are_english_but_for_the_japanese_name_column(tokushima_en: ViewState) -> None:
    rows = _csv_rows(export_file(tokushima_en, "csv").content)
    header = rows[0]
    assert header[2:4] == ["Name (Japanese)", "Name (English)"]
    assert {r[2]: r[3] for r in rows[1:]}["美馬市"] == "Mima-shi"
    assert unexpected_japanese("\n".join(",".join(r[:2] + r[3:]) for r in rows)) == []
    sheet = load_workbook(io.BytesIO(export_file(tokushima_en, "xlsx").content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for k, c in enumerate(row) if c.value is not None and k != 2]
    assert unexpected_japanese("\n".join(cells)) == []


def _svg_text(content: bytes) -> str:
    return "\n".join(re.findall(r">([^<]+)<", content.decode("utf-8")))


def _pptx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as deck:
        xml = [deck.read(n).decode("utf-8") for n in deck.namelist() if n.startswith("ppt/") and n.endswith(".xml")]
    return "\n".join(t for part in xml for t in re.findall(r"<a:t>([^<]*)</a:t>", part))


def test_rendered_svg_pptx_and_pdf_text(tokushima_en: ViewState, renderer: Renderer, tmp_path: Path) -> None:
    svg = _svg_text(export_file(tokushima_en, "svg", renderer=renderer).content)
    assert "Mima-shi" in svg or "Tokushima-shi" in svg  # names on the map or in the lagging list
    assert i18n.N03_CREDIT["ja"] in svg  # the credit the Digital Agency asks for stays
    assert unexpected_japanese(svg) == []
    pptx = _pptx_text(export_file(tokushima_en, "pptx", renderer=renderer).content)
    assert "Tokushima" in pptx and unexpected_japanese(pptx) == []
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    pdf = tmp_path / "map.pdf"
    pdf.write_bytes(export_file(tokushima_en, "pdf", renderer=renderer).content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Tokushima" in text and unexpected_japanese(text) == []


@pytest.fixture()
def untranslated_db(tmp_path: Path, fixture_raw: Path) -> Iterator[None]:
    """A database whose Code for FUKUI file gives no reading for 美馬市 (36207)."""
    from etl.build import build  # tests may import etl; the dashboard never does
    from etl.provenance import record

    raw = tmp_path / "raw"
    shutil.copytree(fixture_raw, raw)
    path = raw / "code4fukui_localgovjp" / "localgovjp-utf8.csv"
    path.write_bytes(path.read_bytes().replace("美馬市,みまし,".encode(), "美馬市,,".encode(), 1))
    record(raw, "code4fukui_localgovjp")  # a deliberate change, so the provenance check lets it through
    build(raw, tmp_path / "atlas.duckdb")
    db.configure(tmp_path / "atlas.duckdb")
    queries.clear_caches()
    yield
    db.configure(None)
    queries.clear_caches()


def test_a_name_without_reading_is_shown_in_japanese_and_marked(untranslated_db: None) -> None:
    options = service.state_options()
    state = parse_query("indicator=mynumber_holding_rate&lang=en&pref=36&rule=bottom&threshold=50", options)
    view = build_view(state)
    marked = f"美馬市 {placenames.UNTRANSLATED}"
    assert marked in set(view.table["name"])
    assert placenames.with_name_with_prefecture("36207", "en") == f"{marked} (Tokushima)"
    assert unexpected_japanese(_figure_text(state)) == []
    rows = _csv_rows(export_file(state, "csv").content)
    assert {r[2]: r[3] for r in rows[1:]}["美馬市"] == ""  # missing stays missing in the table
    ja = parse_query("indicator=mynumber_holding_rate&pref=36", options)
    assert "美馬市" in set(build_view(ja).table["name"])  # the Japanese UI is unchanged
