"""Residents behind a headline, counted at the date the map shows (issue 14).

A headline such as "120 municipalities, 3.4 million residents" weighs areas by
their population. For a time series whose own files state the population each
value was computed on (the My Number card snapshots: 住民基本台帳人口 at each
file's 人口算出基準日), the ETL writes ``residents_at_date``; the residents of a
2017 map are then 2016's, not the 2020 census'. Where an area has no row the
census population stays, and ``basis_note`` says which basis was used and for
how many areas, so the headline never hides a mixed count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd

from dashboard import db, queries
from dashboard.db import DbKey
from intake.dates import format_date_ja


@dataclass(frozen=True)
class AtDate:
    """Residents per area code at one (indicator, date), and the basis the file states."""

    residents: pd.Series
    residents_as_of: tuple[str, ...]
    basis: str


@lru_cache(maxsize=8)
def _indicators(key: DbKey) -> frozenset[str]:
    if not db.table_exists("residents_at_date"):
        return frozenset()
    return frozenset(str(r[0]) for r in db.cursor().execute(
        "SELECT DISTINCT indicator_id FROM residents_at_date").fetchall())


@lru_cache(maxsize=64)
def _at_date(key: DbKey, indicator_id: str, as_of: str) -> AtDate:
    frame = db.cursor().execute(
        "SELECT area_code, residents, residents_as_of, basis FROM residents_at_date "
        "WHERE indicator_id = ? AND as_of = ? AND residents IS NOT NULL",
        [indicator_id, date.fromisoformat(as_of)],
    ).df()
    dates = tuple(sorted({pd.Timestamp(d).date().isoformat() for d in frame["residents_as_of"].dropna()}))
    basis = "・".join(sorted({str(b) for b in frame["basis"].dropna()}))
    series = pd.Series(frame["residents"].to_numpy(dtype="float64"), index=frame["area_code"].astype(str))
    return AtDate(series, dates, basis)


def has_dated_residents(indicator_id: str) -> bool:
    """Whether the indicator's files state residents per date (then the headline says which)."""
    return indicator_id in _indicators(db.key())


def population_at(indicator_id: str, as_of: str, census: pd.Series) -> pd.Series:
    """``census`` (indexed by area code) with each area's residents at ``as_of`` where the files state them."""
    if not has_dated_residents(indicator_id):
        return census
    dated = _at_date(db.key(), indicator_id, as_of).residents
    return dated.reindex(census.index).fillna(census).rename(census.name)


def basis_note(indicator_id: str, as_of: str | None, codes: pd.Index, lang: str) -> str:
    """Which population the residents count uses for these areas, e.g.
    ``人口：住民基本台帳人口（人口算出基準日）2022年1月1日`` (and how many fell back to the census)."""
    if not as_of or not has_dated_residents(indicator_id):
        return ""
    found = _at_date(db.key(), indicator_id, as_of)
    fallback = int((~codes.isin(found.residents.index)).sum())
    census = queries.dates("population", "municipality")
    census_on = census[-1] if census else ""
    if lang == "en":
        when = ", ".join(found.residents_as_of)
        dated = f"resident-register population stated in the source file, as of {when}" if when else ""
        tail = f"census population ({census_on}) for {fallback} areas without one" if fallback else ""
        return "Residents: " + "; ".join(p for p in (dated, tail) if p) + "."
    when = "・".join(format_date_ja(date.fromisoformat(d)) for d in found.residents_as_of)
    dated = f"{found.basis} {when}" if when else ""
    tail = f"{fallback}団体は国勢調査人口（{census_on}）" if fallback else ""
    return "人口：" + "、".join(p for p in (dated, tail) if p) + "。"


__all__ = ["AtDate", "basis_note", "has_dated_residents", "population_at"]
