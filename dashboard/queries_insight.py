"""Named read-only queries behind the insight views (progress, peers, compare,
scatter); no Dash in here. Same rules as ``dashboard.queries``: bound
parameters, per-process caches keyed on ``db.key()``, shared frames read-only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

from dashboard import db, queries
from dashboard.db import DbKey


@lru_cache(maxsize=64)  # every indicator × level (18 × 2), as queries.PER_INDICATOR_LEVEL
def _series_matrix(key: DbKey, indicator_id: str, level: str) -> pd.DataFrame:
    frame = db.cursor().execute(
        "SELECT v.area_code, v.as_of, v.value FROM indicator_values v JOIN areas a ON a.code = v.area_code "
        "WHERE v.indicator_id = ? AND a.level = ? ORDER BY 1, 2", [indicator_id, level],
    ).df()
    if frame.empty:
        return pd.DataFrame(index=queries.areas(level).index, dtype="float64")
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    wide = frame.pivot(index="area_code", columns="as_of", values="value").astype("float64")
    return wide.reindex(queries.areas(level).index)


def series_matrix(indicator_id: str, level: str) -> pd.DataFrame:
    """Areas of ``level`` (code order) × dates (oldest first), NaN where the source has no value. Read-only."""
    return _series_matrix(db.key(), indicator_id, level)


@lru_cache(maxsize=4)
def _targets(key: DbKey) -> dict[str, dict[str, Any]]:
    if not db.table_exists("policy_targets"):
        return {}
    rows = db.cursor().execute("SELECT * FROM policy_targets ORDER BY target_id").df()
    return {str(r["target_id"]): dict(r) for _, r in rows.iterrows()}


def policy_target(target_id: str) -> dict[str, Any] | None:
    """One row of ``policy_targets`` (policy, measure, value, deadline, document, reference), or None."""
    return _targets(db.key()).get(target_id)


@lru_cache(maxsize=2)
def _dx_wide(key: DbKey) -> tuple[pd.DataFrame, dict[str, tuple[str, str]]]:
    if not db.table_exists("dx_measures"):
        return pd.DataFrame(), {}
    long = db.cursor().execute(
        "SELECT area_code, measure_id, label_ja, label_en, value FROM dx_measures ORDER BY measure_id, area_code"
    ).df()
    labels = {str(m): (str(ja), str(en or ja)) for m, ja, en in
              long[["measure_id", "label_ja", "label_en"]].drop_duplicates("measure_id").itertuples(index=False)}
    wide = long.pivot(index="area_code", columns="measure_id", values="value")
    # plain objects (True / False / None) and an object index: read by position on every profile click
    wide = wide.astype(object).where(wide.notna(), None)
    wide.index = pd.Index(wide.index.astype(object), dtype=object)
    wide.columns = pd.Index(wide.columns.astype(object), dtype=object)
    return wide, labels


def dx_wide() -> tuple[pd.DataFrame, dict[str, tuple[str, str]]]:
    """(areas × DX measure ids, True/False/None; measure id → (label_ja, label_en)). Read-only."""
    return _dx_wide(db.key())


def clear_caches() -> None:
    for fn in (_series_matrix, _targets, _dx_wide):
        fn.cache_clear()
