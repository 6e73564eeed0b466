"""Named read-only queries against ``atlas.duckdb``; no Dash in here.

Every statement uses bound parameters (``?``) for anything a user can choose.
The database is immutable while a process serves it, so results are cached
per process in ``lru_cache``s keyed on ``db.key()`` (the file's identity): a
rebuilt file gets fresh entries, and a re-colour costs a dictionary lookup,
not a query. Cached frames are shared: callers copy before mutating (the
public functions below return copies where callers are expected to add
columns).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from dashboard import db
from dashboard.db import DbKey
from layers.model import CATEGORIES, Catalogue, Category, Indicator
from layers.schema import indicator_from_row, source_from_row

_AREA_COLUMNS = (
    "code, code6, level, prefecture_code, prefecture_name, name_ja, name_kana, name_en, kind, kaso_class, lat, lon"
)


def _rows(sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = db.cursor().execute(sql, params or [])
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _frame(sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    return db.cursor().execute(sql, params or []).df()


# ------------------------------------------------------------------ catalogue
#: Room for every indicator at every level (18 × 2 today): smaller bounds evicted in a loop, so a warm-up
#: over all indicators (``service.warm``) left the default indicator's tables cold for its first user.
PER_INDICATOR_LEVEL = 64


@lru_cache(maxsize=4)
def _catalogue(key: DbKey) -> Catalogue:
    sources = {r["id"]: source_from_row(r) for r in _rows("SELECT * FROM sources ORDER BY id")}
    indicators = {r["id"]: indicator_from_row(r) for r in _rows("SELECT * FROM indicators ORDER BY id")}
    order = {c: i for i, c in enumerate(CATEGORIES)}
    ordered = dict(sorted(indicators.items(), key=lambda kv: (order[kv[1].category], kv[1].label_ja)))
    return Catalogue(sources=sources, indicators=ordered)


def catalogue() -> Catalogue:
    """Indicators and sources rebuilt into ``layers.model`` objects from the database.

    The database, not the TOML files, is the hand-off: it also carries indicators
    a region added through the ETL (issue 6). Rows are read back through
    ``layers.schema`` (the same mapping the ETL wrote them with), so an unknown
    category or role, or a database of another schema, raises ``CatalogueError``.
    """
    return _catalogue(db.key())


def categories(cat: Catalogue) -> dict[Category, list[Indicator]]:
    return {c: inds for c, inds in cat.by_category().items() if inds}


# ---------------------------------------------------------------------- areas
@lru_cache(maxsize=4)
def _areas(key: DbKey) -> pd.DataFrame:
    frame = _frame(f"SELECT {_AREA_COLUMNS} FROM areas ORDER BY code")
    frame["kaso_class"] = frame["kaso_class"].astype(object).where(frame["kaso_class"].notna(), None)
    return frame.set_index("code", drop=False).rename_axis(None)


@lru_cache(maxsize=8)
def _areas_at(key: DbKey, level: str) -> pd.DataFrame:
    frame = _areas(key)
    return frame[frame["level"] == level]


def areas(level: str | None = None, prefecture_code: str | None = None) -> pd.DataFrame:
    """All areas (or one level, or one prefecture's), indexed by LG5 code, in code order. Read-only.

    ``prefecture_code`` is the database's form (``"32000"``; ``dashboard.state.prefecture_code``
    converts the URL's ``"32"``), compared whole: the one prefecture filter.
    """
    frame = _areas(db.key()) if level is None else _areas_at(db.key(), level)
    return frame if prefecture_code is None else in_prefecture(frame, prefecture_code)


def in_prefecture(frame: pd.DataFrame, prefecture_code: str | None) -> pd.DataFrame:
    """Rows of ``frame`` (any table with ``prefecture_code``) in one prefecture; all rows for None."""
    return frame if prefecture_code is None else frame[frame["prefecture_code"] == prefecture_code]


def prefectures() -> pd.DataFrame:
    return areas("prefecture")


@lru_cache(maxsize=4)
def _area_history(key: DbKey) -> pd.DataFrame | None:
    if not db.table_exists("area_history"):
        return None
    return _frame("SELECT old_code, old_name, new_code FROM area_history ORDER BY old_code")


def area_history() -> pd.DataFrame | None:
    """The merger history (former code and name → current code), when the build had it (optional table).

    An uploaded file that still uses a pre-merger name resolves through it, as in the ETL.
    """
    return _area_history(db.key())


# --------------------------------------------------------------------- values
@lru_cache(maxsize=64)
def _dates(key: DbKey, indicator_id: str, level: str) -> tuple[str, ...]:
    rows = db.cursor().execute(
        "SELECT DISTINCT v.as_of FROM indicator_values v JOIN areas a ON a.code = v.area_code "
        "WHERE v.indicator_id = ? AND a.level = ? AND v.value IS NOT NULL ORDER BY 1",
        [indicator_id, level],
    ).fetchall()
    return tuple(row[0].isoformat() for row in rows)


def dates(indicator_id: str, level: str) -> tuple[str, ...]:
    """ISO dates that have at least one value for this indicator at this level, oldest first."""
    return _dates(db.key(), indicator_id, level)


@lru_cache(maxsize=PER_INDICATOR_LEVEL)
def _indicator_rows(key: DbKey, indicator_id: str) -> dict[str, Any]:
    """Every row of one indicator as numpy columns (area code, then date order), read in one query.

    A date change or a profile's trend is then a slice of memory, not a query:
    each statement costs milliseconds of planning, a slice microseconds.
    ``spans`` maps an area code to its rows.
    """
    got = db.cursor().execute(
        "SELECT area_code, as_of, value, note FROM indicator_values WHERE indicator_id = ? ORDER BY area_code, as_of",
        [indicator_id],
    ).fetchnumpy()
    codes = np.asarray(got["area_code"], dtype=object)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.zeros(0, dtype=int)
    ends = np.r_[starts[1:], len(codes)] if len(codes) else starts
    return {
        "code": codes, "as_of": np.asarray(got["as_of"], dtype="datetime64[us]"),
        "value": np.ma.filled(np.ma.asarray(got["value"], dtype="float64"), np.nan),
        "note": _objects_or_none(got["note"]),
        "spans": {str(codes[s]): slice(int(s), int(e)) for s, e in zip(starts, ends, strict=True)},
    }


def _objects_or_none(column: Any) -> np.ndarray:
    """A text column with NULL as None. (``np.ma.filled(x, None)`` fills with the *default* fill
    value, which is "?" for object arrays: that put "?" in every 注記 cell of the exports.)"""
    masked: np.ma.MaskedArray[Any, Any] = np.ma.asarray(column, dtype=object)
    out = np.asarray(masked.data, dtype=object).copy()
    out[np.ma.getmaskarray(masked)] = None
    return out


@lru_cache(maxsize=PER_INDICATOR_LEVEL)
def _row_positions(key: DbKey, indicator_id: str, level: str) -> np.ndarray:
    """For every row of ``_indicator_rows``, its area's position among the level's areas (-1: other level)."""
    spans = _indicator_rows(key, indicator_id)["spans"]
    where = areas(level).index.get_indexer(list(spans))
    return np.repeat(where, [s.stop - s.start for s in spans.values()])


@lru_cache(maxsize=PER_INDICATOR_LEVEL)
def _value_range(key: DbKey, indicator_id: str, level: str) -> tuple[float, float] | None:
    rows = _indicator_rows(key, indicator_id)
    value = rows["value"][_row_positions(key, indicator_id, level) >= 0]
    value = value[~np.isnan(value)]
    return (float(value.min()), float(value.max())) if len(value) else None


def value_range(indicator_id: str, level: str) -> tuple[float, float] | None:
    """(min, max) of the indicator's values at ``level`` over every date (None: no values).

    A time series is coloured on this fixed range, so a change over time shows as a change of colour.
    """
    return _value_range(db.key(), indicator_id, level)


@lru_cache(maxsize=512)
def _values(key: DbKey, indicator_id: str, level: str, as_of: str) -> pd.DataFrame:
    rows = _indicator_rows(key, indicator_id)
    index = areas(level).index
    on_date = np.flatnonzero(rows["as_of"] == np.datetime64(date.fromisoformat(as_of), "us"))
    where = _row_positions(key, indicator_id, level)[on_date]
    found = where >= 0
    value = np.full(len(index), np.nan)
    value[where[found]] = rows["value"][on_date[found]]
    note = np.full(len(index), None, dtype=object)
    note[where[found]] = rows["note"][on_date[found]]
    return pd.DataFrame({"code": areas(level)["code"], "value": value,
                         "note": pd.Series(note, index=index, dtype=object)}, index=index)


def values(indicator_id: str, level: str, as_of: str) -> pd.DataFrame:
    """One row per area of ``level`` (code order): code, value (NaN = missing), note.

    Areas without a row in the source get NaN and ``note`` None; the caller
    explains that with the indicator's own note.
    """
    return _values(db.key(), indicator_id, level, as_of)


@lru_cache(maxsize=8)
def _latest(key: DbKey, level: str) -> pd.DataFrame:
    return _frame(
        "WITH latest AS (SELECT v.indicator_id, max(v.as_of) AS as_of FROM indicator_values v "
        "JOIN areas a ON a.code = v.area_code WHERE a.level = ? AND v.value IS NOT NULL GROUP BY 1) "
        "SELECT v.area_code, v.indicator_id, v.as_of, v.value, v.note FROM indicator_values v "
        "JOIN latest l ON l.indicator_id = v.indicator_id AND l.as_of = v.as_of "
        "JOIN areas a ON a.code = v.area_code WHERE a.level = ? ORDER BY 1, 2",
        [level, level],
    )


def latest_long(level: str) -> pd.DataFrame:
    """Every indicator's latest-date value for every area of ``level`` (long form)."""
    return _latest(db.key(), level)


@lru_cache(maxsize=8)
def _latest_by_area(key: DbKey, level: str) -> dict[str, slice]:
    """Row range of each area in ``_latest`` (ordered by area code): building 1,741 indexed frames up
    front took ~3 s per worker (issue 13); slicing one on demand takes a fraction of a millisecond."""
    codes = _latest(key, level)["area_code"].to_numpy()
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.array([], dtype=int)
    stops = [*starts[1:].tolist(), len(codes)]
    return {str(codes[a]): slice(int(a), int(b)) for a, b in zip(starts.tolist(), stops, strict=True)}


def latest_for_area(level: str, area_code: str) -> pd.DataFrame:
    """One area's latest values, indexed by indicator id (as_of, value, note)."""
    key = db.key()
    rows = _latest_by_area(key, level).get(area_code)
    if rows is None:
        return pd.DataFrame(columns=["area_code", "as_of", "value", "note"])
    return _latest(key, level).iloc[rows].set_index("indicator_id")


@lru_cache(maxsize=8)
def _latest_wide(key: DbKey, level: str) -> pd.DataFrame:
    long = _latest(key, level)
    wide = long.pivot(index="area_code", columns="indicator_id", values="value")
    return wide.reindex(areas(level).index)


def latest_wide(level: str) -> pd.DataFrame:
    """Areas × indicators at each indicator's latest date (NaN where missing). Read-only."""
    return _latest_wide(db.key(), level)


def series(indicator_id: str, area_code: str) -> pd.DataFrame:
    """One area's time series: as_of, value, note (oldest first)."""
    rows = _indicator_rows(db.key(), indicator_id)
    span = rows["spans"].get(area_code, slice(0, 0))
    return pd.DataFrame({"as_of": rows["as_of"][span], "value": rows["value"][span],
                         "note": pd.Series(rows["note"][span], dtype=object)})


@lru_cache(maxsize=PER_INDICATOR_LEVEL)
def _median_series(key: DbKey, indicator_id: str, level: str) -> dict[str, pd.DataFrame]:
    """Every prefecture's median series and the national one ('' key), in one grouped query."""
    frame = _frame(
        "SELECT a.prefecture_code, v.as_of, median(v.value) AS value FROM indicator_values v "
        "JOIN areas a ON a.code = v.area_code WHERE v.indicator_id = ? AND a.level = ? AND v.value IS NOT NULL "
        "GROUP BY GROUPING SETS ((a.prefecture_code, v.as_of), (v.as_of)) ORDER BY 1 NULLS FIRST, 2",
        [indicator_id, level],
    )
    groups = frame["prefecture_code"].fillna("")
    return {str(code): part[["as_of", "value"]].reset_index(drop=True)
            for code, part in frame.groupby(groups, sort=False)}


def median_series(indicator_id: str, level: str, prefecture_code: str = "") -> pd.DataFrame:
    """Median over the level's areas (optionally one prefecture's) at every date. Read-only."""
    found = _median_series(db.key(), indicator_id, level).get(prefecture_code)
    return found if found is not None else pd.DataFrame({
        "as_of": pd.Series(dtype="datetime64[us]"), "value": pd.Series(dtype="float64")})


#: The source whose parser writes ``reference_values`` (transcribed national and prefecture figures).
REFERENCE_SOURCE = "soumu_broadband_series"


def national_references() -> list[dict[str, Any]]:
    """The latest published national figure of each broadband measure, with its policy target if any.

    These are transcribed national figures (e.g. FTTH household coverage 99.84 % at
    2023-03-31) for which no prefecture or municipal table exists; the map shows
    them as reference lines, never as area colours. Joined to ``policy_targets``
    on the measure text, which both transcriptions share.
    """
    if not (_has_table(db.key(), "reference_values") and _has_table(db.key(), "policy_targets")):
        return []
    return _rows(
        "SELECT r.measure, r.as_of, r.value, r.source_reference, t.target_value_pct AS target, "
        "t.deadline, t.policy FROM reference_values r "
        "LEFT JOIN policy_targets t ON t.measure = r.measure AND t.scope = 'national' "
        "WHERE r.area_code = '00000' "
        "QUALIFY row_number() OVER (PARTITION BY r.measure ORDER BY r.as_of DESC) = 1 "
        "ORDER BY t.target_value_pct IS NULL, r.measure",
    )


@lru_cache(maxsize=16)
def _has_table(key: DbKey, name: str) -> bool:
    return db.table_exists(name)


@lru_cache(maxsize=2)
def _dx_by_area(key: DbKey) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for row in _rows("SELECT area_code, measure_id, group_ja, label_ja, label_en, value, note FROM dx_measures "
                     "ORDER BY area_code, group_ja, measure_id"):
        found.setdefault(row.pop("area_code"), []).append(row)
    return found


def dx_measures(area_code: str) -> list[dict[str, Any]]:
    """The yes/no DX governance and adoption items for one area (optional table; read once per process)."""
    if not _has_table(db.key(), "dx_measures"):
        return []
    return list(_dx_by_area(db.key()).get(area_code, []))


# ------------------------------------------------------------------- geometry
@lru_cache(maxsize=4)
def _geojson_index(key: DbKey) -> dict[tuple[str, str], str]:
    rows = db.cursor().execute("SELECT level, detail, sha256 FROM geojson_assets ORDER BY 1, 2").fetchall()
    return {(level, detail): sha for level, detail, sha in rows}


def geojson_index() -> dict[tuple[str, str], str]:
    """(level, detail) → sha256 of the GeoJSON text, for content-hashed URLs."""
    return _geojson_index(db.key())


@lru_cache(maxsize=4)
def _geojson(key: DbKey, level: str, detail: str) -> str | None:
    row = db.cursor().execute(
        "SELECT content FROM geojson_assets WHERE level = ? AND detail = ?", [level, detail]
    ).fetchone()
    return None if row is None else str(row[0])


def geojson(level: str, detail: str) -> str | None:
    """The boundary FeatureCollection text (feature ``id`` = LG5 code), or None."""
    return _geojson(db.key(), level, detail)


# ---------------------------------------------------------------- provenance
def sources() -> list[dict[str, Any]]:
    """Every row of the ``sources`` table (what the app credits)."""
    return _rows("SELECT * FROM sources ORDER BY id")


def provenance() -> list[dict[str, Any]]:
    """Every row of ``_sources``: each input file with its checksum and row count."""
    return _rows("SELECT source_id, file, sha256, rows, publisher, licence, reference_date FROM _sources "
                 "ORDER BY source_id, file")


def meta() -> dict[str, str]:
    return {row["key"]: row["value"] for row in _rows("SELECT key, value FROM _meta ORDER BY key")}


def clear_caches() -> None:
    """Drop every per-process cache (tests that point ``db`` at another file)."""
    for fn in (_catalogue, _areas, _areas_at, _area_history, _dates, _indicator_rows, _row_positions, _values,
               _value_range,
               _latest, _latest_by_area, _latest_wide, _median_series, _dx_by_area, _geojson_index, _geojson,
               _has_table):
        fn.cache_clear()
