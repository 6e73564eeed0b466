"""The sources page's "not available" section: data the atlas looked for and
does not use, and why (issue 11: disadvantaged-area classes beside 過疎, and
the My Number Card goal that has no number)."""

from __future__ import annotations

from dash import html

from dashboard.i18n import t

ITEMS = ("unavailable_ritou", "unavailable_hantou", "unavailable_sanson", "unavailable_gousetsu")


def section(lang: str) -> html.Section:
    return html.Section(id="not-available", children=[
        html.H3(t("unavailable_title", lang)),
        html.P(t("unavailable_intro", lang)),
        html.Ul([html.Li(t(key, lang)) for key in ITEMS]),
        html.P(t("unavailable_note", lang), className="method"),
        html.P(t("unavailable_mynumber", lang)),
    ])
