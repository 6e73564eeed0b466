"""A user's table, its spec and the official areas in; tidy values and a report out.

This is the one place that decides what a user row means, shared by the ETL
(``etl.sources.user``, persistent) and the dashboard upload (session only), so
both accept and refuse exactly the same files. It never raises for a bad row:
every problem goes into the ``Report`` with its line, and the caller refuses
the whole file when the report is not ok (nothing is half-loaded).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from intake.cells import Cell, plausible_range, read_number
from intake.dates import read_date
from intake.errors import InputError
from intake.files import DATA_SUFFIXES, MAX_DATA_BYTES, read_input_file
from intake.matching import AreaMatcher, Match
from intake.names import fold_name
from intake.report import Report
from intake.spec import IndicatorSpec, UserSpec, catalogue_document
from intake.table import Table, is_blank, read_table

#: The long fact table's columns (the same as ``etl.model.VALUE_COLUMNS``).
VALUE_COLUMNS = ["indicator_id", "area_code", "as_of", "value", "note"]


@dataclass
class UserData:
    """What one user file contributes: values, where they came from, and the report."""

    spec: UserSpec
    values: pd.DataFrame
    report: Report
    rows: int = 0
    levels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dates: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def catalogue_document(self) -> dict[str, Any]:
        """The source and indicators in the catalogue's shape, with the levels and dates found."""
        return catalogue_document(self.spec, self.levels, self.dates)


@dataclass(frozen=True)
class _Columns:
    area: int
    prefecture: int | None
    date: int | None
    indicator: int | None
    value: int | None
    wide: dict[str, int]


def _columns(spec: UserSpec, table: Table) -> _Columns:
    def find(name: str | None, key: str) -> int | None:
        return None if name is None else table.column(name, key)

    area = find(spec.code_column, "code_column") if spec.code_column else find(spec.name_column, "name_column")
    wide = (
        {}
        if spec.layout == "long"
        else {i.id: table.column(i.column, f"indicators.{i.id}.column") for i in spec.indicators}
    )
    return _Columns(
        area=area if area is not None else -1,
        prefecture=find(spec.prefecture_column, "prefecture_column"),
        date=find(spec.date_column, "date_column"),
        indicator=find(spec.indicator_column, "indicator_column"),
        value=find(spec.value_column, "value_column"),
        wide=wide,
    )


class _Resolver:
    """Walks the rows once, filling the report and the value records."""

    def __init__(self, spec: UserSpec, table: Table, matcher: AreaMatcher) -> None:
        self.spec, self.table, self.matcher = spec, table, matcher
        self.cols = _columns(spec, table)
        self.report = Report(file=table.file, unit=table.unit)
        self.records: list[dict[str, Any]] = []
        self.seen: dict[tuple[str, str, date], int] = {}
        self.by_key = {i.column: i for i in spec.indicators}
        self.ignore = {fold_name(a) for a in spec.ignore_areas}
        self.fixed_prefecture = self._fixed_prefecture()

    def _fixed_prefecture(self) -> str | None:
        if self.spec.prefecture is None:
            return None
        code = self.matcher.prefecture(self.spec.prefecture)
        if code is None:
            raise InputError.of(self.spec.where, "prefecture", "not_prefecture", cell=self.spec.prefecture)
        return code

    def header(self, index: int | None) -> str | None:
        return None if index is None or index < 0 else self.table.header[index]

    def run(self) -> None:
        for line, cells in self.table.rows:
            self.row(line, cells)

    def row(self, line: int, cells: tuple[Cell, ...]) -> None:
        def cell(index: int | None) -> Cell:
            return cells[index] if index is not None and 0 <= index < len(cells) else None

        area_cell = cell(self.cols.area)
        if not is_blank(area_cell) and fold_name(area_cell) in self.ignore:
            self.report.note("ignored", line, self.header(self.cols.area), "ignored_area", {"cell": str(area_cell)})
            return
        self.report.rows_read += 1
        code = self.area(line, area_cell, cell(self.cols.prefecture))
        as_of = self.as_of(line, cell(self.cols.date))
        if code is None or as_of is None:
            return
        self.report.rows_matched += 1
        if self.spec.layout == "wide":
            for ind in self.spec.indicators:
                self.value(line, ind, code, as_of, cell(self.cols.wide[ind.id]), self.header(self.cols.wide[ind.id]))
            return
        key = cell(self.cols.indicator)
        declared = self.by_key.get(str(key).strip()) if key is not None else None
        if declared is None:
            column = self.header(self.cols.indicator)
            self.report.note("skipped_indicator", line, column, "undeclared_indicator", {"key": str(key)})
            return
        self.value(line, declared, code, as_of, cell(self.cols.value), self.header(self.cols.value))

    def area(self, line: int, area_cell: Cell, pref_cell: Cell) -> str | None:
        column = self.header(self.cols.area)
        if is_blank(area_cell):
            self.report.problem("no_area", line, column, "no_area", {})
            return None
        prefecture = self.fixed_prefecture
        if self.cols.prefecture is not None and not is_blank(pref_cell):
            prefecture = self.matcher.prefecture(pref_cell)
            if prefecture is None:
                pref_column = self.header(self.cols.prefecture)
                self.report.problem("unmatched", line, pref_column, "not_prefecture", {"cell": str(pref_cell)})
                return None
        if self.spec.code_column:
            match = self.matcher.by_code(area_cell, self.spec.code_format)
            if match.code and prefecture and match.code[:2] != prefecture:
                pref_name = self.matcher.names.get(prefecture + "000", prefecture)
                fields = {"cell": str(area_cell), "prefecture": pref_name}
                match = Match("unmatched", None, "code_outside_prefecture", fields)
        else:
            match = self.matcher.by_name(area_cell, prefecture)
        if match.status in ("unmatched", "ambiguous"):
            self.report.problem(match.status, line, column, match.reason, match.fields)
            return None
        if match.status == "history":
            self.report.note("history", line, column, match.reason, match.fields)
        return match.code

    def as_of(self, line: int, date_cell: Cell) -> date | None:
        if self.spec.date is not None:
            return self.spec.date
        parsed = read_date(date_cell)
        if parsed is None:
            cell = "" if date_cell is None else str(date_cell)
            self.report.problem("bad_date", line, self.header(self.cols.date), "bad_date", {"cell": cell})
        return parsed

    def value(self, line: int, ind: IndicatorSpec, code: str, as_of: date, raw: Cell, column: str | None) -> None:
        reading = read_number(raw)
        if reading.error:
            self.report.problem("bad_value", line, column, reading.error_code, {"cell": str(raw)})
            return
        if reading.percent_sign and ind.unit != "%":
            self.report.problem("unit", line, column, "percent_unit", {"cell": str(raw), "unit": ind.unit})
            return
        low, high = plausible_range(ind.unit, ind.entry.get("plausible_min"), ind.entry.get("plausible_max"))
        if not low <= reading.value <= high and not math.isnan(reading.value):
            self.out_of_range(line, column, raw, ind.unit, (low, high))
            return
        key = (ind.id, code, as_of)
        if key in self.seen:
            self.duplicate(line, column, code, self.seen[key])
            return
        self.seen[key] = line
        if math.isnan(reading.value):
            self.report.values_missing += 1
            missing = ("missing_marker", {"marker": reading.marker}) if reading.marker else ("missing_blank", {})
            self.report.note("missing", line, column, *missing)
        else:
            self.report.values_present += 1
        self.records.append(
            {"indicator_id": ind.id, "area_code": code, "as_of": as_of, "value": reading.value, "note": reading.note}
        )

    def out_of_range(self, line: int, column: str | None, raw: Cell, unit: str, bounds: tuple[float, float]) -> None:
        if unit == "%" and bounds == (0.0, 100.0):
            code, fields = "out_of_range", {"cell": str(raw)}
        else:
            low, high = (f"{b:,.16g}" for b in bounds)
            code, fields = "outside_range", {"cell": str(raw), "low": low, "high": high, "unit": unit}
        self.report.problem("out_of_range", line, column, code, fields)

    def duplicate(self, line: int, column: str | None, code: str, first: int) -> None:
        area, unit = self.matcher.describe(code), self.table.unit
        self.report.problem("duplicate", line, column, "duplicate", {"area": area, "row": first, "unit": unit})


def resolve(spec: UserSpec, table: Table, matcher: AreaMatcher) -> UserData:
    """Match every row of ``table`` and read its values; problems go to the report, never raised."""
    resolver = _Resolver(spec, table, matcher)
    resolver.run()
    values = pd.DataFrame(resolver.records, columns=VALUE_COLUMNS)
    values["value"] = values["value"].astype("float64")
    levels: dict[str, tuple[str, ...]] = {}
    dates: dict[str, tuple[str, ...]] = {}
    for ind in spec.indicators:
        rows = values[values["indicator_id"] == ind.id]
        if rows["value"].notna().sum() == 0:
            column = ind.column if spec.layout == "wide" else spec.value_column
            resolver.report.problem("bad_value", None, column, "no_values", {"indicator": ind.id})
        levels[ind.id] = tuple(sorted({matcher.levels[c] for c in rows["area_code"]}))
        dates[ind.id] = tuple(sorted({d.isoformat() for d in rows["as_of"]}))
    return UserData(spec, values, resolver.report, len(table.rows), levels, dates)


def load_user_data(
    spec: UserSpec, matcher: AreaMatcher, data: bytes | None = None, file: str | None = None
) -> UserData:
    """Read the spec's file (or uploaded bytes) and resolve it. Raises only if the file is unreadable."""
    if data is None:  # a file on disk, named by the spec: a regular data file, bounded
        data = read_input_file(spec.data_path, MAX_DATA_BYTES, spec.where, "file", suffixes=DATA_SUFFIXES)
    return resolve(spec, read_table(spec, data, file), matcher)
