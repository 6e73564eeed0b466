"""The sources page (``/sources``): every row of the ``sources`` table (what
each indicator credits) and of ``_sources`` (every file the build read, with
its checksum), straight from the database the map is drawn from.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import dash
from dash import html

from dashboard import components, db, figures, queries, rules
from dashboard.i18n import N03_CREDIT, t
from dashboard.pages import unavailable
from layers.model import Indicator


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


def _cannot_say(ind: Indicator, lang: str) -> str:
    """The limits of one indicator, from its declaration: role, target (or none), the publisher's caveat."""
    parts = [] if ind.can_lag else [t("read_context_not", lang)]
    target = ind.target
    if ind.can_lag and target is None:
        parts.append(t("read_no_target", lang))
    elif target is not None:
        value = figures.format_number(target.value, ind.decimals, ind.unit_for(lang))
        policy = target.policy_en if lang == "en" else target.policy_ja
        key = "read_current" if target.is_current(date.today()) else "read_expired"
        parts.append(t(key, lang, value=value, deadline=target.deadline.isoformat(), policy=policy))
    note = ind.note_en if lang == "en" else ind.note_ja
    return " ".join([*parts, note] if note else parts)


def how_to_read(lang: str) -> list[Any]:
    """「地図の読み方」: rules, ties, missing values, roles, targets, time series, then every indicator's limits."""
    heads = (t("indicator", lang), t("read_col_role", lang), t("read_col_says", lang), t("read_col_not", lang))
    rows = [
        html.Tr([html.Th(ind.label(lang), scope="row"), html.Td(t(f"role_{ind.role}", lang)),
                 html.Td(ind.description(lang)), html.Td(_cannot_say(ind, lang))])
        for ind in queries.catalogue().indicators.values()
    ]
    return [
        html.H2(t("read_title", lang), id="how-to-read"),
        *(html.P(t(key, lang, margin=rules.TIE_MARGIN)) for key in (
            "read_rules", "read_ties", "read_missing", "read_roles", "read_targets", "read_time")),
        html.H3(t("read_indicators", lang)),
        html.Div(html.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])), html.Tbody(rows)],
                            className="data-table"), className="scroll"),
    ]


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
            *how_to_read(lang),
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
dash.register_page(__name__, path="/sources", title=components.page_title("nav_sources"), name="sources",
                   layout=layout)
