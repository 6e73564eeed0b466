"""The pages' read model: queries + metrics, cached per process.

Callbacks stay thin by asking this module for everything one map view
draws and says in one call (``view_data``: rows, colour range, dates,
source, framing), and for valid options (``state_options``). Everything
is keyed on ``db.key()`` so a rebuilt database is picked up without a
restart, and nothing is computed twice per process.

An indicator the user uploaded in this browser session (``dashboard.userlayer``)
is answered from that layer instead, by the same functions, and never cached:
the server keeps nothing of an upload between requests. The layer is an
argument: a callback decodes the session store once (``load_upload``), and the
``ViewState`` parsed with ``state_options(layer)`` carries it (``state.upload``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd

from dashboard import db, geo, i18n, metrics, placenames, queries, references, residents, usagebasis, userlayer
from dashboard.db import DbKey
from dashboard.geo import Bounds
from dashboard.i18n import t
from dashboard.state import (
    DEFAULT_INDICATOR,
    IndicatorOption,
    StateOptions,
    ViewState,
    from_store,
    prefecture_code,
    url_prefecture,
)
from intake import AreaMatcher
from layers.model import Indicator, Source

#: Framing of the national map when no boundary asset is available (Japan incl. Okinawa).
JAPAN = Bounds(122.9, 24.0, 146.0, 45.6)


def url_prefectures() -> frozenset[str]:
    """Every prefecture in its URL form (``state.url_prefecture``): what ``?pref=`` may say, on every page."""
    return frozenset(url_prefecture(code) for code in queries.prefectures()["code"])


@lru_cache(maxsize=4)
def _options(key: DbKey) -> StateOptions:
    cat = queries.catalogue()
    areas = queries.areas()
    today = date.today()
    indicators = {i.id: IndicatorOption.of(i, today) for i in cat.indicators.values()}
    default = DEFAULT_INDICATOR if DEFAULT_INDICATOR in indicators else next(iter(indicators))
    return StateOptions(
        indicators=indicators,
        prefectures=url_prefectures(),
        area_levels=dict(zip(areas["code"], areas["level"], strict=True)),
        dates=queries.dates,
        default_indicator=default,
    )


@lru_cache(maxsize=4)
def _build_id(key: DbKey) -> str:
    built = queries.meta().get("built_at", "")
    return f"{key.path}|{key.inode}|{key.mtime_ns}|{built}"


def build_id() -> str:
    """Which build of the database this process serves (file identity and ``_meta.built_at``):
    part of every shared cache key (``dashboard.cache``), so a rebuild is never answered from the old one."""
    return _build_id(db.key())


def state_options(upload: userlayer.UserLayer | None = None) -> StateOptions:
    """Valid view state: the catalogue's indicators, plus those of ``upload`` (this request's session file)."""
    base = _options(db.key())
    return base if upload is None else userlayer.extend_options(base, upload)


def load_upload(payload: Any) -> userlayer.UserLayer | None:
    """The session store's upload, decoded and re-checked against the official areas (None when absent)."""
    return None if payload is None else userlayer.decode(payload, _options(db.key()).area_levels)


def view_state(view: Any, upload: Any = None) -> ViewState:
    """The one parse of a callback's inputs: the view store (client data, validated again) with the
    session's upload store, so the returned state carries the decoded layer (``state.upload``)."""
    stored = view.get("state") if isinstance(view, dict) else None
    return from_store(stored, state_options(load_upload(upload)))


def indicator(indicator_id: str, upload: userlayer.UserLayer | None = None) -> Indicator:
    """The catalogue's indicator, or the uploaded one of ``upload``."""
    if upload is not None and indicator_id in upload.indicators:
        return upload.indicators[indicator_id]
    return queries.catalogue().indicator(indicator_id)


def source(ind: Indicator, upload: userlayer.UserLayer | None = None) -> Source | None:
    """Whom to credit for ``ind``: its catalogue source, or the declared one of ``upload``."""
    if upload is not None and ind.id in upload.indicators:
        return upload.source
    return queries.catalogue().sources.get(ind.source_id)


@lru_cache(maxsize=2)
def _matcher(key: DbKey) -> AreaMatcher:
    return AreaMatcher(queries.areas(), queries.area_history())


def matcher() -> AreaMatcher:
    """Official areas and the merger history, ready to match an uploaded file's codes and names."""
    return _matcher(db.key())


def population(level: str) -> pd.Series:
    wide = queries.latest_wide(level)
    return wide["population"] if "population" in wide else pd.Series(dtype="float64")


@lru_cache(maxsize=256)
def _map_frame(key: DbKey, ind_id: str, level: str, as_of: str, rule: str, threshold: int, lang: str,
               cutoff: float | None = None) -> pd.DataFrame:
    ind = queries.catalogue().indicator(ind_id)
    reason = t("no_row", lang) + (f"（{ind.note_ja}）" if lang == "ja" and ind.note_ja else "")
    if lang == "en" and ind.note_en:
        reason += f" ({ind.note_en})"
    frame = metrics.map_frame(
        queries.values(ind_id, level, as_of), queries.areas(level),
        residents.population_at(ind_id, as_of, population(level)),  # the date's own residents (dashdata)
        ind, rule, threshold, reason, cutoff,
    )
    frame["basis"] = usagebasis.texts(ind_id, as_of, frame["code"], frame["value"], lang)  # dashdata
    notes = {n: i18n.note_text(n, lang) for n in frame["note"].dropna().unique()}
    frame["note"] = frame["note"].map(lambda n: notes.get(n, n) if isinstance(n, str) else n)
    return placenames.localise(frame, lang)  # names in the reader's language (english)


def _upload_frame(layer: userlayer.UserLayer, state: ViewState, as_of: str) -> pd.DataFrame:
    ind = layer.indicators[state.indicator]
    areas = queries.areas(state.level)
    values = layer.area_values(state.indicator, as_of, areas.index)
    reason = t("no_row_upload", state.lang)
    frame = metrics.map_frame(values, areas, population(state.level), ind, state.rule, state.threshold, reason,
                              state.cutoff)
    return placenames.localise(frame, state.lang)


def _frame(state: ViewState) -> pd.DataFrame:
    """Everything the map, summary and tables show for ``state`` (one row per area). Read-only."""
    layer = state.upload
    if state.date is not None and layer is not None and state.indicator in layer.indicators:
        return _upload_frame(layer, state, state.date)
    if state.date is None:
        frame = queries.areas(state.level)[["code", "name_ja", "prefecture_code", "prefecture_name", "kaso_class"]]
        empty = frame.rename(columns={"name_ja": "name"}).assign(
            value=float("nan"), note=t("no_row", state.lang), lagging=False, gap=float("nan"),
            rank_national=pd.NA, rank_pref=pd.NA, population=float("nan"),
        )
        return placenames.localise(empty, state.lang)
    return _map_frame(db.key(), state.indicator, state.level, state.date, state.rule, state.threshold, state.lang,
                      state.cutoff)


def _scale(state: ViewState, dates: tuple[str, ...], frame: pd.DataFrame) -> tuple[float, ...]:
    """The values that set the colour range of ``state``'s map.

    A time series (more than one date) is coloured on one range over every
    date, so the slider shows change (the My Number rise from ~8 % to ~78 %)
    rather than re-stretching each year; one date is coloured on the national
    values of that date (a prefecture view keeps the national scale).
    """
    layer = state.upload
    if len(dates) > 1:
        if layer is not None and state.indicator in layer.indicators:
            v = layer.values
            rows = v.loc[(v["indicator_id"] == state.indicator) & (v["level"] == state.level), "value"].dropna()
            found = (float(rows.min()), float(rows.max())) if len(rows) else None
        else:
            found = queries.value_range(state.indicator, state.level)
        if found is not None:
            return found
    return tuple(float(v) for v in frame["value"])


@lru_cache(maxsize=8)
def _feature_bounds(key: DbKey, level: str) -> dict[str, Bounds]:
    text = queries.geojson(level, "overview")
    return {} if text is None else geo.feature_bounds(text)


def bounds(level: str, pref: str | None) -> Bounds:
    """Map extent for the level, or for one prefecture (its areas outside the insets)."""
    found = _framing(db.key(), level, pref)
    return found.main if found is not None else JAPAN.padded(0.02)


@lru_cache(maxsize=128)
def _framing(key: DbKey, level: str, pref: str | None) -> geo.Framing | None:
    """The main frame and the remote-island insets of a view (``geo.framing``); None without boundaries."""
    boxes = _feature_bounds(key, level)
    if pref:
        members = queries.areas(level, prefecture_code(pref)).index
        found = geo.framing({c: boxes[c] for c in members if c in boxes})
        if found is not None:
            return found
    whole = geo.union(boxes.values())
    return None if whole is None else geo.Framing(whole.padded(0.02))


@lru_cache(maxsize=128)
def _insets(key: DbKey, level: str, pref: str) -> tuple[InsetFrame, ...]:
    """Remote island groups of a prefecture view, each in a corner the prefecture leaves empty."""
    found = _framing(key, level, pref)
    if found is None or not found.insets:
        return ()
    boxes = _feature_bounds(key, level)
    inset_codes = {c for codes, _ in found.insets for c in codes}
    occupied = [boxes[c] for c in queries.areas(level, prefecture_code(pref)).index
                if c in boxes and c not in inset_codes]
    domains = geo.inset_domains(found.main.framed(), occupied, len(found.insets))
    return tuple(InsetFrame(codes, box, domain) for (codes, box), domain in zip(found.insets, domains, strict=True))


def _frame_bounds(state: ViewState, shown: pd.DataFrame) -> Bounds:
    """The view's frame: the prefecture's, or for a session upload the areas it has values for.

    A 10-row upload on the national frame showed 1,731 grey municipalities and
    ten coloured specks (issue 9 §7): the map zooms to where the data is.
    """
    if state.pref or not userlayer.is_upload_id(state.indicator):
        return bounds(state.level, state.pref)
    boxes = _feature_bounds(db.key(), state.level)
    have = [boxes[c] for c in shown.loc[shown["value"].notna(), "code"] if c in boxes]
    found = geo.core_union(have)
    return found.padded(0.08) if found is not None else bounds(state.level, None)


@dataclass(frozen=True)
class InsetFrame:
    """Where a group of remote islands is drawn: its codes, its box, its corner (x0, x1, y0, y1) of the map."""

    codes: tuple[str, ...]
    bounds: Bounds
    domain: tuple[float, float, float, float]


@dataclass(frozen=True)
class ViewData:
    """Everything one map view draws and says, read in one call (``view_data``), for page and export alike.

    ``frame`` has the national rows (ranks and the colour range are national);
    ``shown`` the rows drawn in colour (one prefecture's, or all). ``areas`` and
    ``prefectures`` are the shared area tables (names, 団体コード, label points).
    The frames are shared between requests: read them, never change them.
    Equality and hash are the state's: everything else is read for it from one
    database, so a figure cache can key on the view (``pages.map_view``).
    """

    state: ViewState
    indicator: Indicator = field(compare=False)
    source: Source | None = field(compare=False)
    extra_sources: tuple[Source, ...] = field(compare=False)  # the target's and reference lines' (cited too)
    dates: tuple[str, ...] = field(compare=False)
    frame: pd.DataFrame = field(compare=False)
    shown: pd.DataFrame = field(compare=False)
    scale: tuple[float, ...] = field(compare=False)
    bounds: Bounds = field(compare=False)
    insets: tuple[InsetFrame, ...] = field(compare=False)
    areas: pd.DataFrame = field(compare=False)
    prefectures: pd.DataFrame = field(compare=False)


def _read(state: ViewState) -> ViewData:
    ind = indicator(state.indicator, state.upload)
    dates = state_options(state.upload).dates(state.indicator, state.level)
    frame = _frame(state)
    shown = queries.in_prefecture(frame, state.pref_code)
    insets = _insets(db.key(), state.level, state.pref) if state.pref else ()
    uploaded = state.upload is not None and ind.id in state.upload.indicators
    extra = tuple(references.extra_sources(ind)) if uploaded else _extra_sources(db.key(), ind.id)
    return ViewData(state, ind, source(ind, state.upload), extra, dates, frame, shown, _scale(state, dates, frame),
                    _frame_bounds(state, shown), insets, queries.areas(state.level), queries.prefectures())


@lru_cache(maxsize=64)
def _extra_sources(key: DbKey, ind_id: str) -> tuple[Source, ...]:
    return tuple(references.extra_sources(queries.catalogue().indicator(ind_id)))  # once per indicator


@lru_cache(maxsize=256)
def _cached_read(key: DbKey, state: ViewState) -> ViewData:
    return _read(state)


def view_data(state: ViewState) -> ViewData:
    """What the map page and the exports need for ``state``, from one call.

    Catalogue views are computed once per worker and database (the selected
    area is not part of the key: choosing one re-reads nothing); a session
    upload's view is computed afresh every time and never kept, nor is the
    upload a catalogue view's state carries.
    """
    if state.upload is not None and state.indicator in state.upload.indicators:
        return _read(state)
    return replace(_cached_read(db.key(), replace(state, area=None, upload=None)), state=state)  # keeps no upload


def asset_name(level: str, detail: str) -> str | None:
    """Content-hashed file name of a boundary asset; falls back to the other detail if one is absent."""
    index = queries.geojson_index()
    for wanted in (detail, "overview", "detailed"):
        if (level, wanted) in index:
            return geo.asset_name(level, wanted, index[(level, wanted)])
    return None


@lru_cache(maxsize=8)
def _gzipped_asset(key: DbKey, level: str, detail: str) -> tuple[bytes, str] | None:
    text = queries.geojson(level, detail)
    if text is None:
        return None
    return geo.gzipped(text), queries.geojson_index()[(level, detail)]


def gzipped_asset(level: str, detail: str) -> tuple[bytes, str] | None:
    """(gzip bytes, sha256) of a boundary asset, compressed once per process."""
    return _gzipped_asset(db.key(), level, detail)


@lru_cache(maxsize=4)
def _similarity(key: DbKey) -> pd.DataFrame:
    return metrics.similarity_matrix(queries.latest_wide("municipality"))


def similar(code: str, k: int = 5) -> pd.Series:
    """Nearest municipalities by the documented method (``metrics.similarity_matrix``)."""
    return metrics.similar(_similarity(db.key()), code, k)


@lru_cache(maxsize=64)
def _medians(key: DbKey, level: str) -> tuple[pd.Series, pd.DataFrame]:
    wide = queries.latest_wide(level)
    pref = queries.areas(level)["prefecture_code"]
    return wide.median(), wide.groupby(pref).median()


def medians(level: str) -> tuple[pd.Series, pd.DataFrame]:
    """(national median per indicator, prefecture × indicator medians) at the latest dates."""
    return _medians(db.key(), level)


@lru_cache(maxsize=32)
def _standings(key: DbKey, level: str) -> pd.DataFrame:
    wide = queries.latest_wide(level)
    cat = queries.catalogue()
    return pd.DataFrame({i: metrics.standing(wide[i], cat.indicator(i)) for i in wide.columns}, index=wide.index)


def standings(level: str) -> pd.DataFrame:
    """Direction-aware national percentile (0 worst … 1 best) of every area for every indicator."""
    return _standings(db.key(), level)


def warm() -> int:
    """Fill this process's caches for every indicator's default view, so no first click pays for them.

    Called once per worker after the fork (``server.warm_up``; gunicorn's
    ``post_worker_init``), in a background thread. Per indicator and level:
    the map frame in both languages, the profile's national and prefecture
    median series and, for an outcome, the nationwide with/without table of
    the peers section; then the profile's per-area index, medians, standings
    and the similar-municipality matrix. Returns how many views were warmed.
    """
    from dashboard import insight_service
    from dashboard.state import parse_query

    options = state_options()
    warmed = 0
    for ind_id, opt in options.indicators.items():
        for level in opt.levels:
            for lang in ("ja", "en"):
                state = parse_query({"indicator": ind_id, "level": level, "lang": lang}, options)
                if state.indicator != ind_id or state.date is None:
                    continue
                view_data(state)
                warmed += 1
            queries.median_series(ind_id, level)
            if level == "municipality" and state.date is not None and queries.catalogue().indicator(ind_id).can_lag:
                insight_service.success(ind_id, state.date)
    for level in ("municipality", "prefecture"):
        queries.latest_for_area(level, "")
        medians(level)
        standings(level)
    _similarity(db.key())
    return warmed
