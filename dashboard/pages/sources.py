"""The sources page (``/sources``): every row of the ``sources`` table (what
each indicator credits) and of ``_sources`` (every file the build read, with
its checksum), straight from the database the map is drawn from.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
from dash import html

from dashboard import components, db, queries
from dashboard.i18n import N03_CREDIT, t
from dashboard.pages import unavailable


def _datasets(lang: str) -> html.Table:
    heads = ("ID", t("col_dataset", lang), "URL", t("date", lang), t("col_licence", lang), t("col_note", lang))
    rows = []
    for s in queries.sources():
        publisher = s["publisher_en"] if lang == "en" else s["publisher_ja"]
        title = s["title_en"] if lang == "en" else s["title_ja"]
        note = "; ".join(x for x in (t("secondary", lang) if s["secondary"] else "", s["note"] or "",
                                     "user" if s.get("origin") == "user" else "") if x)
        rows.append(html.Tr([
            html.Td(s["id"]),
            html.Th(f"{publisher}「{title}」" if lang == "ja" else f"{publisher}, {title}", scope="row"),
            html.Td(html.A(s["url"], href=s["url"], rel="noopener noreferrer") if s["url"] else ""),
            html.Td(s["reference_date"] or ""), html.Td(s["licence"] or ""), html.Td(note),
        ]))
    return html.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])), html.Tbody(rows)],
                      className="data-table")


def _files(lang: str) -> html.Table:
    heads = ("source_id", t("col_file", lang), "sha256", t("col_rows", lang), t("source_line", lang),
             t("col_licence", lang), t("date", lang))
    rows = [
        html.Tr([
            html.Td(r["source_id"]), html.Td(html.Code(r["file"])),
            html.Td(html.Code(r["sha256"][:12] + "…", title=r["sha256"])),
            html.Td(f"{r['rows']:,}" if r["rows"] is not None else ""), html.Td(r["publisher"] or ""),
            html.Td(r["licence"] or ""), html.Td(r["reference_date"] or ""),
        ])
        for r in queries.provenance()
    ]
    return html.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])), html.Tbody(rows)],
                      className="data-table")


def layout(lang: Any = "ja", **_: Any) -> html.Div:
    lang = "en" if lang == "en" else "ja"
    other = "ja" if lang == "en" else "en"
    head = components.header(lang, "sources", components.page_href("/sources", urlencode({"lang": other})))
    try:
        meta = queries.meta()
        body: list[Any] = [
            html.H2(t("sources_title", lang)), html.P(t("sources_intro", lang)),
            html.P(t("built_at", lang, when=meta.get("built_at", "?"), version=meta.get("schema_version", "?"))),
            html.P(N03_CREDIT[lang], className="credit n03"),
            html.H3(t("datasets", lang)), html.Div(_datasets(lang), className="scroll"),
            html.H3(t("files", lang)), html.Div(_files(lang), className="scroll"),
            unavailable.section(lang),  # insight (issue 11)
        ]
    except db.DatabaseMissing:
        body = [html.P(t("db_missing", lang), className="notice")]
    return html.Div(lang=lang, className="page", children=[head, html.Main(body, className="prose")])

# Registered last: with an explicit module list (no pages folder scan) Dash needs the layout passed in.
dash.register_page(__name__, path="/sources", title="出典 | 地域デジタル格差アトラス", name="sources", layout=layout)
