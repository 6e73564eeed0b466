"""The page for an address the atlas does not have: says so in the URL's language, with the menu.

Dash's page router shows the page registered under the module name
``not_found_404`` for unknown paths; ``dashboard.app`` answers such a request
with HTTP 404 (the index HTML is otherwise served with 200 for any path).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
from dash import html

from dashboard import components
from dashboard.i18n import t


def layout(**query: Any) -> html.Div:
    lang = "en" if query.get("lang") == "en" else "ja"
    other = "ja" if lang == "en" else "en"
    return html.Div(lang=lang, className="page", children=[
        components.header(lang, "", components.page_href("/", urlencode({"lang": other}))),
        html.Main(className="prose", children=[
            html.H2(t("not_found_title", lang)),
            html.P(t("not_found_text", lang)),
        ]),
        components.footer(lang),
    ])


dash.register_page("not_found_404", path="/404", title=components.page_title("not_found_title"), layout=layout)
