"""The insight pages' read model: queries + pure methods, cached per process.

Keyed on ``db.key()`` like ``dashboard.service``, so a rebuilt database is
picked up without a restart and every (indicator, level, period) is assessed
once per process.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard import db, peers, progress, queries, queries_insight, residents, service
from dashboard.db import DbKey
from dashboard.i18n import t
from dashboard.insight_state import ProgressOptions
from dashboard.state import url_prefecture
from layers.model import Indicator


def role(ind: Indicator) -> str:
    """``outcome`` (can lag) or ``context`` (never lags), as the catalogue declares it."""
    return "outcome" if ind.can_lag else "context"


def progress_indicators() -> tuple[str, ...]:
    """Outcome indicators with a time series or a published target (those a pace or status means something for)."""
    cat = queries.catalogue()
    return tuple(i.id for i in cat.indicators.values()
                 if role(i) == "outcome" and (i.time_series or i.target is not None))


def prefecture_options() -> list[dict[str, str]]:
    """The prefecture filter's choices: name, and the two-digit URL form (``state.url_prefecture``)."""
    prefs = queries.prefectures()
    return [{"label": n, "value": url_prefecture(c)} for c, n in zip(prefs["code"], prefs["name_ja"], strict=True)]


def years(indicator_id: str, level: str) -> tuple[int, ...]:
    """Years with at least one value (the choices for the period start)."""
    return tuple(sorted({int(d[:4]) for d in queries.dates(indicator_id, level)}))


@lru_cache(maxsize=4)
def _progress_options(key: DbKey) -> ProgressOptions:
    cat = queries.catalogue()
    ids = progress_indicators()
    default = "mynumber_issuance_rate" if "mynumber_issuance_rate" in ids else (ids[0] if ids else "")
    return ProgressOptions(
        levels={i: cat.indicator(i).levels for i in ids}, years=years,
        prefectures=service.url_prefectures(), default_indicator=default,
    )


def progress_options() -> ProgressOptions:
    return _progress_options(db.key())


def goal(ind: Indicator) -> progress.Goal | None:
    """The catalogue's target for exactly this measure, as a ``progress.Goal``."""
    if ind.target is None:
        return None
    return progress.Goal(ind.target.value, ind.target.deadline, ind.higher_is_better)


@lru_cache(maxsize=64)
def _progress(key: DbKey, indicator_id: str, level: str, start: int) -> pd.DataFrame:
    ind = queries.catalogue().indicator(indicator_id)
    matrix = queries_insight.series_matrix(indicator_id, level)
    frame = progress.assess(matrix, date(start, 1, 1), goal(ind), progress.bounds_for(ind.unit))
    areas = queries.areas(level)
    frame = frame.join(areas[["name_ja", "prefecture_code", "prefecture_name"]])
    frame["population"] = residents_at(indicator_id, level, judged_date(frame)).reindex(frame.index)
    frame["pref2"] = frame["prefecture_code"].map(url_prefecture)
    # plain object columns: boolean filters on Arrow-backed strings cost milliseconds each, numpy ones microseconds
    text = ["name_ja", "prefecture_code", "prefecture_name", "pref2", "status"]
    frame[text] = frame[text].astype(object)
    return frame


def judged_date(frame: pd.DataFrame) -> str | None:
    """The date the progress page states it judges at: the latest observation of any area (ISO), or None."""
    latest = frame["latest_date"].max()
    return None if pd.isna(latest) else pd.Timestamp(latest).date().isoformat()


def residents_at(indicator_id: str, level: str, as_of: str | None) -> pd.Series:
    """Residents per area at ``as_of``: the population the indicator's own files state for that date
    (``residents.population_at``, e.g. 住民基本台帳人口 of the My Number snapshot), else the census."""
    census = service.population(level)
    return residents.population_at(indicator_id, as_of, census) if as_of else census


def residents_note(indicator_id: str, as_of: str | None, codes: pd.Index, lang: str) -> str:
    """Which population and date ``residents_at`` counted for ``codes`` (the census's date when no file states one)."""
    note = residents.basis_note(indicator_id, as_of, codes, lang)
    if note:
        return note
    census = queries.dates("population", "municipality")
    return t("residents_census", lang, date=census[-1] if census else "—")


def progress_frame(indicator_id: str, level: str, start: int) -> pd.DataFrame:
    """``progress.assess`` of every area of ``level`` plus name, prefecture and residents at the judged date
    (``population``: ``residents_at``). Read-only."""
    return _progress(db.key(), indicator_id, level, start)


@lru_cache(maxsize=4)
def _people(key: DbKey, level: str) -> pd.DataFrame:
    """Residents, residents aged 65+ and single elderly households per area (latest census shares).

    The 65+ and single-elderly counts are estimates: the census share times the
    population (or households), both from the same 2020 census.
    """
    wide = queries.latest_wide(level)

    def col(name: str) -> pd.Series:
        return wide[name] if name in wide else pd.Series(np.nan, index=wide.index)

    return pd.DataFrame({
        "residents": col("population"),
        "aged_65": col("population") * col("aged_65_share") / 100,
        "single_elderly": col("households") * col("single_elderly_household_share") / 100,
    }, index=wide.index)


def people(level: str) -> pd.DataFrame:
    """Per area: residents, aged_65 (estimate) and single_elderly households (estimate). Read-only."""
    return _people(db.key(), level)


def people_in(codes: pd.Index, level: str) -> dict[str, float]:
    """Sums of ``people`` over ``codes`` (NaN where no area has the figure).

    On numpy arrays (positions, not a pandas reindex): every scatter and progress change sums these."""
    table = people(level)
    rows = table.index.get_indexer(codes)
    values = table.to_numpy(dtype="float64")[rows[rows >= 0]]
    present = ~np.isnan(values)
    sums = np.where(present, values, 0.0).sum(axis=0)
    return {c: float(sums[i]) if present[:, i].any() else float("nan") for i, c in enumerate(table.columns)}


def clear_caches() -> None:
    for fn in (_progress_options, _progress, _people, _success, _comparison, _municipality_codes, _latest_dates):
        fn.cache_clear()


@lru_cache(maxsize=32)
def _success(key: DbKey, indicator_id: str, as_of: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    measures, _ = queries_insight.dx_wide()
    wide = queries.latest_wide("municipality")
    outcome = queries.values(indicator_id, "municipality", as_of)["value"]
    population = wide["population"] if "population" in wide else pd.Series(np.nan, index=wide.index)
    cells = peers.context_cells(population, queries.areas("municipality")["kaso_class"])
    return peers.with_without(outcome, measures, cells, skip=tuple(peers.COMPONENTS.get(indicator_id, ())))


def success(indicator_id: str, as_of: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``peers.with_without`` for one outcome at one date over all municipalities (cached). Read-only."""
    return _success(db.key(), indicator_id, as_of)


def peers_ahead(indicator_id: str, as_of: str, code: str) -> pd.DataFrame:
    """The similar municipalities clearly ahead of ``code`` on the indicator at ``as_of`` (``peers.peers_ahead``)."""
    ind = queries.catalogue().indicator(indicator_id)
    values = queries.values(indicator_id, "municipality", as_of)["value"]
    measures, _ = queries_insight.dx_wide()
    return peers.peers_ahead(service.similar(code, peers.K), values, code, ind, measures)


@lru_cache(maxsize=4)
def _latest_dates(key: DbKey, level: str) -> dict[str, str]:
    long = queries.latest_long(level)
    return {str(i): pd.Timestamp(d).date().isoformat() for i, d in long.groupby("indicator_id")["as_of"].max().items()}


def comparison(codes: tuple[str, ...]) -> pd.DataFrame:
    """One row per municipal indicator (catalogue order): its latest date, each area's value, the national
    median, and each area's prefectural median (columns ``value:<code>``, ``pref:<code>``). Read-only."""
    return _comparison(db.key(), codes)


@lru_cache(maxsize=64)
def _comparison(key: DbKey, codes: tuple[str, ...]) -> pd.DataFrame:
    cat = queries.catalogue()
    wide = queries.latest_wide("municipality")
    national, by_pref = service.medians("municipality")
    areas = queries.areas("municipality")
    dates = _latest_dates(key, "municipality")
    ids = [i.id for i in cat.indicators.values() if "municipality" in i.levels and i.id in wide.columns]
    frame = pd.DataFrame({"as_of": [dates.get(i, "") for i in ids],
                          "national": [float(national.get(i, np.nan)) for i in ids]}, index=pd.Index(ids))
    values = wide[ids].to_numpy(dtype="float64")  # positions, not .loc per area: this runs on every change
    prefs = by_pref.reindex(columns=ids).to_numpy(dtype="float64")
    columns: dict[str, np.ndarray] = {}
    for code in codes:
        row = by_pref.index.get_indexer([str(areas.at[code, "prefecture_code"])])[0]
        columns[f"value:{code}"] = values[wide.index.get_loc(code)]
        columns[f"pref:{code}"] = prefs[row] if row >= 0 else np.full(len(ids), np.nan)
    return pd.concat([frame, pd.DataFrame(columns, index=frame.index)], axis=1)


@lru_cache(maxsize=4)
def _municipality_codes(key: DbKey) -> frozenset[str]:
    return frozenset(queries.areas("municipality").index)


def municipality_codes() -> frozenset[str]:
    """Every municipality's LG5 code (what a URL may name), once per database."""
    return _municipality_codes(db.key())
