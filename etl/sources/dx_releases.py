"""Newer DX dashboard table sets, read without code changes.

The shipped tables (the release of 2024-07-12) sit directly in
``data/raw/digital_agency_dx_dashboard/``. A newer release goes into a subfolder
named for its release date, ``<YYYYMMDD>/``, holding the same four files under
the same names; the build reads every release, so the map gains a date. Each
newer release's values are dated by its folder (the survey dates of a new
release are not known to us until someone reads the publisher's definitions
page for it), so their ``indicator_dates`` rows say the date is not confirmed.
A folder whose name is not a date, or whose files the parser cannot read, stops
the build with the file named.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from etl.model import Parsed
from etl.sources.dx_dates import DATE_COLUMNS, DEFINITIONS_URL_EN, DEFINITIONS_URL_JA, RELEASE
from intake.errors import InputError

_RELEASE_FOLDER = re.compile(r"^\d{8}$")

#: Tables of the source whose rows carry ``as_of`` (all of them).
DATED_TABLES = ("dx_measures", "dx_procedure_counts", "procedure_usage", "online_usage_basis")


def releases(folder: Path) -> list[tuple[date, Path]]:
    """The shipped release (the folder itself), then every ``<YYYYMMDD>/`` subfolder, oldest first."""
    if not folder.is_dir():
        raise InputError(folder, "", "folder not found")
    out = [(RELEASE, folder)]
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        if not _RELEASE_FOLDER.match(sub.name):
            raise InputError(sub, "folder name", f"'{sub.name}' is not a release date YYYYMMDD")
        try:
            day = date(int(sub.name[:4]), int(sub.name[4:6]), int(sub.name[6:]))
        except ValueError as exc:
            raise InputError(sub, "folder name", f"'{sub.name}' is not a date: {exc}") from None
        if day == RELEASE:
            raise InputError(sub, "folder name", f"{day} is the shipped release already in the folder above")
        out.append((day, sub))
    return sorted(out)


def redate(parsed: Parsed, release: date) -> Parsed:
    """A newer release: every value and table row is dated by the release, marked unconfirmed."""
    values = parsed.values.assign(as_of=release)
    tables = {name: frame.assign(as_of=release) if "as_of" in frame else frame for name, frame in parsed.tables.items()}
    if "date_certain" in tables.get("dx_measures", pd.DataFrame()):
        tables["dx_measures"] = tables["dx_measures"].assign(date_certain=False)
    basis_ja = f"調査時点は未確認。日付はこのデータテーブルの公開日（{release:%Y年%m月%d日}、フォルダ名）"
    basis_en = f"Survey date not confirmed; the date shown is this release's date ({release.isoformat()}, folder name)"
    rows = [
        {
            "indicator_id": i,
            "as_of": release,
            "date_certain": False,
            "basis_ja": basis_ja,
            "basis_en": basis_en,
            "citation_ja": DEFINITIONS_URL_JA,
            "citation_en": DEFINITIONS_URL_EN,
        }
        for i in sorted(set(values["indicator_id"]))
    ]
    tables["indicator_dates"] = pd.DataFrame(rows, columns=list(DATE_COLUMNS))
    return Parsed(source_id=parsed.source_id, files=parsed.files, values=values, tables=tables)


def combine(parts: list[Parsed]) -> Parsed:
    """One ``Parsed`` for the source from its releases."""
    first = parts[0]
    files = {path: rows for part in parts for path, rows in part.files.items()}
    values = pd.concat([part.values for part in parts], ignore_index=True)
    tables = {name: pd.concat([part.tables[name] for part in parts], ignore_index=True) for name in first.tables}
    return Parsed(source_id=first.source_id, files=files, values=values, tables=tables)
