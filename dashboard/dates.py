"""Reference dates as the publisher pins them, or says it cannot (issue 14).

The Digital Agency's data definitions for its local-government DX dashboard
(「データの定義：自治体DXの取組に関するダッシュボード」) give the DX governance
items' 調査時点 (2023-04-01); for the other items no survey date is published, so
the ETL stores the tables' release date with ``indicator_dates.date_certain =
false``. A date is part of the claim: wherever the app shows such a date (slider,
map label, ranking, profile, every export) it says the date is not confirmed, in
both languages ("推定" is never used in English output, and not here at all: the
date is not estimated, it is a release date).

Dates with no ``indicator_dates`` row (a session upload, an older database) are
the uploader's or publisher's own and are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from dashboard import db
from dashboard.db import DbKey
from dashboard.i18n import t
from intake.dates import format_date_ja


@dataclass(frozen=True)
class DateBasis:
    """One ``indicator_dates`` row: whether the date is pinned, on what basis, citing what."""

    certain: bool
    basis_ja: str
    basis_en: str
    citation: str

    def basis(self, lang: str) -> str:
        return self.basis_en if lang == "en" else self.basis_ja


@lru_cache(maxsize=4)
def _bases(key: DbKey) -> dict[tuple[str, str], DateBasis]:
    if not db.table_exists("indicator_dates"):
        return {}
    rows = db.cursor().execute(
        "SELECT indicator_id, as_of, date_certain, basis_ja, basis_en, citation_ja, citation_en FROM indicator_dates"
    ).fetchall()
    return {(str(i), d.isoformat()): DateBasis(bool(c), bj or "", be or "", cj or ce or "")
            for i, d, c, bj, be, cj, ce in rows}


def basis(indicator_id: str, as_of: str | None) -> DateBasis | None:
    """The database's word on this (indicator, date), or None when it has none."""
    if not as_of:
        return None
    return _bases(db.key()).get((indicator_id, as_of))


def certain(indicator_id: str, as_of: str | None) -> bool:
    """False only where the database says the publisher has not pinned the date."""
    found = basis(indicator_id, as_of)
    return found is None or found.certain


def mark(indicator_id: str, as_of: str | None, lang: str) -> str:
    """``（調査時点未確認）`` / `` (date not confirmed)`` for an unconfirmed date, else ``""``."""
    return "" if certain(indicator_id, as_of) else t("date_unconfirmed", lang)


def date_text(indicator_id: str, as_of: str | None, lang: str, long: bool = False) -> str:
    """The date as shown: ISO (or 2024年7月12日（令和6年） with ``long`` in Japanese) plus the mark."""
    if not as_of:
        return ""
    shown = format_date_ja(date.fromisoformat(as_of)) if long and lang != "en" else as_of
    return shown + mark(indicator_id, as_of, lang)


__all__ = ["DateBasis", "basis", "certain", "date_text", "mark"]
