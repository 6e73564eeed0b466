"""Rendered PNG, SVG and PDF files are opened and checked (real kaleido + Debian Chromium)."""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image, ImageStat

from dashboard.export.frame import PDF_A4, PRINT_A4, SLIDE, export_figure
from dashboard.export.meta import ExportMeta
from dashboard.export.render import TOPOJSON_DIR, Renderer, topojson_url, with_png_dpi


def _top_band_spread(png: bytes, fraction: float = 0.12) -> float:
    """Standard deviation of grey levels in the top band (0 for a blank band)."""
    with Image.open(io.BytesIO(png)) as image:
        band = image.convert("L").crop((0, 0, image.width, int(image.height * fraction)))
        return float(ImageStat.Stat(band).stddev[0])


def test_png_slide_size_and_title_band_is_drawn(
    renderer: Renderer, tokushima_figure: go.Figure, meta: ExportMeta
) -> None:
    png = renderer.render(export_figure(tokushima_figure, meta, SLIDE), "png", SLIDE)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1920, 1080)
    assert _top_band_spread(png) > 5


def test_png_print_is_a4_landscape_at_300_dpi(
    renderer: Renderer, tokushima_figure: go.Figure, meta: ExportMeta
) -> None:
    png = renderer.render(export_figure(tokushima_figure, meta, PRINT_A4), "png", PRINT_A4)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (3508, 2480)
        assert [round(v) for v in image.info["dpi"]] == [300, 300]
    assert _top_band_spread(png) > 5


def test_title_band_of_an_untitled_figure_is_blank(
    renderer: Renderer, tokushima_figure: go.Figure, meta: ExportMeta
) -> None:
    """The blank-band check itself can fail: a bare map has nothing in its top band."""
    bare = export_figure(tokushima_figure, meta, SLIDE, bare=True)
    bare.update_layout(margin={"t": 200})
    png = renderer.render(bare, "png", SLIDE)
    assert _top_band_spread(png) < 1


def test_svg_has_one_path_per_shown_area(renderer: Renderer, tokushima_figure: go.Figure, meta: ExportMeta) -> None:
    fig = export_figure(tokushima_figure, meta, SLIDE)
    shown = [code for code, z in zip(fig.data[0].locations, fig.data[0].z, strict=True) if not math.isnan(z)]
    svg = renderer.render(fig, "svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert len(re.findall(r'<path[^>]*class="choroplethlocation"', svg)) == len(shown) > 10
    assert "<image" not in svg  # vector, not a raster inside the SVG
    assert meta.title in svg


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_is_one_a4_page_with_a_japanese_font_embedded(
    renderer: Renderer, tokushima_figure: go.Figure, meta: ExportMeta, tmp_path: Path
) -> None:
    pdf = renderer.render(export_figure(tokushima_figure, meta, PDF_A4), "pdf", PDF_A4)
    path = tmp_path / "map.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert "(A4)" in info
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows)  # every font embedded
    # Chromium embeds the CFF-based Noto CJK as Type 3 glyph procedures; the descriptor keeps its name.
    assert re.search(rb"/FontName /[A-Z]{6}\+NotoSansCJKjp-", pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # Search and copy give the ordinary characters (issue 14): no Kangxi radicals (⽇ ⼈ ⾃) stand in for them.
    assert "マイナンバーカード交付率" in text and "国土数値情報" in text and "出典" in text
    # …and the numbers: Noto CJK's digits come back as U+0000 from Skia, so Latin comes first (pdftext.latin_first)
    # (a Latin run and a Japanese run may come back as separate lines, so each number is checked on its own)
    assert "2022-12-31" in text and "年12月31日時点" in text and "目標 60" in text and "25万人" in text
    assert not [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF]
    title = re.search(r"^Title:\s+(.*)$", info, re.M)
    assert title is not None and title.group(1) == meta.title  # the figure's title, not "Kaleido-fier"


def test_pdf_cmap_fold_keeps_ranges_and_folds_radicals() -> None:
    from dashboard.export.pdftext import fix_cmap, fold

    assert fold("⽇本⼈⾃治体 2F47") == "日本人自治体 2F47"
    cmap = (b"begincmap\n2 beginbfchar\n<4B> <2F47>\n<01> <0020>\nendbfchar\n"
            b"2 beginbfrange\n<10> <12> <2F46>\n<20> <21> <0041>\nendbfrange\nendcmap\n")
    fixed = fix_cmap(cmap)
    assert b"2F4" not in fixed and b"<4B> <65E5>" in fixed and b"<01> <0020>" in fixed
    assert b"<20> <21> <0041>" in fixed  # a range of ordinary characters stays a range
    assert b"<10> <" + "⽆".encode("utf-16-be").hex().upper().encode() + b">" not in fixed
    assert b"<11> <65E5>" in fixed  # 0x11 → U+2F47 ⽇ → 日


def test_several_figures_in_one_call_keep_their_order(renderer: Renderer, tokushima_figure: go.Figure) -> None:
    figs = [export_figure(tokushima_figure, ExportMeta(title=f"図{i}"), SLIDE) for i in range(3)]
    svgs = renderer.render_many([(f, "svg", None) for f in figs])
    assert [re.search(r"図\d", s.decode()).group(0) for s in svgs] == ["図0", "図1", "図2"]  # type: ignore[union-attr]


def test_unknown_format_is_refused(renderer: Renderer, tokushima_figure: go.Figure) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        renderer.render(tokushima_figure, "gif")  # type: ignore[arg-type]


def test_png_dpi_chunk_replaces_an_existing_one() -> None:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG", dpi=(72, 72))
    png = with_png_dpi(out.getvalue(), 300)
    assert png.count(b"pHYs") == 1
    with Image.open(io.BytesIO(png)) as image:
        assert [round(v) for v in image.info["dpi"]] == [300, 300]


def test_plotly_topojson_is_served_from_the_local_folder(tmp_path: Path) -> None:
    """plotly.js loads world_110m.json for every geo subplot; it must never come from cdn.plot.ly."""
    url = topojson_url()
    assert url.startswith("file://") and url.endswith("/topojson/")
    topology = json.loads((TOPOJSON_DIR / "world_110m.json").read_text(encoding="utf-8"))
    assert topology["type"] == "Topology"
    assert {"land", "countries", "coastlines"} <= set(topology["objects"])
    with pytest.raises(FileNotFoundError, match="would fetch it from the internet"):
        topojson_url(tmp_path)
