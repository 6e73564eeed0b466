"""Small Dash component builders shared by the pages (header, notices, credits).

Pure functions of their arguments (no database), so pages and exports can
reuse them and tests can render them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import dash
from dash import dcc, html

from dashboard.export.meta import source_line as credit_line
from dashboard.i18n import N03_CREDIT, has, t
from dashboard.state import Notice
from layers.model import Source

PAGES = (("map", "/"), ("priority", "/priority"), ("progress", "/progress"), ("compare", "/compare"),
         ("scatter", "/scatter"), ("sources", "/sources"), ("accessibility", "/accessibility"))


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


#: Buttons that do nothing useful here: box/lasso selection selects nothing the app uses, and the PNG
#: download draws through a blob: image the CSP (img-src 'self' data:) blocks; the pages' own
#: export buttons make the figures.
NO_SELECT = ("select2d", "lasso2d", "toImage")


def graph_config(lang: str, **config: Any) -> dict[str, Any]:
    """A ``dcc.Graph`` config in the page's language: the toolbar's tooltips in Japanese on Japanese
    pages (plotly.js's ``ja`` locale; it also names months 1月…12月 on date axes), English otherwise."""
    # no "Share chart..." (plotly.js 4 uploads the figure to Chart Studio): nothing leaves this server
    config = {"displaylogo": False, "showSendToCloud": False, **config}
    if lang != "ja":
        return config
    # plotly.js's ja locale (registered in the vendored bundle, dashboard/vendor) calls "Pan" 拡大 like
    # "Zoom in": corrected per graph (config.locales wins over a registered locale), the vendored file as published
    return {**config, "locale": "ja", "locales": {lang: {"dictionary": {"Pan": t("modebar_pan", lang)}}}}


def translate_field(value: str, lang: str) -> str:
    """Notice fields that name UI terms (fallback choices) are i18n keys; data stays as is."""
    return t(value, lang) if has(value) else value


def request_lang() -> str:
    """The language of the page being served: ``?lang=`` of the page request, or of the URL the
    page router posts (``_pages_location.search``). Dash calls a page's ``title`` without the query."""
    from urllib.parse import parse_qs

    import flask

    if not flask.has_request_context():
        return "ja"
    search = ""
    if flask.request.method == "GET":
        return "en" if flask.request.args.get("lang") == "en" else "ja"
    body = flask.request.get_json(silent=True)
    inputs = body.get("inputs", []) if isinstance(body, dict) else []
    for item in inputs if isinstance(inputs, list) else []:
        if isinstance(item, dict) and item.get("id") == "_pages_location" and item.get("property") == "search":
            search = str(item.get("value") or "")
    return "en" if parse_qs(search.lstrip("?")).get("lang") == ["en"] else "ja"


def page_title(key: str | None = None) -> Callable[..., str]:
    """A page's tab title in the language of the URL (the map page's is the atlas name alone)."""

    def title(**_path: object) -> str:
        lang = request_lang()
        return f"{t(key, lang)} | {t('page_title', lang)}" if key else t("page_title", lang)

    return title


def _field(key: str, value: str, lang: str, labels: Mapping[str, str]) -> str:
    """A notice field in the reader's words: parameter names and ids become their labels."""
    if key == "value":
        return value
    if key == "param" and has(f"param_{value}"):
        return t(f"param_{value}", lang)
    return labels.get(value) or translate_field(value, lang)


def notices(items: Iterable[Notice], lang: str, labels: Mapping[str, str] | None = None) -> list[html.P]:
    """Notices in ``lang``: never an internal id (a URL parameter's name, an indicator id).

    ``labels`` maps ids the notices may name (indicator ids) to their labels in ``lang``.
    """
    out = []
    for notice in items:
        fields = {k: _field(k, v, lang, labels or {}) for k, v in notice.fields}
        out.append(html.P(t(notice.key, lang, **fields), className="notice"))
    return out


def source_line(source: Source | None, lang: str, extra: Iterable[Source] = ()) -> list[html.Span | html.Br]:
    """The indicator's credit (publisher, dataset, date; secondary marked) and the N03 credit.

    The same words as every export's source line (``export.meta.source_line``); licences are
    stated on the sources page and the deck's sources.
    """
    parts: list[html.Span | html.Br] = []
    for src in ([source] if source else []) + list(extra):
        parts += [html.Span(credit_line(src, lang), className="credit"), html.Br()]
    parts.append(html.Span(N03_CREDIT["en" if lang == "en" else "ja"], className="credit n03"))
    return parts


def page(lang: str, active: str, lang_href: str, title: str, body: Sequence[Any], *,
         controls: Any = None, stores: Sequence[Any] = (), notice_items: Iterable[Notice] = (),
         notices_id: str | None = None) -> html.Div:
    """The shell the insight pages share: header, stores, sidebar of ``controls`` beside the main column
    (title, then the notices in a live region ``notices_id`` a callback can refill, then ``body``), footer.

    Without ``controls`` the main column is a single prose column (``/success``).
    """
    shown = notices(notice_items, lang)
    region = [html.Div(shown, id=notices_id, role="status")] if notices_id else shown
    column = [html.H2(title), *region, *body]
    main = (html.Main(className="layout", children=[html.Aside(controls, className="sidebar"),
                                                    html.Section(className="main", children=column)])
            if controls is not None else html.Main(column, className="prose"))
    return html.Div(lang=lang, className="page", children=[header(lang, active, lang_href), *stores, main,
                                                          footer(lang)])


def query_stores(query_id: str, sync_id: str, data: dict[str, str]) -> list[dcc.Store]:
    """The page's URL state (``data['query']``) and the store the ``atlas.syncQuery`` clientside callback
    writes when it copies that state into the address bar."""
    return [dcc.Store(id=query_id, data=data), dcc.Store(id=sync_id)]


def db_missing() -> html.Main:
    """What a page says before the database is built (no language is known yet: the Japanese default)."""
    return html.Main(html.P(t("db_missing", "ja"), className="notice"), className="page")


def footer(lang: str) -> html.Footer:
    return html.Footer(className="app-footer", children=[
        html.Small(N03_CREDIT["en" if lang == "en" else "ja"]),
    ])
