"""The accessibility statement (``/accessibility``): the target (JIS X 8341-3:2016
level AA, which adopts WCAG 2.0 AA, checked against WCAG 2.1 AA), what is met,
what is not, and the keyboard routes through the app.

Japanese public bodies publish such a statement (総務省「みんなの公共サイト運用
ガイドライン」); what it claims is what ``tests/e2e/test_a11y_e2e.py`` checks with
axe-core on every run, plus the known gaps listed here. No database access:
the page must render even when the data is missing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
from dash import html

from dashboard import components
from dashboard.i18n import items, t


def layout(lang: Any = "ja", **_: Any) -> html.Div:
    lang = "en" if lang == "en" else "ja"
    other = "ja" if lang == "en" else "en"
    head = components.header(lang, "accessibility", components.page_href("/accessibility", urlencode({"lang": other})))
    body: list[Any] = [html.H2(t("a11y_title", lang)), html.P(t("a11y_policy", lang)), html.P(t("a11y_tested", lang))]
    for part in ("met", "not", "keys"):
        body += [html.H3(t(f"a11y_{part}_heading", lang)), html.Ul([html.Li(x) for x in items(f"a11y_{part}_", lang)])]
    body.append(html.P(t("a11y_contact", lang)))
    return html.Div(lang=lang, className="page", children=[head, html.Main(body, id="main", className="prose")])


dash.register_page(__name__, path="/accessibility", title="アクセシビリティ方針 | 地域デジタル格差アトラス",
                   name="accessibility", layout=layout)
