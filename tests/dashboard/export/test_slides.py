"""PPTX decks are opened and their slides, titles and pictures checked."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from dashboard.export.meta import ExportMeta
from dashboard.export.slides import SlideContent, deck_pptx, slide_pptx


def _png(width: int = 1200, height: int = 1000) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 40)).save(out, format="PNG")
    return out.getvalue()


def test_one_slide_16_9_with_title_picture_numbers_and_sources(meta: ExportMeta) -> None:
    deck = Presentation(io.BytesIO(slide_pptx(meta, _png())))
    assert len(deck.slides) == 2  # the map, then the sources with their licences
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    shapes = {s.name: s for s in deck.slides[0].shapes}
    assert shapes["Title"].text_frame.text == meta.title
    assert shapes["Counts"].text_frame.text == meta.counts
    sources = shapes["Sources"].text_frame.text
    assert meta.source_lines[0] in sources and "（国土交通省）を加工して作成" in sources
    numbers = [s.text_frame.text for s in deck.slides[0].shapes if s.name == "Key number"]
    assert numbers == ["12", "25万人"]
    picture = shapes["Map"]
    assert picture.left >= Inches(0.5) and picture.left + picture.width <= Inches(8.3)
    assert abs(picture.width / picture.height - 1.2) < 0.01  # aspect ratio kept


def test_deck_has_one_slide_per_prefecture() -> None:
    slides = [SlideContent(ExportMeta(title=f"指標 — {name}"), _png()) for name in ("徳島県", "香川県", "高知県")]
    deck = Presentation(io.BytesIO(deck_pptx(slides)))
    titles = [next(s for s in slide.shapes if s.name == "Title").text_frame.text for slide in deck.slides]
    assert titles == ["指標 — 徳島県", "指標 — 香川県", "指標 — 高知県", "出典とライセンス"]


def test_last_slide_lists_each_source_once_with_its_licence() -> None:
    meta = ExportMeta(title="t", source_lines=("出典：A「B」（2024-07-12）",),
                      licence_lines=("B — ライセンス：CC BY 4.0",))
    deck = Presentation(io.BytesIO(deck_pptx([SlideContent(meta, _png()), SlideContent(meta, _png())])))
    listed = next(s for s in deck.slides[-1].shapes if s.name == "Source list").text_frame.text.splitlines()
    assert listed[:2] == [*meta.source_lines, *meta.licence_lines] and len(listed) == 3  # and the N03 credit


def test_empty_deck_is_refused() -> None:
    with pytest.raises(ValueError):
        deck_pptx([])
