"""16:9 PowerPoint slides: title, the map picture, key numbers, source lines; a last slide of
sources with their licences.

Text goes into real PPTX text boxes (not into the picture) so a presenter can
still fix a word in PowerPoint; the picture is the ``bare`` map from
``frame.export_figure`` (map, colour bar with the target, legend). Fonts are
left to the theme so the deck opens with the viewer's Japanese UI font
(e.g. Yu Gothic or Meiryo) instead of a font the viewer may not have.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.slide import Slide
from pptx.util import Emu, Inches, Length, Pt

from dashboard.export.meta import ExportMeta
from dashboard.i18n import t

SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
_PICTURE_BOX = (Inches(0.5), Inches(1.95), Inches(7.7), Inches(4.75))  # left, top, max width, max height
#: The footer (reference lines, sources, credits): 9 pt lines, ending above the slide's bottom edge.
_FOOTER_TOP = Inches(6.75)
_FOOTER_BOTTOM = Inches(7.4)
_FOOTER_LINE = Inches(0.16)
_FOOTER_CHARS = 96  # full-width characters in one 9 pt line across the 12.3 in box
_GREY = RGBColor(0x44, 0x44, 0x44)  # type: ignore[no-untyped-call]
_RED = RGBColor(0xB2, 0x18, 0x2B)  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class SlideContent:
    """One slide: its text (``meta``) and the map picture as PNG bytes."""

    meta: ExportMeta
    picture_png: bytes


def deck_pptx(slides: Sequence[SlideContent]) -> bytes:
    """A deck with one slide per ``SlideContent``, in order."""
    if not slides:
        raise ValueError("a deck needs at least one slide")
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    deck.core_properties.title = slides[0].meta.title
    deck.core_properties.author = "Digital divide atlas"
    blank = deck.slide_layouts[6]
    for content in slides:
        slide = deck.slides.add_slide(blank)
        footer = footer_top(content.meta)
        _add_text(slide, content.meta, footer)
        _add_picture(slide, content.picture_png, footer)
        _add_numbers(slide, content.meta, footer)
    _add_sources_slide(deck.slides.add_slide(blank), slides)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _add_sources_slide(slide: Slide, slides: Sequence[SlideContent]) -> None:
    """The deck's last slide: every source with its licence (a map's own footer names publisher, dataset, date)."""
    meta = slides[0].meta
    lines = list(dict.fromkeys(line for s in slides for line in (*s.meta.source_lines, *s.meta.licence_lines)))
    lines.append(meta.n03_credit)
    width = Emu(SLIDE_WIDTH - Inches(1.0))
    _text_box(slide, Inches(0.5), Inches(0.3), width, Inches(0.7), [t("export_sources_slide", meta.lang)], 28,
              bold=True, name="Title")
    _text_box(slide, Inches(0.5), Inches(1.2), width, Inches(5.8), lines, 14, colour=_GREY, name="Source list")


def slide_pptx(meta: ExportMeta, picture_png: bytes) -> bytes:
    """A one-slide deck (the dashboard's "download slide")."""
    return deck_pptx([SlideContent(meta, picture_png)])


def _text_box(
    slide: Slide,
    left: Length,
    top: Length,
    width: Length,
    height: Length,
    lines: Sequence[str],
    size: int,
    *,
    bold: bool = False,
    colour: RGBColor | None = None,
    name: str = "",
) -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        if colour is not None:
            run.font.color.rgb = colour


def footer_top(meta: ExportMeta) -> Emu:
    """Where the footer starts: 6.75 in, or higher when its lines (wrapped) need more room.

    A broadband slide states the national reference figures above its three
    sources; the picture and the key numbers shrink to stay clear of them.
    """

    def width(line: str) -> float:
        return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in line)

    rows = sum(max(1, math.ceil(width(line) / _FOOTER_CHARS)) for line in meta.footer_lines())
    return Emu(min(_FOOTER_TOP, _FOOTER_BOTTOM - rows * _FOOTER_LINE))


def _add_text(slide: Slide, meta: ExportMeta, footer: Emu) -> None:
    width = Emu(SLIDE_WIDTH - Inches(1.0))
    _text_box(slide, Inches(0.5), Inches(0.3), width, Inches(0.7), [meta.title], 28, bold=True, name="Title")
    if meta.subtitle:
        _text_box(
            slide, Inches(0.5), Inches(1.0), width, Inches(0.4), [meta.subtitle], 14, colour=_GREY, name="Subtitle"
        )
    if meta.counts:
        _text_box(
            slide,
            Inches(0.5),
            Inches(1.4),
            width,
            Inches(0.45),
            [meta.counts],
            16,
            bold=True,
            colour=_RED,
            name="Counts",
        )
    _text_box(
        slide,
        Inches(0.5),
        footer,
        width,
        Emu(_FOOTER_BOTTOM - footer),
        meta.footer_lines(),
        9,
        colour=_GREY,
        name="Sources",
    )


def _add_picture(slide: Slide, png: bytes, footer: Emu) -> None:
    """Fit the picture in its box (above the footer) keeping its aspect ratio, centred in the box."""
    left, top, max_w, box_h = _PICTURE_BOX
    max_h = Emu(min(box_h, footer - Inches(0.05) - top))
    with Image.open(io.BytesIO(png)) as image:
        px_w, px_h = image.size
    scale = min(max_w / px_w, max_h / px_h)
    width, height = Emu(int(px_w * scale)), Emu(int(px_h * scale))
    x, y = Emu(left + (max_w - width) // 2), Emu(top + (max_h - height) // 2)
    picture = slide.shapes.add_picture(io.BytesIO(png), x, y, width, height)
    picture.name = "Map"


def _add_numbers(slide: Slide, meta: ExportMeta, footer: Emu) -> None:
    """The key-number panel: a heading, then each number large with its label above it, clear of the footer."""
    left, top, width = Inches(8.6), Inches(1.95), Inches(4.2)
    numbers = meta.key_numbers[:5]
    step = Emu(Inches(0.9))
    if len(numbers) > 1:  # the last number (label and value, 0.8 in) ends above the footer
        step = Emu(min(step, (footer - top - Inches(0.5) - Inches(0.8)) // (len(numbers) - 1)))
    _text_box(
        slide,
        left,
        top,
        width,
        Inches(0.4),
        [t("export_slide_numbers", meta.lang)],
        14,
        bold=True,
        colour=_GREY,
        name="Key numbers heading",
    )
    for i, (caption, value) in enumerate(numbers):
        y = Emu(top + Inches(0.5) + step * i)
        _text_box(slide, left, y, width, Inches(0.35), [caption], 12, colour=_GREY, name="Key number label")
        _text_box(slide, left, Emu(y + Inches(0.3)), width, Inches(0.5), [value], 24, bold=True, name="Key number")
