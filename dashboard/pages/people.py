"""People first (人に優しい): who lives where an indicator lags — residents aged
65+ and single elderly households, beside the headline's residents.

The counts are estimates: each municipality's 2020 census share (65+ of the
population, single elderly households of private households) times its
population or households, summed over the lagging municipalities
(``insight_service.people``).
"""

from __future__ import annotations

import math

import pandas as pd
from dash import html

from dashboard import i18n, insight_service
from dashboard.i18n import t


def households(n: float, lang: str) -> str:
    """A household count the way ``i18n.residents`` words people (万 / thousand), with 世帯 in Japanese."""
    if math.isnan(n):
        return i18n.t("no_data", lang)
    text = i18n.residents(n, lang)
    return text.replace("人", "世帯") if lang == "ja" else text


def headline(frame: pd.DataFrame, level: str, lang: str) -> html.P | None:
    """The 65+ and single-elderly line for the lagging rows of ``frame`` (None when nothing lags or no census)."""
    if "lagging" not in frame or not frame["lagging"].any():
        return None
    people = insight_service.people_in(frame.index[frame["lagging"].to_numpy(dtype=bool)], level)
    if math.isnan(people["aged_65"]):
        return None
    return html.P(t("people_headline", lang, aged=i18n.residents(people["aged_65"], lang),
                    single=households(people["single_elderly"], lang)), className="headline-people")
