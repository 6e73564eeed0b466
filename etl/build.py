"""Build ``data/atlas.duckdb``: parse every source, validate, write atomically.

The database file is the only hand-off to the dashboard; its schema and
version live in ``layers.schema`` (the contract both sides read). This module
refuses to replace a good file with a bad one: everything is written to a
temporary file next to the target, validated, and only then moved over it
with ``os.replace`` (atomic on POSIX).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl import geocheck, provenance, validate
from etl.areas import parse_areas
from etl.model import VALUE_COLUMNS, AreaIndex, Parsed
from etl.provenance import sha256_of
from etl.sources import REGISTRY
from etl.sources.user import parse_specs
from intake.errors import InputError
from layers.model import Catalogue
from layers.registry import load_catalogue
from layers.schema import SCHEMA, SCHEMA_VERSION, indicator_row, source_row

#: The CLI sets the level (-v / -q) and counts warnings for the final summary.
log = logging.getLogger(__name__)

#: Tables created by ``SCHEMA``; any other table a parser returns is written as-is.
_FIXED_TABLES = ("areas", "boundaries", "geojson_assets", "indicator_dates")


@dataclass
class BuildReport:
    """What a build loaded, for the CLI and the benchmark to print."""

    out: Path
    row_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    #: What a person checks first: municipalities, prefectures, indicators, values, missing values.
    summary: dict[str, int] = field(default_factory=dict)


def _log_read(parsed: Parsed, seconds: float | None) -> None:
    """One line per source as it is read (file, rows, seconds); one per file with -v."""
    rows = sum(parsed.files.values())
    took = "" if seconds is None else f" in {seconds:.1f} s"
    what = next(iter(parsed.files)).name if len(parsed.files) == 1 else f"{len(parsed.files)} files"
    log.info("read %s: %s, %s rows%s", parsed.source_id, what, f"{rows:,}", took)
    for path, count in sorted(parsed.files.items()):
        log.debug("  %s: %s rows", path, f"{count:,}")


def parse_all(raw_dir: Path) -> tuple[AreaIndex, list[Parsed]]:
    """Run every registered parser; areas first because the others check against them."""
    started = time.perf_counter()
    areas, parsed = parse_areas(raw_dir)
    for first in parsed:
        _log_read(first, None)
    log.info("areas: %s rows from %d sources in %.1f s", f"{len(areas.frame):,}", len(parsed),
             time.perf_counter() - started)
    for module in REGISTRY:
        started = time.perf_counter()
        parsed.append(module.parse(raw_dir, areas))
        _log_read(parsed[-1], time.perf_counter() - started)
    return areas, parsed


def summarise(ready: Prepared) -> dict[str, int]:
    """The counts the final build line reports."""
    levels = ready.tables["areas"]["level"].value_counts()
    return {
        "municipalities": int(levels.get("municipality", 0)), "prefectures": int(levels.get("prefecture", 0)),
        "indicators": len(ready.catalogue.indicators), "values": len(ready.values),
        "missing": int(ready.values["value"].isna().sum()),
    }


@dataclass
class Prepared:
    """Everything parsed and cross-checked, ready to be written."""

    catalogue: Catalogue
    parsed: list[Parsed]
    values: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    user_sources: frozenset[str]


def prepare(raw_dir: Path, user_specs: Iterable[Path] = ()) -> Prepared:
    """Parse every shipped and user source and run the cross-source checks (``etl check``).

    The shipped files are first checked against their SOURCE.md checksums, so a
    file replaced without ``etl record`` is refused before it is read.
    """
    provenance.verify(raw_dir)
    catalogue = load_catalogue()
    areas, parsed = parse_all(raw_dir)
    user = parse_specs(user_specs, catalogue, areas, parsed)
    parsed = parsed + user.parsed
    values = collect_values(parsed)
    tables = collect_tables(parsed)
    tables["indicator_dates"] = complete_dates(values, tables.get("indicator_dates"))
    files = {p.source_id: list(p.files) for p in parsed}
    user_indicators = [i.id for i in user.catalogue.indicators.values() if i.source_id in user.source_ids]
    validate.check_all(user.catalogue, areas, values, tables, files, partial=user_indicators)
    geocheck.check(areas, parsed)
    return Prepared(user.catalogue, parsed, values, tables, frozenset(user.source_ids))


def collect_values(parsed: Iterable[Parsed]) -> pd.DataFrame:
    frames = [p.values[VALUE_COLUMNS] for p in parsed if len(p.values)]
    values = pd.concat(frames, ignore_index=True)
    values["as_of"] = pd.to_datetime(values["as_of"]).dt.date
    values["value"] = pd.to_numeric(values["value"]).astype("float64")
    return values.sort_values(["indicator_id", "area_code", "as_of"], ignore_index=True)


def collect_tables(parsed: Iterable[Parsed]) -> dict[str, pd.DataFrame]:
    tables: dict[str, list[pd.DataFrame]] = {}
    for p in parsed:
        for name, frame in p.tables.items():
            tables.setdefault(name, []).append(frame)
    return {name: pd.concat(frames, ignore_index=True) for name, frames in tables.items()}


def complete_dates(values: pd.DataFrame, declared: pd.DataFrame | None) -> pd.DataFrame:
    """One ``indicator_dates`` row per (indicator, as_of) in the values.

    A source whose publisher does not pin a date declares it (``date_certain``
    false, with the basis in Japanese and English); every other date is the
    publisher's own reference date, so it is certain. The UI reads this table
    to say "date not confirmed" instead of showing a guessed date as fact.
    """
    pairs = values[["indicator_id", "as_of"]].drop_duplicates()
    columns = ["indicator_id", "as_of", "date_certain", "basis_ja", "basis_en", "citation_ja", "citation_en"]
    if declared is None or declared.empty:
        declared = pd.DataFrame(columns=columns)
    declared = declared.assign(as_of=pd.to_datetime(declared["as_of"]).dt.date)
    stray = declared.merge(pairs, how="left", indicator=True).query("_merge == 'left_only'")
    if len(stray):
        row = stray.iloc[0]
        raise InputError(
            "indicator_dates", f"indicator '{row['indicator_id']}', {row['as_of']}", "dated but has no values"
        )
    out = pairs.merge(declared, on=["indicator_id", "as_of"], how="left", validate="one_to_one")
    out["date_certain"] = out["date_certain"].astype("boolean").fillna(True).astype(bool)
    text = {c: "string" for c in columns[3:]}
    return out[columns].astype(text).sort_values(["indicator_id", "as_of"], ignore_index=True)


def _catalogue_frames(catalogue: Catalogue, user_sources: frozenset[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``sources`` and ``indicators`` rows, through the one mapping in ``layers.schema``."""
    sources = pd.DataFrame(
        [source_row(s, "user" if s.id in user_sources else "catalogue") for s in catalogue.sources.values()]
    )
    indicators = pd.DataFrame(
        [indicator_row(i, "user" if i.source_id in user_sources else "catalogue")
         for i in catalogue.indicators.values()]
    )
    return sources, indicators


def _provenance(parsed: Iterable[Parsed], catalogue: Catalogue) -> pd.DataFrame:
    rows = []
    for p in parsed:
        source = catalogue.sources.get(p.source_id)
        for path, count in sorted(p.files.items()):
            rows.append(
                {
                    "source_id": p.source_id,
                    "file": _relative_name(path, p.source_id),
                    "sha256": sha256_of(path),
                    "rows": count,
                    "publisher": source.publisher_ja if source else "",
                    "licence": source.licence if source else "",
                    "reference_date": source.reference_date if source else "",
                }
            )
    return pd.DataFrame(rows).drop_duplicates(["source_id", "file"]).sort_values(["source_id", "file"])


def _relative_name(path: Path, source_id: str = "") -> str:
    """``<source_id>/<file>`` relative to the raw folder, so the table is machine-independent.

    Files in a source's subfolders (My Number ``static/data/<date>/``, a newer DX
    release ``<YYYYMMDD>/``) keep the subfolder, so two releases never share a name.
    """
    parts = path.resolve().parts
    if source_id in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index(source_id) :])
    return "/".join(parts[-2:]) if "static" not in parts else "/".join(parts[parts.index("static") - 1 :])


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, order: list[str] | None = None) -> None:
    """Append ``frame`` to ``table``; a refusal by DuckDB (a key given twice, a NULL) names the table."""
    con.register("_frame", frame)
    cols = ", ".join(f'"{c}"' for c in frame.columns)
    order_by = f" ORDER BY {', '.join(order)}" if order else ""
    try:
        con.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM _frame{order_by}')
    except duckdb.Error as exc:
        raise InputError("build", f"table '{table}'", _first_line(exc)) from None
    finally:
        con.unregister("_frame")


def _first_line(exc: BaseException) -> str:
    """DuckDB's message without its multi-line hints, so the refusal stays one sentence."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _create_from(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("_frame", frame)
    order = ", ".join(f'"{c}"' for c in frame.columns)  # every column: the same input gives the same file
    con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM _frame ORDER BY {order}')
    con.unregister("_frame")


def write_database(
    path: Path,
    catalogue: Catalogue,
    parsed: list[Parsed],
    values: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    user_sources: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """Write every table into a fresh file at ``path``; return row counts."""
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA)
        sources, indicators = _catalogue_frames(catalogue, user_sources)
        _insert(con, "sources", sources, ["id"])
        _insert(con, "indicators", indicators, ["id"])
        _insert(con, "areas", tables["areas"], ["code"])
        _insert(con, "indicator_values", values, ["indicator_id", "area_code", "as_of"])
        _insert(con, "boundaries", tables["boundaries"], ["area_code", "detail"])
        _insert(con, "geojson_assets", tables["geojson_assets"], ["level", "detail"])
        _insert(con, "indicator_dates", tables["indicator_dates"], ["indicator_id", "as_of"])
        _insert(con, "_sources", _provenance(parsed, catalogue), ["source_id", "file"])
        for name, frame in sorted(tables.items()):
            if name not in _FIXED_TABLES:
                _create_from(con, name, frame)
        meta = pd.DataFrame(
            [
                {"key": "schema_version", "value": SCHEMA_VERSION},
                {"key": "built_at", "value": datetime.now(UTC).isoformat(timespec="seconds")},
            ]
        )
        _insert(con, "_meta", meta, ["key"])
        counts = {
            name: int(con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])  # type: ignore[index]
            for (name,) in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()
        }
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return counts


def build(raw_dir: Path, out: Path, user_specs: Iterable[Path] = ()) -> BuildReport:
    """Parse, validate and atomically (re)place ``out``. On any error ``out`` is untouched.

    ``user_specs`` are region-provided files (``etl.sources.user``): parsed after the
    areas, their indicators join the catalogue with origin 'user'.
    """
    started = datetime.now(UTC)
    ready = prepare(raw_dir, user_specs)
    counts = write_atomically(ready, out)
    write_geojson_files(ready.tables["geojson_assets"], out.parent / "build" / "geo")
    seconds = (datetime.now(UTC) - started).total_seconds()
    return BuildReport(out=out, row_counts=counts, seconds=seconds, summary=summarise(ready))


def write_atomically(ready: Prepared, out: Path) -> dict[str, int]:
    """Write ``ready`` to a temporary file beside ``out``, check it, then move it over ``out``.

    ``os.replace`` is atomic on POSIX, so a reader (the dashboard) sees either the
    old file or the new one; any failure while writing or checking leaves ``out``
    byte-identical and removes the temporary file and its write-ahead log.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        counts = write_database(tmp, ready.catalogue, ready.parsed, ready.values, ready.tables, ready.user_sources)
        validate.check_database(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
    return counts


def write_geojson_files(assets: pd.DataFrame, folder: Path) -> list[Path]:
    """Also write the browser boundary files as plain build outputs (``<level>-<detail>.geojson``).

    The app serves them from the database (the only hand-off); these copies are for
    people who want the simplified coverage in QGIS or another tool.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for row in assets.itertuples(index=False):
        path = folder / f"{row.level}-{row.detail}.geojson"
        path.write_text(str(row.content), encoding="utf-8")
        written.append(path)
    return written


__all__ = [
    "BuildReport", "InputError", "SCHEMA_VERSION", "build", "parse_all", "prepare", "sha256_of", "write_atomically",
]
