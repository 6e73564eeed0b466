"""A file the user uploaded in this browser session, as a layer over the catalogue.

The upload lives only in the browser: a ``dcc.Store`` with
``storage_type="session"`` holds the matched values and the declarations
(``to_payload``), and nothing is kept on the server. Every callback that
shows a view receives the store as ``State`` and decodes it once
(``service.load_upload``: it is client data, so ``decode`` re-checks it).
The decoded layer is then passed down explicitly: ``service.state_options(layer)``
is the catalogue of this one request, and the ``ViewState`` parsed with it
carries the layer (``state.upload``), so an uploaded indicator (id
``upload:<digest>:<id>``) flows through the same state validation,
``metrics.map_frame``, figure builders, ranking and exports as a built-in
one. No state is hidden in the process: what a function answers depends only
on its arguments.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd

from dashboard.state import IndicatorOption, StateOptions
from intake.cells import ABSOLUTE_BOUND
from layers.model import LEVELS, Indicator, Source
from layers.registry import CatalogueError, parse_indicator, parse_source

PREFIX = "upload:"
PAYLOAD_VERSION = 1
#: Values a session may hold: the store travels with every map callback, so it stays small
#: (20,000 values ≈ 500 KB of JSON: ten dates of every municipality). Larger sets belong in the ETL.
MAX_VALUES = 20_000
MAX_INDICATORS = 12
_ID = re.compile(r"^upload:[0-9a-f]{8}:[a-z][a-z0-9_]{1,62}$")
_MAX_TEXT = 400


@dataclass(frozen=True)
class UserLayer:
    """The decoded upload: its source, its indicators (by upload id, file order) and their values.

    ``values`` columns: indicator_id, area_code, level, as_of (ISO text), value (NaN = missing), note.
    """

    file: str
    source: Source
    indicators: Mapping[str, Indicator]
    values: pd.DataFrame

    def dates(self, indicator_id: str, level: str) -> tuple[str, ...]:
        """ISO dates with at least one value at ``level``, oldest first (as ``queries.dates``)."""
        v = self.values
        rows = v[(v["indicator_id"] == indicator_id) & (v["level"] == level) & v["value"].notna()]
        return tuple(sorted(set(rows["as_of"])))

    def area_values(self, indicator_id: str, as_of: str, index: pd.Index) -> pd.DataFrame:
        """One row per area in ``index`` (code order): code, value (NaN = no row), note (as ``queries.values``)."""
        v = self.values
        rows = v[(v["indicator_id"] == indicator_id) & (v["as_of"] == as_of)].set_index("area_code")
        frame = pd.DataFrame({"code": index, "value": rows["value"].reindex(index).astype("float64")}, index=index)
        note = rows["note"].reindex(index).astype(object)
        frame["note"] = note.where(note.notna(), None)
        return frame


def is_upload_id(indicator_id: object) -> bool:
    return isinstance(indicator_id, str) and indicator_id.startswith(PREFIX)


def upload_id(digest: str, local_id: str) -> str:
    return f"{PREFIX}{digest[:8]}:{local_id}"


# ------------------------------------------------------------------ payload
def digest_of(document: Mapping[str, Any], values: pd.DataFrame) -> str:
    """Content hash: a new file (or new form answers) gets new ids, so no panel shows a stale view."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    rows = values[["indicator_id", "area_code", "as_of", "value", "note"]].astype(str).to_csv(index=False)
    return hashlib.sha256((text + rows).encode("utf-8")).hexdigest()


def to_payload(file: str, document: Mapping[str, Any], values: pd.DataFrame) -> dict[str, Any]:
    """The session store's JSON: the catalogue document of one source and its values, grouped by date.

    ``document`` is ``{"sources": {id: entry}, "indicators": {local id: entry}}`` (the catalogue's
    shape, as ``intake`` produces it); ``values`` has the ``intake`` columns.
    """
    digest = digest_of(document, values)
    ((source_id, source_entry),) = document["sources"].items()
    indicators = []
    for local_id, entry in document["indicators"].items():
        rows = values[values["indicator_id"] == local_id]
        data: dict[str, dict[str, list[Any]]] = {}
        for as_of, group in rows.groupby(rows["as_of"].map(str), sort=True):
            data[str(as_of)] = {
                "codes": [str(c) for c in group["area_code"]],
                "values": [None if math.isnan(v) else float(v) for v in group["value"]],
                "notes": [n if isinstance(n, str) else None for n in group["note"]],
            }
        indicators.append({"id": upload_id(digest, local_id), "entry": _jsonable(entry), "data": data})
    source = {"id": source_id, **_jsonable(source_entry)}
    return {"v": PAYLOAD_VERSION, "file": file, "source": source, "indicators": indicators}


def _jsonable(entry: Mapping[str, Any]) -> dict[str, Any]:
    text = json.dumps(dict(entry), default=lambda o: o.isoformat() if isinstance(o, date) else str(o))
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _text(value: Any, limit: int = _MAX_TEXT) -> str | None:
    return value[:limit] if isinstance(value, str) else None


def _rows(data: Any, upload: str, area_levels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Rows of one indicator; anything malformed is dropped (the store is client data)."""
    if not isinstance(data, dict):
        return []
    rows: list[dict[str, Any]] = []
    for as_of, group in data.items():
        try:
            iso = date.fromisoformat(as_of).isoformat() if isinstance(as_of, str) and len(as_of) == 10 else None
        except ValueError:
            iso = None
        codes, values, notes = (group.get(k) if isinstance(group, dict) else None for k in ("codes", "values", "notes"))
        if iso is None or not all(isinstance(x, list) for x in (codes, values, notes)):
            continue
        for code, value, note in zip(codes, values, notes, strict=False):  # type: ignore[arg-type]
            number = isinstance(value, int | float) and not isinstance(value, bool)
            ok = value is None or (number and abs(value) <= ABSOLUTE_BOUND)  # False for NaN and ±inf too
            if isinstance(code, str) and code in area_levels and ok:
                rows.append({"indicator_id": upload, "area_code": code, "level": area_levels[code], "as_of": iso,
                             "value": math.nan if value is None else float(value), "note": _text(note, 200)})
    return rows


def _indicator(item: Any, source_id: str, area_levels: Mapping[str, str]) -> tuple[Indicator, list[dict[str, Any]]]:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not _ID.match(item["id"]):
        raise ValueError("bad indicator id")
    entry = item.get("entry")
    if not isinstance(entry, dict) or not isinstance(entry.get("decimals"), int) or not 0 <= entry["decimals"] <= 6:
        raise ValueError("bad indicator entry")  # decimals also sizes number formatting: keep it small
    entry = {k: v[:_MAX_TEXT] if isinstance(v, str) else v for k, v in entry.items()}
    rows = _rows(item.get("data"), item["id"], area_levels)
    present = [r for r in rows if not math.isnan(r["value"])]
    levels = tuple(lv for lv in LEVELS if any(r["level"] == lv for r in present))
    dates = sorted({r["as_of"] for r in present})
    entry = {**entry, "source_id": source_id, "levels": list(levels), "reference_dates": dates,
             "time_series": len(dates) > 1}
    if isinstance(entry.get("target"), dict):
        entry["target"] = {**entry["target"], "source_id": source_id}
    ind = parse_indicator(item["id"].rsplit(":", 1)[1], entry, "upload")
    return replace(ind, id=item["id"]), rows


def decode(payload: Any, area_levels: Mapping[str, str]) -> UserLayer | None:
    """The layer in a session store, re-checked like any client data; None when absent or malformed."""
    if not isinstance(payload, dict) or payload.get("v") != PAYLOAD_VERSION:
        return None
    items = payload.get("indicators")
    source = payload.get("source")
    if not isinstance(items, list) or not 0 < len(items) <= MAX_INDICATORS or not isinstance(source, dict):
        return None
    try:
        src = parse_source("upload", {k: _text(v) if k != "secondary" else v for k, v in source.items()}, "upload")
        decoded = [_indicator(item, src.id, area_levels) for item in items]
    except (CatalogueError, TypeError, ValueError, KeyError):
        return None  # levels empty (no matched values) or a tampered declaration
    rows = [r for _, ind_rows in decoded for r in ind_rows]
    if len(rows) > MAX_VALUES:
        return None
    columns = ["indicator_id", "area_code", "level", "as_of", "value", "note"]
    values = pd.DataFrame(rows, columns=columns).astype({"value": "float64"})
    return UserLayer(
        file=_text(payload.get("file"), 200) or "",
        source=src,
        indicators={ind.id: ind for ind, _ in decoded},
        values=values,
    )


# ------------------------------------------------------------ this request
def extend_options(base: StateOptions, layer: UserLayer) -> StateOptions:
    """The catalogue of one request: ``base`` with the layer's indicators added (their dates from the layer).

    The options carry the layer, so a state parsed with them carries it too (``ViewState.upload``).
    """
    today = date.today()
    added = {i: IndicatorOption.of(ind, today) for i, ind in layer.indicators.items()}

    def dates(indicator_id: str, level: str) -> tuple[str, ...]:
        return layer.dates(indicator_id, level) if indicator_id in layer.indicators else base.dates(indicator_id, level)

    return replace(base, indicators={**base.indicators, **added}, dates=dates, upload=layer)
