"""Reference dates (調査時点) of the DX dashboard items, and which of them are pinned.

The data tables carry no date. The Digital Agency's data-definition page for the
dashboard gives each item's survey date:

* 「データの定義：自治体DXの取組に関するダッシュボード」
  https://digital.go.jp/resources/govdashboard/local-government-dx/description
* "Data Definition: Dashboard on local government DX Efforts"
  https://digital.go.jp/en/resources/govdashboard/local-government-dx/description

For the seven 推進体制 (DX governance) items, from 地方公共団体における行政情報化の
推進状況調査, the English page reads "The survey was conducted on April 1, 2023
and April 1, 2022 … (For the survey as of April 1, 2023, some cities and towns
in Ishikawa Prefecture were excluded due to the impact of the 2024 Noto
earthquake.)". The tables hold one round, and their 8 Ishikawa ``調査無し`` are
exactly that exclusion, so the round is the one as of **2023-04-01** (the
stored copy of the Japanese page is an earlier version giving 2022-04-01 and
2021-04-01; the tables' 調査無し rule that round out).

For every other item (AI, RPA, telework, the My Number holding rate, the 26/32
procedures' online availability and online filing rates) the survey date could
not be read from the stored copies of the page, so it is **not pinned**: the
value keeps the release date the tables match (2024-07-12, see SOURCE.md) as
``as_of`` and the ``indicator_dates`` row says ``date_certain = false`` with
the reason, for the UI to show ("date not confirmed"), never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

DEFINITIONS_URL_JA = "https://digital.go.jp/resources/govdashboard/local-government-dx/description"
DEFINITIONS_URL_EN = "https://digital.go.jp/en/resources/govdashboard/local-government-dx/description"

#: The release of the data tables the shipped files match (SOURCE.md).
RELEASE = date(2024, 7, 12)
#: 地方公共団体における行政情報化の推進状況調査, round as of 2023-04-01.
GOVERNANCE_SURVEY = date(2023, 4, 1)


@dataclass(frozen=True)
class ItemDate:
    """When an item was measured, whether the publisher pins it, and why we say so."""

    as_of: date
    certain: bool
    basis_ja: str
    basis_en: str


PINNED_GOVERNANCE = ItemDate(
    GOVERNANCE_SURVEY,
    True,
    "デジタル庁「データの定義」: 行政情報化の推進状況調査 2023年4月1日時点"
    "（石川県の一部団体は令和6年能登半島地震の影響で調査対象外）",
    "Digital Agency data definitions: survey on administrative informatisation as of 2023-04-01"
    " (some Ishikawa municipalities excluded after the 2024 Noto earthquake)",
)
NOT_PINNED = ItemDate(
    RELEASE,
    False,
    "調査時点は未確認。日付はデータテーブルの公開日（2024年7月12日）",
    "Survey date not confirmed; the date shown is the data tables' release (2024-07-12)",
)

#: Every indicator and table item of the source → its date. Indicators not listed
#: here are an error (``item_date``), so a new row cannot silently get a date.
ITEM_DATES: dict[str, ItemDate] = {
    "dx_governance_score": PINNED_GOVERNANCE,
    "dx_adoption_score": NOT_PINNED,
    "mynumber_holding_rate": NOT_PINNED,
    "online_procedures_26": NOT_PINNED,
    "online_procedures_32": NOT_PINNED,
    "online_usage_32_median": NOT_PINNED,
    "online_usage_26_median": NOT_PINNED,
    "online_usage_32_count": NOT_PINNED,
    "online_usage_26_count": NOT_PINNED,
    "procedure_usage": NOT_PINNED,
    "dx_procedure_counts": NOT_PINNED,
}
#: ``Measure.score`` decides a yes/no item's date: governance items are pinned.
SCORE_OF_MEASURE_DATE = {"dx_governance_score": PINNED_GOVERNANCE, "dx_adoption_score": NOT_PINNED}


def item_date(item: str) -> ItemDate:
    """The date of an indicator or table item; a KeyError names the undeclared item."""
    try:
        return ITEM_DATES[item]
    except KeyError:
        raise KeyError(f"DX dashboard item '{item}' has no declared reference date (etl/sources/dx_dates.py)") from None


def indicator_dates(indicator_ids: set[str]) -> pd.DataFrame:
    """One row per emitted indicator: its as_of, whether it is pinned, and the basis in ja/en."""
    rows = [
        {
            "indicator_id": i,
            "as_of": item_date(i).as_of,
            "date_certain": item_date(i).certain,
            "basis_ja": item_date(i).basis_ja,
            "basis_en": item_date(i).basis_en,
            "citation_ja": DEFINITIONS_URL_JA,
            "citation_en": DEFINITIONS_URL_EN,
        }
        for i in sorted(indicator_ids)
    ]
    return pd.DataFrame(rows, columns=[*DATE_COLUMNS])


DATE_COLUMNS = ("indicator_id", "as_of", "date_certain", "basis_ja", "basis_en", "citation_ja", "citation_en")
