"""The spec file that describes a user's table (TOML, kept next to the data).

A prefecture's own survey, an e-Stat download or a ministry table all differ
in encoding, header rows and how areas are written; the spec says so once
instead of the user editing the file. Its ``[source]`` and
``[indicators.<id>]`` tables are turned into the catalogue's own format and
checked by ``layers.registry`` exactly like the shipped entries, so a user
indicator has labels, a unit, a direction and a source line like any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

from intake.errors import InputError
from intake.files import MAX_SPEC_BYTES, parse_toml, read_input_file
from layers.model import Catalogue
from layers.registry import CatalogueError, build_catalogue, parse_indicator, parse_source

Encoding = Literal["auto", "utf-8", "cp932"]
Layout = Literal["wide", "long"]
CodeFormat = Literal["auto", "lg5", "lg6"]

_ID = re.compile(r"^[a-z][a-z0-9_]{1,62}$")
_TOP_KEYS = {
    "file",
    "encoding",
    "sheet",
    "delimiter",
    "header_row",
    "skip_rows",
    "footer_rows",
    "layout",
    "code_column",
    "code_format",
    "name_column",
    "prefecture_column",
    "prefecture",
    "date",
    "date_column",
    "indicator_column",
    "value_column",
    "ignore_areas",
    "source",
    "indicators",
}
_SOURCE_KEYS = {
    "id",
    "publisher",
    "publisher_ja",
    "publisher_en",
    "title",
    "title_ja",
    "title_en",
    "url",
    "licence",
    "license",
    "reference_date",
    "note",
    "secondary",
}
_INDICATOR_KEYS = {
    "column",
    "key",
    "label_ja",
    "label_en",
    "description_ja",
    "description_en",
    "unit",
    "category",
    "aspect",
    "role",
    "higher_is_better",
    "decimals",
    "plausible_min",
    "plausible_max",
    "note_ja",
    "note_en",
    "target",
}
_TARGET_KEYS = {"value", "policy_ja", "policy_en", "deadline", "target_id", "source_id", "measure"}


@dataclass(frozen=True)
class IndicatorSpec:
    """One ``[indicators.<id>]`` entry: where its values are and how it is declared."""

    id: str
    column: str  # wide layout: header of its column; long layout: its key in ``indicator_column``
    unit: str
    entry: Mapping[str, Any]  # the user's table, turned into a catalogue entry by ``catalogue_document``


@dataclass(frozen=True)
class UserSpec:
    """A validated spec. ``where`` names the spec file in messages."""

    where: str
    file: str
    base_dir: Path | None
    source_id: str
    source_entry: Mapping[str, Any]
    indicators: tuple[IndicatorSpec, ...]
    encoding: Encoding = "auto"
    sheet: str | None = None
    delimiter: str = ","
    header_row: int = 1
    skip_rows: int = 0
    footer_rows: int = 0
    layout: Layout = "wide"
    code_column: str | None = None
    code_format: CodeFormat = "auto"
    name_column: str | None = None
    prefecture_column: str | None = None
    prefecture: str | None = None
    date: date | None = None
    date_column: str | None = None
    indicator_column: str | None = None
    value_column: str | None = None
    ignore_areas: tuple[str, ...] = ()

    @property
    def data_path(self) -> Path:
        """The data file, relative to the spec's folder."""
        return (self.base_dir or Path(".")) / self.file

    @property
    def is_xlsx(self) -> bool:
        return self.file.lower().endswith((".xlsx", ".xlsm"))


def _fail(where: str, part: str, code: str, **fields: object) -> InputError:
    return InputError.of(where, part, code, **fields)


def _check_keys(entry: Mapping[str, Any], allowed: set[str], where: str, part: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise _fail(where, part, "unknown_keys", keys=tuple(unknown), allowed=tuple(sorted(allowed)))


def _text(doc: Mapping[str, Any], key: str, where: str, part: str = "") -> str | None:
    value = doc.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, part or key, "not_text", key=key)
    return value.strip()


def _int(doc: Mapping[str, Any], key: str, default: int, minimum: int, where: str) -> int:
    value = doc.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise _fail(where, key, "not_whole_number", key=key, minimum=minimum, value=repr(value))
    return value


def _choice(doc: Mapping[str, Any], key: str, options: tuple[str, ...], where: str) -> str:
    value = doc.get(key, options[0])
    if value not in options:
        raise _fail(where, key, "not_choice", key=key, options=options, value=repr(value))
    return str(value)


def _as_date(value: Any, where: str, part: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail(where, part, "spec_bad_date", value=str(value)) from None


def _source_entry(doc: Mapping[str, Any], where: str, default_date: date | None) -> tuple[str, dict[str, Any]]:
    raw = doc.get("source")
    if not isinstance(raw, Mapping):
        raise _fail(where, "[source]", "no_source")
    _check_keys(raw, _SOURCE_KEYS, where, "[source]")
    source_id = raw.get("id")
    if not isinstance(source_id, str) or not _ID.match(source_id):
        raise _fail(where, "[source] id", "bad_source_id", value=repr(source_id))
    entry = {
        "publisher_ja": raw.get("publisher_ja", raw.get("publisher")),
        "publisher_en": raw.get("publisher_en", raw.get("publisher")),
        "title_ja": raw.get("title_ja", raw.get("title")),
        "title_en": raw.get("title_en", raw.get("title")),
        "url": raw.get("url"),
        "licence": raw.get("licence", raw.get("license")),
        "reference_date": str(raw.get("reference_date", default_date or "")),
        "note": raw.get("note", ""),
        "secondary": bool(raw.get("secondary", False)),
    }
    try:
        parse_source(source_id, entry, where)
    except CatalogueError as exc:
        raise _fail(where, "[source]", "bad_catalogue_entry", detail=str(exc)) from None
    return source_id, entry


def _target_entry(raw: Any, ind_id: str, source_id: str, where: str) -> dict[str, Any]:
    part = f"[indicators.{ind_id}.target]"
    if not isinstance(raw, Mapping):
        raise _fail(where, part, "target_not_table")
    _check_keys(raw, _TARGET_KEYS, where, part)
    return {
        "target_id": raw.get("target_id", f"{ind_id}_target"),
        "value": raw.get("value"),
        "policy_ja": raw.get("policy_ja"),
        "policy_en": raw.get("policy_en"),
        "deadline": _as_date(raw.get("deadline"), where, f"{part} deadline"),
        "source_id": raw.get("source_id", source_id),
        "measure": raw.get("measure", ind_id),  # a spec's target is declared on its own indicator
    }


def _indicator(ind_id: str, raw: Any, source_id: str, where: str, long: bool) -> IndicatorSpec:
    part = f"[indicators.{ind_id}]"
    if not _ID.match(ind_id):
        raise _fail(where, part, "bad_indicator_id")
    if not isinstance(raw, Mapping):
        raise _fail(where, part, "not_table")
    _check_keys(raw, _INDICATOR_KEYS, where, part)
    entry: dict[str, Any] = {k: v for k, v in raw.items() if k not in ("column", "key", "target")}
    entry.setdefault("description_ja", raw.get("label_ja"))
    entry.setdefault("description_en", raw.get("label_en"))
    entry.update(source_id=source_id, levels=["municipality"])
    # Context (what an area is) never lags; anything else a region measures is an outcome unless declared.
    entry.setdefault("role", "context" if entry.get("category") == "context" else "outcome")
    if "target" in raw:
        entry["target"] = _target_entry(raw["target"], ind_id, source_id, where)
    try:
        parse_indicator(ind_id, entry, where)  # the placeholder level is replaced by the levels found in the data
    except (CatalogueError, TypeError, ValueError) as exc:
        raise _fail(where, part, "bad_catalogue_entry", detail=str(exc)) from None
    column = raw.get("key" if long else "column", ind_id)
    if not isinstance(column, str) or not column.strip():
        name = "key" if long else "column"
        raise _fail(where, part, "no_indicator_column", key=name)
    return IndicatorSpec(id=ind_id, column=column.strip(), unit=str(entry["unit"]), entry=entry)


def _area_keys(doc: Mapping[str, Any], where: str) -> dict[str, Any]:
    code_column, name_column = _text(doc, "code_column", where), _text(doc, "name_column", where)
    if (code_column is None) == (name_column is None):
        raise _fail(where, "area", "one_area_column")
    ignore = doc.get("ignore_areas", [])
    if not isinstance(ignore, list) or not all(isinstance(v, str) for v in ignore):
        raise _fail(where, "ignore_areas", "bad_ignore_areas")
    return {
        "code_column": code_column,
        "code_format": cast(CodeFormat, _choice(doc, "code_format", ("auto", "lg5", "lg6"), where)),
        "name_column": name_column,
        "prefecture_column": _text(doc, "prefecture_column", where),
        "prefecture": _text(doc, "prefecture", where),
        "ignore_areas": tuple(ignore),
    }


def _date_keys(doc: Mapping[str, Any], where: str) -> dict[str, Any]:
    date_column = _text(doc, "date_column", where)
    if ("date" in doc) == (date_column is not None):
        raise _fail(where, "date", "one_date")
    return {"date": _as_date(doc["date"], where, "date") if "date" in doc else None, "date_column": date_column}


def _layout_keys(doc: Mapping[str, Any], where: str) -> dict[str, Any]:
    layout = cast(Layout, _choice(doc, "layout", ("wide", "long"), where))
    keys = {
        "indicator_column": _text(doc, "indicator_column", where),
        "value_column": _text(doc, "value_column", where),
    }
    if layout == "long" and None in keys.values():
        raise _fail(where, "layout", "long_needs_columns")
    if layout == "wide" and any(keys.values()):
        raise _fail(where, "layout", "wide_with_long_columns")
    return {"layout": layout, **keys}


def _refuse_placeholders(doc: Mapping[str, Any], where: str, path: str = "") -> None:
    """The template's ``TODO`` texts and ``todo_`` ids must be replaced, or the map would credit "TODO"."""
    for key, value in doc.items():
        here = f"{path}.{key}" if path else str(key)
        if str(key).lower().startswith("todo") or (isinstance(value, str) and value.lower().startswith("todo")):
            raise _fail(where, here, "todo_placeholder")
        if isinstance(value, Mapping):
            _refuse_placeholders(value, where, here)


def parse_spec(doc: Mapping[str, Any], where: str, base_dir: Path | None = None) -> UserSpec:
    """Validate a parsed TOML spec; every error names the spec and the key."""
    _check_keys(doc, _TOP_KEYS, where, "top level")
    _refuse_placeholders(doc, where)
    file = _text(doc, "file", where)
    if file is None:
        raise _fail(where, "file", "no_file")
    dates, layout = _date_keys(doc, where), _layout_keys(doc, where)
    source_id, source_entry = _source_entry(doc, where, dates["date"])
    raw_indicators = doc.get("indicators")
    if not isinstance(raw_indicators, Mapping) or not raw_indicators:
        raise _fail(where, "[indicators]", "no_indicators")
    long = layout["layout"] == "long"
    indicators = tuple(_indicator(i, e, source_id, where, long) for i, e in raw_indicators.items())
    default_delimiter = "\t" if file.lower().endswith((".tsv", ".txt")) else ","
    delimiter = doc.get("delimiter", default_delimiter)
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise _fail(where, "delimiter", "bad_delimiter")
    return UserSpec(
        where=where,
        file=file,
        base_dir=base_dir,
        source_id=source_id,
        source_entry=source_entry,
        indicators=indicators,
        encoding=cast(Encoding, _choice(doc, "encoding", ("auto", "utf-8", "cp932"), where)),
        sheet=_text(doc, "sheet", where),
        delimiter=delimiter,
        header_row=_int(doc, "header_row", 1, 1, where),
        skip_rows=_int(doc, "skip_rows", 0, 0, where),
        footer_rows=_int(doc, "footer_rows", 0, 0, where),
        **_area_keys(doc, where),
        **dates,
        **layout,
    )


def load_spec(path: Path) -> UserSpec:
    """Read and validate a spec file; the data file is looked up next to it (bounded: ``intake.files``)."""
    where = str(path)
    raw = read_input_file(path, MAX_SPEC_BYTES, where, "", unreadable="cannot_read_spec")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.of(path, "", "cannot_read_spec", detail=f"not UTF-8 (byte {exc.start + 1})") from None
    return parse_spec(parse_toml(text, where), where, path.parent)


def catalogue_document(
    spec: UserSpec, levels: Mapping[str, tuple[str, ...]], dates: Mapping[str, tuple[str, ...]]
) -> dict[str, Any]:
    """The spec in the catalogue's TOML shape, with levels and dates found in the data."""
    indicators = {}
    for ind in spec.indicators:
        entry = dict(ind.entry)
        entry["levels"] = list(levels.get(ind.id, ()))
        entry["reference_dates"] = list(dates.get(ind.id, ()))
        entry["time_series"] = len(entry["reference_dates"]) > 1
        indicators[ind.id] = entry
    return {"sources": {spec.source_id: dict(spec.source_entry)}, "indicators": indicators}


def merge_catalogue(base: Catalogue, documents: Iterable[tuple[str, Mapping[str, Any]]]) -> Catalogue:
    """Add user declarations to the shipped catalogue, refusing any id that is already taken."""
    return build_catalogue(documents, base=base)
