"""Build ``data/atlas.duckdb``: parse every source, validate, write atomically.

The database file is the only hand-off to the dashboard, so this module owns
its schema (``SCHEMA_VERSION``) and refuses to replace a good file with a bad
one: everything is written to a temporary file next to the target, validated,
and only then moved over it with ``os.replace`` (atomic on POSIX).
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl import validate
from etl.areas import parse_areas
from etl.errors import InputError
from etl.model import VALUE_COLUMNS, AreaIndex, Parsed
from etl.sources import REGISTRY
from etl.sources.user import parse_specs
from layers.model import Catalogue
from layers.registry import load_catalogue

SCHEMA_VERSION = "1"
#: The CLI sets the level (-v / -q) and counts warnings for the final summary.
log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE areas(
    code TEXT PRIMARY KEY, code6 TEXT NOT NULL, level TEXT NOT NULL,
    prefecture_code TEXT NOT NULL, prefecture_name TEXT NOT NULL,
    name_ja TEXT NOT NULL, name_kana TEXT, kind TEXT, kaso_class TEXT,
    lat DOUBLE, lon DOUBLE);
CREATE TABLE sources(
    id TEXT PRIMARY KEY, publisher_ja TEXT, publisher_en TEXT, title_ja TEXT, title_en TEXT,
    url TEXT, licence TEXT, reference_date TEXT, secondary BOOLEAN, note TEXT, origin TEXT);
CREATE TABLE indicators(
    id TEXT PRIMARY KEY, label_ja TEXT NOT NULL, label_en TEXT NOT NULL,
    description_ja TEXT, description_en TEXT, unit TEXT, unit_en TEXT, category TEXT NOT NULL,
    levels TEXT NOT NULL, higher_is_better BOOLEAN NOT NULL, decimals INTEGER,
    reference_dates TEXT, time_series BOOLEAN, note_ja TEXT, note_en TEXT,
    target_id TEXT, target_value DOUBLE, target_policy TEXT, target_policy_en TEXT,
    target_deadline DATE, target_source_id TEXT, source_id TEXT NOT NULL, origin TEXT);
CREATE TABLE indicator_values(
    indicator_id TEXT NOT NULL, area_code TEXT NOT NULL, as_of DATE NOT NULL,
    value DOUBLE, note TEXT, PRIMARY KEY (indicator_id, area_code, as_of));
CREATE TABLE boundaries(
    area_code TEXT NOT NULL, detail TEXT NOT NULL, geometry BLOB NOT NULL,
    PRIMARY KEY (area_code, detail));
CREATE TABLE geojson_assets(
    level TEXT NOT NULL, detail TEXT NOT NULL, content TEXT NOT NULL, sha256 TEXT NOT NULL,
    PRIMARY KEY (level, detail));
CREATE TABLE _sources(
    source_id TEXT NOT NULL, file TEXT NOT NULL, sha256 TEXT NOT NULL, rows BIGINT,
    publisher TEXT, licence TEXT, reference_date TEXT);
CREATE TABLE _meta(key TEXT PRIMARY KEY, value TEXT);
"""

#: Tables created by ``SCHEMA``; any other table a parser returns is written as-is.
_FIXED_TABLES = ("areas", "boundaries", "geojson_assets")


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
    for module_name in REGISTRY:
        started = time.perf_counter()
        module = importlib.import_module(module_name)
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
    """Parse every shipped and user source and run the cross-source checks (``etl check``)."""
    catalogue = load_catalogue()
    areas, parsed = parse_all(raw_dir)
    user = parse_specs(user_specs, catalogue, areas, parsed)
    parsed = parsed + user.parsed
    values = collect_values(parsed)
    tables = collect_tables(parsed)
    validate.check_all(user.catalogue, areas, values, tables)
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


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _catalogue_frames(catalogue: Catalogue, user_sources: frozenset[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    sources = pd.DataFrame(
        [
            {
                "id": s.id, "publisher_ja": s.publisher_ja, "publisher_en": s.publisher_en,
                "title_ja": s.title_ja, "title_en": s.title_en, "url": s.url, "licence": s.licence,
                "reference_date": s.reference_date, "secondary": s.secondary, "note": s.note,
                "origin": "user" if s.id in user_sources else "catalogue",
            }
            for s in catalogue.sources.values()
        ]
    )
    indicators = pd.DataFrame(
        [
            {
                "id": i.id, "label_ja": i.label_ja, "label_en": i.label_en,
                "description_ja": i.description_ja, "description_en": i.description_en,
                "unit": i.unit, "unit_en": i.unit_en, "category": i.category, "levels": ",".join(i.levels),
                "higher_is_better": i.higher_is_better, "decimals": i.decimals,
                "reference_dates": ",".join(i.reference_dates), "time_series": i.time_series,
                "note_ja": i.note_ja, "note_en": i.note_en,
                "target_id": i.target.target_id if i.target else None,
                "target_value": i.target.value if i.target else None,
                "target_policy": i.target.policy_ja if i.target else None,
                "target_policy_en": i.target.policy_en if i.target else None,
                "target_deadline": i.target.deadline if i.target else None,
                "target_source_id": i.target.source_id if i.target else None,
                "source_id": i.source_id,
                "origin": "user" if i.source_id in user_sources else "catalogue",
            }
            for i in catalogue.indicators.values()
        ]
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
                    "file": _relative_name(path),
                    "sha256": sha256_of(path),
                    "rows": count,
                    "publisher": source.publisher_ja if source else "",
                    "licence": source.licence if source else "",
                    "reference_date": source.reference_date if source else "",
                }
            )
    return pd.DataFrame(rows).drop_duplicates(["source_id", "file"]).sort_values(["source_id", "file"])


def _relative_name(path: Path) -> str:
    """``<source_id>/<file>`` relative to the raw folder, so the table is machine-independent."""
    parts = path.resolve().parts
    return "/".join(parts[-2:]) if "static" not in parts else "/".join(parts[parts.index("static") - 1 :])


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, order: list[str] | None = None) -> None:
    con.register("_frame", frame)
    cols = ", ".join(f'"{c}"' for c in frame.columns)
    order_by = f" ORDER BY {', '.join(order)}" if order else ""
    con.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM _frame{order_by}')
    con.unregister("_frame")


def _create_from(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("_frame", frame)
    order = ", ".join(f'"{c}"' for c in frame.columns if frame[c].dtype != object or True)
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
    write_geojson_files(ready.tables["geojson_assets"], out.parent / "build" / "geo")
    seconds = (datetime.now(UTC) - started).total_seconds()
    return BuildReport(out=out, row_counts=counts, seconds=seconds, summary=summarise(ready))


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


__all__ = ["BuildReport", "InputError", "SCHEMA_VERSION", "build", "parse_all", "prepare"]
