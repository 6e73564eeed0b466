"""The database contract: its tables, its version, and the one catalogue ↔ row mapping.

The DuckDB file is the only hand-off between the ETL and the dashboard, so
both read this module instead of spelling columns out by hand. The
``sources`` and ``indicators`` tables are *derived* from the ``Source`` and
``Indicator`` dataclasses: a new field in ``layers.model`` is a new column
here, written by ``indicator_row`` and read back by ``indicator_from_row``
(which re-validates it with the catalogue's own parser, so an unknown
category or role, or a missing column, is an error rather than a silent
default). Any change to the tables bumps ``SCHEMA_VERSION``; the app's
``/healthz`` refuses a file of another version (pudl derives its tables from
metadata the same way).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from layers.model import Indicator, Source, Target
from layers.registry import CatalogueError, parse_indicator, parse_source

#: Version 2: indicators.role, plausible range, target measure; target_policy → target_policy_ja.
#: Version 3: indicator_dates (whether each value date is pinned by its publisher).
#: Version 4: areas.name_en and areas.name_en_source (English names, NULL where no reading is published).
#: Version 5: indicators.aspect (availability or use of online procedures; NULL elsewhere).
#: Version 6: sources.reference_date_en (a reference date written in Japanese, in English: 「2022年度」 FY2022).
SCHEMA_VERSION = "6"

#: Where a catalogue row came from: the shipped TOML or a region's user spec (``etl.sources.user``).
Origin = Literal["catalogue", "user"]


@dataclass(frozen=True)
class Column:
    """One column of a catalogue table: its name, SQL type, and the dataclass field it stores."""

    name: str
    sql: str
    field: str  # field of the dataclass, or "target.<field>" for a flattened target
    required: bool
    is_tuple: bool = False


def _sql_type(hint: Any) -> tuple[str, bool]:
    """SQL type and whether it is a comma-joined tuple, from a field's type hint."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    base = args[0] if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1 else hint
    if typing.get_origin(base) is tuple:
        return "TEXT", True
    if typing.get_origin(base) is Literal or base is str:
        return "TEXT", False
    found = {bool: "BOOLEAN", int: "INTEGER", float: "DOUBLE", date: "DATE"}.get(base)
    if found is None:
        raise TypeError(f"no SQL type for {hint!r}")  # a new kind of field needs a rule here
    return found, False


def _columns(cls: type, prefix: str = "") -> list[Column]:
    hints = typing.get_type_hints(cls)
    columns: list[Column] = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING and not prefix
        if Target in typing.get_args(hint):
            columns += _columns(Target, prefix="target.")
            continue
        sql, is_tuple = _sql_type(hint)
        name = f.name if not prefix or f.name.startswith("target_") else f"target_{f.name}"
        columns.append(Column(name, sql, prefix + f.name, required, is_tuple))
    return columns


SOURCE_COLUMNS: tuple[Column, ...] = tuple(_columns(Source))
INDICATOR_COLUMNS: tuple[Column, ...] = tuple(_columns(Indicator))


def _table_ddl(table: str, columns: tuple[Column, ...]) -> str:
    parts = [f"{c.name} {c.sql}{' PRIMARY KEY' if c.name == 'id' else ' NOT NULL' if c.required else ''}"
             for c in columns]
    return f"CREATE TABLE {table}(\n    " + ",\n    ".join([*parts, "origin TEXT NOT NULL"]) + ");"


SCHEMA = "\n".join([
    """CREATE TABLE areas(
    code TEXT PRIMARY KEY, code6 TEXT NOT NULL, level TEXT NOT NULL,
    prefecture_code TEXT NOT NULL, prefecture_name TEXT NOT NULL,
    name_ja TEXT NOT NULL, name_kana TEXT, name_en TEXT, name_en_source TEXT, kind TEXT, kaso_class TEXT,
    lat DOUBLE, lon DOUBLE);""",
    _table_ddl("sources", SOURCE_COLUMNS),
    _table_ddl("indicators", INDICATOR_COLUMNS),
    """CREATE TABLE indicator_values(
    indicator_id TEXT NOT NULL, area_code TEXT NOT NULL, as_of DATE NOT NULL,
    value DOUBLE, note TEXT, PRIMARY KEY (indicator_id, area_code, as_of));
CREATE TABLE boundaries(
    area_code TEXT NOT NULL, detail TEXT NOT NULL, level TEXT NOT NULL,
    has_statistics BOOLEAN NOT NULL, geometry BLOB NOT NULL,
    PRIMARY KEY (area_code, detail));
CREATE TABLE geojson_assets(
    level TEXT NOT NULL, detail TEXT NOT NULL, content TEXT NOT NULL, sha256 TEXT NOT NULL,
    PRIMARY KEY (level, detail));
CREATE TABLE indicator_dates(
    indicator_id TEXT NOT NULL, as_of DATE NOT NULL, date_certain BOOLEAN NOT NULL,
    basis_ja TEXT, basis_en TEXT, citation_ja TEXT, citation_en TEXT,
    PRIMARY KEY (indicator_id, as_of));
CREATE TABLE _sources(
    source_id TEXT NOT NULL, file TEXT NOT NULL, sha256 TEXT NOT NULL, rows BIGINT,
    publisher TEXT, licence TEXT, reference_date TEXT);
CREATE TABLE _meta(key TEXT PRIMARY KEY, value TEXT);""",
])


# ------------------------------------------------------------------ writing
def _row(obj: object, columns: tuple[Column, ...], origin: Origin) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for col in columns:
        holder, _, name = col.field.rpartition(".")
        owner = getattr(obj, holder) if holder else obj
        value = None if owner is None else getattr(owner, name)
        row[col.name] = ",".join(value or ()) if col.is_tuple else value
    return {**row, "origin": origin}


def source_row(source: Source, origin: Origin) -> dict[str, Any]:
    """The ``sources`` row of a validated source."""
    return _row(source, SOURCE_COLUMNS, origin)


def indicator_row(indicator: Indicator, origin: Origin) -> dict[str, Any]:
    """The ``indicators`` row of a validated indicator (``target_*`` NULL when it has no target)."""
    return _row(indicator, INDICATOR_COLUMNS, origin)


# ------------------------------------------------------------------ reading
def _entry(row: Mapping[str, Any], columns: tuple[Column, ...], table: str) -> dict[str, Any]:
    """The catalogue-shaped entry (as in TOML) of a row; a missing column means another schema."""
    missing = [c.name for c in columns if c.name not in row]
    if missing:
        raise CatalogueError(
            f"database table '{table}' has no column '{missing[0]}' (schema version {SCHEMA_VERSION} expected): "
            "rebuild it with `python -m etl build`"
        )
    entry: dict[str, Any] = {}
    for col in columns:
        value = row[col.name]
        if value is None:
            continue
        if col.is_tuple:
            value = [part for part in str(value).split(",") if part]
        holder, _, name = col.field.rpartition(".")
        (entry.setdefault(holder, {}) if holder else entry)[name] = value
    if "target" in entry and entry["target"].get("target_id") is None:
        del entry["target"]
    return entry


def source_from_row(row: Mapping[str, Any]) -> Source:
    """A ``Source`` from its row, validated like a catalogue entry."""
    return parse_source(str(row.get("id")), _entry(row, SOURCE_COLUMNS, "sources"), "database table 'sources'")


def indicator_from_row(row: Mapping[str, Any]) -> Indicator:
    """An ``Indicator`` from its row, validated like a catalogue entry (unknown category/role: error)."""
    return parse_indicator(str(row.get("id")), _entry(row, INDICATOR_COLUMNS, "indicators"),
                           "database table 'indicators'")
