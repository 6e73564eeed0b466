"""The nationwide "what goes with success" page (``/success``): for one outcome
indicator, the difference between municipalities with and without each DX
measure within similar contexts, with the counts and medians of every cell
(``dashboard.peers``; linked from the profile's peers section).

State is the URL (indicator, date, language); each choice is a link, so the
page needs no callback.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
from dash import dcc, html

from dashboard import components, db, queries
from dashboard.i18n import t
from dashboard.insight_state import as_mapping
from dashboard.pages import peers_section
from dashboard.state import _param_notice, _single
from layers.model import Indicator

DEFAULT = "online_usage_32_median"


def outcomes() -> list[Indicator]:
    """Municipal outcome indicators (context never 'succeeds')."""
    return [i for i in queries.catalogue().indicators.values() if i.can_lag and "municipality" in i.levels]


def layout(**query: Any) -> html.Div:
    """The tables for ``indicator`` at ``date`` (latest by default); invalid values fall back with a notice."""
    raw = as_mapping(query)
    lang = "en" if raw.get("lang") == "en" else "ja"
    try:
        choices = {i.id: i for i in outcomes()}
    except db.DatabaseMissing:
        return html.Main(html.P(t("db_missing", lang), className="notice"), className="page")
    notices = []
    wanted, bad = _single(raw, "indicator")
    ind_id = wanted if wanted in choices else (DEFAULT if DEFAULT in choices else next(iter(choices)))
    if (wanted is not None and wanted not in choices) or bad:
        notices.append(_param_notice("indicator", wanted or raw.get("indicator"), "default"))
    dates = queries.dates(ind_id, "municipality")
    as_of, bad_date = _single(raw, "date")
    if as_of not in dates:
        if as_of is not None or bad_date:
            notices.append(_param_notice("date", as_of or raw.get("date"), dates[-1] if dates else "—"))
        as_of = dates[-1] if dates else None
    ind = choices[ind_id]
    links = [dcc.Link(i.label(lang), className="nav-link" + (" active" if i.id == ind_id else ""),
                      href=components.page_href("/success", urlencode({"indicator": i.id, "lang": lang})))
             for i in choices.values()]
    flipped = "ja" if lang == "en" else "en"
    other = urlencode({"indicator": ind_id, **({"date": as_of} if as_of else {}), "lang": flipped})
    body: list[Any] = [html.Nav(links, className="chips", **{"aria-label": t("indicator", lang)})]
    if as_of:
        body += [html.P(f"{t('date', lang)}: {as_of}")] + peers_section.success_table(ind, as_of, lang, True)
    return components.page(lang, "success", components.page_href("/success", other),
                           t("success_title", lang, label=ind.label(lang)), body, notice_items=notices)


# Registered last: with an explicit module list (no pages folder scan) Dash needs the layout passed in.
dash.register_page(__name__, path="/success", title="取組と成果 | 地域デジタル格差アトラス", name="success",
                   layout=layout)
