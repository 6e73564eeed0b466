"""One call from a view to a finished file: name, bytes and media type.

This is the whole API a download callback needs::

    file = export_file(state, "png")          # or png-print, svg, pdf, pptx, csv, xlsx
    return dcc.send_bytes(file.content, file.filename)

and what the batch CLI loops over (``export_files`` renders several views in
one browser round so a 47-prefecture batch keeps the browser's tabs busy).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dashboard.export.frame import PDF_A4, PRINT_A4, SLIDE, SLIDE_PICTURE, Page, export_figure
from dashboard.export.render import Format, Renderer, get_renderer
from dashboard.export.slides import SlideContent, deck_pptx
from dashboard.export.tables import table_csv, table_xlsx
from dashboard.export.views import ExportView, build_view
from dashboard.state import ViewState
from dashboard.viewmodel import ranking_table

#: kind → (renderer format, page) for the figure kinds.
FIGURE_KINDS: dict[str, tuple[Format, Page]] = {
    "png": ("png", SLIDE),
    "png-print": ("png", PRINT_A4),
    "svg": ("svg", SLIDE),
    "pdf": ("pdf", PDF_A4),
}
TABLE_KINDS = ("csv", "xlsx")
KINDS = (*FIGURE_KINDS, "pptx", *TABLE_KINDS)

MEDIA_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    media_type: str


def filename(state: ViewState, kind: str) -> str:
    """ASCII name saying indicator, area, level and date: ``atlas_population_36_municipality_2020-10-01.png``."""
    extension = "png" if kind == "png-print" else kind
    suffix = "_print" if kind == "png-print" else ""
    area = state.pref or "japan"
    indicator = re.sub(r"[^A-Za-z0-9_.-]", "-", state.indicator)  # an uploaded one is "upload:<digest>:<id>"
    return f"atlas_{indicator}_{area}_{state.level}_{state.date or 'nodate'}{suffix}.{extension}"


def export_file(
    state: ViewState,
    kind: str,
    *,
    codes: Sequence[str] | None = None,
    renderer: Renderer | None = None,
    export_date: date | None = None,
) -> ExportFile:
    """The file of ``kind`` for a valid view; ``codes`` keeps a table to the user's filtered rows in order."""
    if kind not in KINDS:
        raise ValueError(f"unknown export kind {kind!r}; expected one of {', '.join(KINDS)}")
    view = build_view(state, export_date)
    if kind in TABLE_KINDS:
        table = view.table if codes is None else ranking_table(view.data, codes)
        content = (
            table_csv(table, view.columns, state.lang) if kind == "csv" else table_xlsx(table, view.columns, view.meta)
        )
        return ExportFile(filename(state, kind), content, MEDIA_TYPES[kind])
    return export_files([view], kind, renderer=renderer)[0]


def export_files(views: Sequence[ExportView], kind: str, *, renderer: Renderer | None = None) -> list[ExportFile]:
    """One figure file per view (``png``, ``png-print``, ``svg``, ``pdf``), rendered in one round."""
    if kind == "pptx":
        return [
            ExportFile(filename(v.state, "pptx"), deck(views[i : i + 1], renderer=renderer), MEDIA_TYPES["pptx"])
            for i, v in enumerate(views)
        ]
    fmt, page = FIGURE_KINDS[kind]
    renderer = renderer or get_renderer()
    contents = renderer.render_many([(export_figure(v.figure, v.meta, page), fmt, page) for v in views])
    return [ExportFile(filename(v.state, kind), c, MEDIA_TYPES[fmt]) for v, c in zip(views, contents, strict=True)]


def deck(views: Sequence[ExportView], *, renderer: Renderer | None = None) -> bytes:
    """A 16:9 deck with one slide per view: title, map picture, key numbers, sources."""
    renderer = renderer or get_renderer()
    pictures = renderer.render_many(
        [(export_figure(v.figure, v.meta, SLIDE_PICTURE, bare=True), "png", SLIDE_PICTURE) for v in views]
    )
    return deck_pptx([SlideContent(v.meta, p) for v, p in zip(views, pictures, strict=True)])
