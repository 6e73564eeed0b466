"""Small Dash component builders shared by the pages (header, notices, credits).

Pure functions of their arguments (no database), so pages and exports can
reuse them and tests can render them.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

import dash
from dash import dcc, html

from dashboard.i18n import N03_CREDIT, has, t
from dashboard.state import Notice
from layers.model import Source

PAGES = (("map", "/"), ("priority", "/priority"), ("progress", "/progress"), ("sources", "/sources"),
         ("accessibility", "/accessibility"))


def page_href(path: str, query: str = "") -> str:
    """An app-relative link (respects a deployment prefix)."""
    base = dash.get_relative_path(path)
    return f"{base}?{query}" if query else base


def header(lang: str, active: str, lang_href: str, lang_link_id: str | None = None) -> html.Header:
    """Title, page navigation (keeps the language) and the language switch."""
    nav = [
        dcc.Link(t(f"nav_{name}", lang), href=page_href(path, urlencode({"lang": lang})),
                 className="nav-link" + (" active" if name == active else ""))
        for name, path in PAGES
    ]
    switch_kwargs = {"id": lang_link_id} if lang_link_id else {}
    return html.Header(className="app-header", children=[
        html.Div([html.H1(t("app_title", lang)), html.P(t("tagline", lang), className="tagline")]),
        html.Nav(nav + [dcc.Link(t("switch_lang", lang), href=lang_href, className="lang-switch", **switch_kwargs)],
                 **{"aria-label": "menu"}),
    ])


def dropdown_labels(lang: str) -> dict[str, str]:
    """Dash 4 dropdown chrome (search box, counts, clear buttons) in the UI language."""
    if lang == "en":
        return {"search": "Search", "no_options_found": "No match", "clear_search": "Clear search",
                "clear_selection": "Clear selection", "selected_count": "{num_selected} selected",
                "select_all": "Select all", "deselect_all": "Deselect all"}
    return {"search": "検索", "no_options_found": "該当なし", "clear_search": "検索を消去",
            "clear_selection": "選択を解除", "selected_count": "{num_selected} 件選択",
            "select_all": "すべて選択", "deselect_all": "すべて解除"}


def translate_field(value: str, lang: str) -> str:
    """Notice fields that name UI terms (fallback choices) are i18n keys; data stays as is."""
    return t(value, lang) if has(value) else value


def notices(items: Iterable[Notice], lang: str) -> list[html.P]:
    out = []
    for notice in items:
        fields = {k: (v if k == "value" else translate_field(v, lang)) for k, v in notice.fields}
        out.append(html.P(t(notice.key, lang, **fields), className="notice"))
    return out


def source_line(source: Source | None, lang: str, extra: Iterable[Source] = ()) -> list[html.Span | html.Br]:
    """The indicator's credit (publisher, title, date, licence; secondary marked) and the N03 credit."""
    parts: list[html.Span | html.Br] = []
    for src in ([source] if source else []) + list(extra):
        parts += [html.Span(src.credit(lang), className="credit"), html.Br()]
    parts.append(html.Span(N03_CREDIT["en" if lang == "en" else "ja"], className="credit n03"))
    return parts


def footer(lang: str) -> html.Footer:
    return html.Footer(className="app-footer", children=[
        html.Small(N03_CREDIT["en" if lang == "en" else "ja"]),
    ])
