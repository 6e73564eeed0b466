"""The comparison as a 16:9 PowerPoint deck, in the style of the map's slides
(``dashboard.export.slides``): the side-by-side table as native PPTX tables
(so a presenter can still fix a cell), split over as many slides as the rows
need; the overlaid trend as a picture with each area's latest value in the
key-number panel; and the deck's last slide of sources with their licences.

The trend slide and the sources slide come from ``slides.deck_pptx`` itself,
so title sizes, footers and the licence slide are the map's; the table
slides are added in front of them.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Sequence

import pandas as pd
from pptx import Presentation
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Emu, Inches, Length, Pt

from dashboard import insight_service, queries
from dashboard.export.meta import ExportMeta, licence_line, source_line
from dashboard.export.slides import SLIDE_WIDTH, SlideContent, deck_pptx, footer_top
from dashboard.i18n import t
from dashboard.insight_state import CompareState

_TABLE_TOP = Inches(1.5)
_FIRST_COLUMNS = (int(Inches(2.6)), int(Inches(1.1)))  # indicator, date
_WIDTH = int(SLIDE_WIDTH - Inches(1.0))
_PAD = int(Inches(0.1))  # a cell's default inner margins (0.05 in each side; top and bottom alike)


def _sources(frame: pd.DataFrame, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(source lines, licence lines) of the indicators in ``frame``, each source once."""
    cat = queries.catalogue()
    ids = sorted({cat.indicator(i).source_id for i in frame.index} & set(cat.sources))
    return (tuple(source_line(cat.sources[s], lang) for s in ids),
            tuple(licence_line(cat.sources[s], lang) for s in ids))


def _trend_meta(state: CompareState, names: Sequence[str]) -> ExportMeta:
    """The trend slide: title, what is drawn, each area's latest value (first five), the trend's source."""
    lang, cat = state.lang, queries.catalogue()
    ind = cat.indicator(state.trend)
    latest = [queries.series(state.trend, c)["value"].dropna() for c in state.areas]
    numbers = tuple((n, ind.format_value(float(s.iloc[-1]) if len(s) else math.nan, lang))
                    for n, s in zip(names, latest, strict=True))[:5]
    source = cat.sources.get(ind.source_id)
    return ExportMeta(
        title=t("compare_trend_title", lang, label=ind.label(lang)), subtitle=t("slide_trend_subtitle", lang),
        key_numbers=numbers, source_lines=(source_line(source, lang),) if source else (),
        licence_lines=(licence_line(source, lang),) if source else (), lang=lang, boundaries_used=False,
    )


def deck(state: CompareState, trend_png: bytes, names: Sequence[str]) -> bytes:
    """Table slides (all indicators), the trend slide (``trend_png``), then sources and licences."""
    table = table_meta(state, names)
    prs = Presentation(io.BytesIO(deck_pptx([SlideContent(_trend_meta(state, names), trend_png)])))
    prs.core_properties.title = table.title
    rows, widths = table_rows(state, names), _widths(len(state.areas))
    heights = row_heights(rows, widths)
    parts = chunks(heights, _room(table))
    for part in parts:
        _table_slide(prs, table, [rows[0], *(rows[i] for i in part)], [heights[0], *(heights[i] for i in part)],
                     widths)
    _move_to_front(prs, len(parts))
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def table_meta(state: CompareState, names: Sequence[str]) -> ExportMeta:
    """The table slides' text: title with the areas, what the cells hold, every indicator's source."""
    sources, licences = _sources(insight_service.comparison(state.areas), state.lang)
    return ExportMeta(title=f"{t('compare_title', state.lang)}：{'・'.join(names)}",
                      subtitle=t("slide_table_subtitle", state.lang), source_lines=sources,
                      licence_lines=licences, lang=state.lang, boundaries_used=False)


def _room(meta: ExportMeta) -> int:
    """EMU between the table's top and the footer."""
    return int(footer_top(meta) - _TABLE_TOP - Inches(0.1))


def _text_height(text: str, width: int) -> int:
    """EMU a cell's text needs at ``width`` (wide characters a full em, others ~0.55 em; 9 pt then 8 pt lines)."""
    height = _PAD
    for i, line in enumerate(text.split("\n")):
        size = 9 if i == 0 else 8
        ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in line)
        lines = max(1, math.ceil(ems * Pt(size) / max(1, width - _PAD)))
        height += int(lines * Pt(size) * 1.25)
    return height


def row_heights(rows: Sequence[Sequence[str]], widths: Sequence[int]) -> list[int]:
    """Each row's height: the tallest cell's wrapped text (PowerPoint grows a row to fit, never shrinks it)."""
    return [max(_text_height(text, w) for text, w in zip(row, widths, strict=True)) for row in rows]


def chunks(heights: Sequence[int], room: int) -> list[range]:
    """Consecutive body rows (after the header, ``heights[0]``) that fit ``room`` on one slide each."""
    out: list[range] = []
    start, used = 1, heights[0]
    for i in range(1, len(heights)):
        if used + heights[i] > room and i > start:
            out.append(range(start, i))
            start, used = i, heights[0]
        used += heights[i]
    out.append(range(start, len(heights)))
    return out


def _widths(n_areas: int) -> list[int]:
    rest = (_WIDTH - sum(_FIRST_COLUMNS)) // (n_areas + 1)
    return [*_FIRST_COLUMNS, *[rest] * (n_areas + 1)]


def _move_to_front(prs: Deck, n: int) -> None:
    """The last ``n`` slides (the tables, added after ``deck_pptx`` built the rest) go first, in order."""
    ids = prs.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public reorder
    moved = list(ids)[-n:]
    for i, item in enumerate(moved):
        ids.remove(item)
        ids.insert(i, item)


def _table_slide(prs: Deck, meta: ExportMeta, rows: Sequence[Sequence[str]], heights: Sequence[int],
                 widths: Sequence[int]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    footer = footer_top(meta)
    _box(slide, Inches(0.3), [meta.title], 24, bold=True, name="Title")
    _box(slide, Inches(0.95), [meta.subtitle], 12, name="Subtitle")
    _box(slide, footer, meta.footer_lines(), 9, name="Sources", height=Emu(Inches(7.4) - footer))
    shape = slide.shapes.add_table(len(rows), len(widths), Inches(0.5), _TABLE_TOP, Emu(_WIDTH), Emu(sum(heights)))
    shape.name = "Comparison table"
    for i, w in enumerate(widths):
        shape.table.columns[i].width = Emu(w)
    for r, (values, height) in enumerate(zip(rows, heights, strict=True)):
        shape.table.rows[r].height = Emu(height)
        for c, text in enumerate(values):
            _cell(shape.table.cell(r, c), text, bold=r == 0)


def table_rows(state: CompareState, names: Sequence[str]) -> list[list[str]]:
    """Header, then per indicator: label, date, each area's value over its prefectural median, national median."""
    lang, cat = state.lang, queries.catalogue()
    frame = insight_service.comparison(state.areas)
    heads = [t("col_indicator", lang), t("date", lang), *names, t("col_national_median", lang)]
    return [heads] + [
        [cat.indicator(i).label(lang), str(row["as_of"]),
         *(f"{cat.indicator(i).format_value(row[f'value:{c}'], lang)}\n"
           f"（{cat.indicator(i).format_value(row[f'pref:{c}'], lang)}）" for c in state.areas),
         cat.indicator(i).format_value(row["national"], lang)]
        for i, row in zip(frame.index, frame.to_dict("records"), strict=True)]


def _cell(cell: object, text: str, *, bold: bool) -> None:
    frame = cell.text_frame  # type: ignore[attr-defined]
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(9 if i == 0 else 8)
        run.font.bold = bold


def _box(slide: Slide, top: Length, lines: Sequence[str], size: int, *, bold: bool = False, name: str,
         height: Emu | None = None) -> None:
    box = slide.shapes.add_textbox(Inches(0.5), top, Emu(SLIDE_WIDTH - Inches(1.0)), height or Inches(0.6))
    box.name = name
    box.text_frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = box.text_frame.paragraphs[0] if i == 0 else box.text_frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold


__all__ = ["chunks", "deck", "row_heights", "table_meta", "table_rows"]
