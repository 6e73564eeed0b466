"""Read a file uploaded on the map page into a session layer, or say why not.

The same reader as the ETL (``intake``) decodes, matches and
reports, so a file is accepted or refused in the browser exactly as
``python -m etl add-source`` would. Two ways to describe the file:

- **the form** (no TOML needed): the area column is found by its header
  (団体コード, 地域コード, 市区町村名 …, or 都道府県 for a table of prefectures;
  in the first 20 rows, so title rows above the table are skipped), a
  prefecture column likewise, the value
  column is the first column with numbers (or the one the user picks), and
  the label, unit, direction and reference date come from the form;
- **a spec**: the ``.toml`` dropped together with the data file (the format
  of ``data/user/README.md``), for header/unit/note rows, long tables,
  several indicators, a sheet other than the first, or a policy target.

Nothing is written anywhere: the result is the session store's payload
(``dashboard.userlayer.to_payload``) and the report, or a ``Refusal``.
No Dash in here; ``dashboard.pages.map_upload`` is the glue.
"""

from __future__ import annotations

import base64
import binascii
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from dashboard import isolation, userlayer
from intake import (
    AreaMatcher,
    InputError,
    Report,
    Table,
    UserSpec,
    parse_spec,
    read_date,
    read_number,
    read_table,
    resolve,
)
from intake.files import parse_toml
from intake.names import fold_label
from intake.table import is_blank

#: 5 MB (as a file manager counts: MiB). Base64 inside the callback request makes it ~6.7 MB,
#: which fits the server's 8 MiB body limit (``dashboard.server``).
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_SPEC_BYTES = 64 * 1024
#: A session holds at most ``userlayer.MAX_VALUES`` values; a table far longer cannot fit, so it is refused
#: after reading and before matching (matching is the slow part: ~2.5 s per 20,000 rows on 2 shared cores).
MAX_ROWS = userlayer.MAX_VALUES + 5_000
#: One parse (``read_upload_bounded``): the largest legal file takes ~2 s and ~200 MB on 2 shared cores.
PARSE_SECONDS = 10
PARSE_MEGABYTES = 512
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
SPEC_SUFFIX = ".toml"
HEADER_SEARCH_ROWS = 20
#: Total rows in official tables; left out of a form upload and listed in the report's notes.
TOTAL_ROWS = ("全国", "合計", "総計", "計", "総数", "全体")

CODE_HEADERS = frozenset({
    "団体コード", "地域コード", "市区町村コード", "市町村コード", "全国地方公共団体コード", "地方公共団体コード",
    "自治体コード", "標準地域コード", "コード", "lgcode", "lg_code", "areacode", "area_code", "citycode", "city_code",
})
NAME_HEADERS = frozenset({
    "市区町村名", "市区町村", "市町村名", "市町村", "自治体名", "自治体", "団体名", "地方公共団体名", "地域名", "地域",
    "名称", "municipality", "name", "areaname", "area_name",
})
PREFECTURE_HEADERS = frozenset({"都道府県名", "都道府県", "県名", "prefecture", "pref"})
DATE_HEADERS = frozenset({"基準日", "日付", "調査日", "時点", "date", "as_of", "asof"})


@dataclass(frozen=True)
class Refusal:
    """Why nothing was loaded: a message key (``map_upload`` words it in ja/en) and its fields.

    ``error``: the reader's own refusal (``file_error``), whose code words it in Japanese.
    """

    key: str
    fields: Mapping[str, str] = field(default_factory=dict)
    error: InputError | None = None


@dataclass(frozen=True)
class Form:
    """What the user said about the file on the page (used when no spec is dropped with it)."""

    label: str = ""
    unit: str = ""
    higher_is_better: bool = True
    date: str = ""
    prefecture: str | None = None  # two-digit code: every row is in this prefecture
    column: str | None = None  # the value column; None: the first column with numbers


@dataclass(frozen=True)
class Outcome:
    """The result of one upload: a payload to store (None: nothing loaded), the report, the columns."""

    file: str
    payload: dict[str, Any] | None = None
    report: Report | None = None
    refusal: Refusal | None = None
    columns: tuple[str, ...] = ()  # form: the columns with numbers the user may choose from
    column: str | None = None  # form: the column mapped
    spec: bool = False


@dataclass(frozen=True)
class UploadedFile:
    name: str
    content: bytes


class _Refused(Exception):
    def __init__(self, key: str, **fields: str) -> None:
        super().__init__(key)
        self.refusal = Refusal(key, fields)


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# ------------------------------------------------------------------ bytes in
def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else ([] if value is None else [value])


def _decoded_size(b64: str) -> int:
    return len(b64) * 3 // 4 - b64[-2:].count("=")


def files_from(contents: Any, filenames: Any) -> list[UploadedFile]:
    """``dcc.Upload`` data URLs to bytes, refusing oversized files before decoding them."""
    contents, names = _as_list(contents), _as_list(filenames)
    if not contents or len(contents) != len(names) or len(contents) > 2:
        raise _Refused("file_count")
    files = []
    for content, name in zip(contents, names, strict=True):
        name = str(name)[-120:] if name is not None else "upload"
        head, _, b64 = content.partition(",") if isinstance(content, str) else ("", "", "")
        if not head.startswith("data:") or not head.endswith(";base64"):
            raise _Refused("unreadable", name=name)
        limit = MAX_SPEC_BYTES if name.lower().endswith(SPEC_SUFFIX) else MAX_FILE_BYTES
        if _decoded_size(b64) > limit:
            raise _Refused("too_large", name=name, size=megabytes(_decoded_size(b64)), limit=megabytes(limit))
        try:
            files.append(UploadedFile(name, base64.b64decode(b64, validate=True)))
        except (binascii.Error, ValueError):
            raise _Refused("unreadable", name=name) from None
    return files


def _split(files: Sequence[UploadedFile]) -> tuple[UploadedFile, UploadedFile | None]:
    specs = [f for f in files if f.name.lower().endswith(SPEC_SUFFIX)]
    data = [f for f in files if not f.name.lower().endswith(SPEC_SUFFIX)]
    if len(data) != 1 or len(specs) > 1:
        raise _Refused("file_count")
    if not data[0].name.lower().endswith(DATA_SUFFIXES):
        raise _Refused("file_type", name=data[0].name)
    return data[0], (specs[0] if specs else None)


# ------------------------------------------------------------------ the spec
def _spec_from_toml(spec_file: UploadedFile, data: UploadedFile) -> UserSpec:
    try:
        text = spec_file.content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = f"not valid UTF-8 TOML: {exc}"
        raise InputError(spec_file.name, "", problem, "bad_toml", {"detail": str(exc)}) from None
    spec = parse_spec(parse_toml(text, spec_file.name), spec_file.name)  # parse_toml: nesting bounded too
    return replace(spec, file=data.name)  # the dropped file, whatever the spec calls it


# ------------------------------------------------------------------ the form
def _probe_spec(name: str) -> UserSpec:
    """Just enough of a spec for ``read_table``: auto encoding, first sheet, every row."""
    delimiter = "\t" if name.lower().endswith((".tsv", ".txt")) else ","
    return UserSpec(where=name, file=name, base_dir=None, source_id="upload", source_entry={}, indicators=(),
                    delimiter=delimiter)


def _role(header: Sequence[str], names: frozenset[str]) -> str | None:
    return next((h for h in header if fold_label(h).lower() in names), None)


def _header(table: Table) -> tuple[Table, str, str]:
    """The table below the first row (of the first 20) naming a code column, else a name column.

    A table of prefectures only (a 都道府県 column and no municipality column) is matched by that column.
    """
    candidates = [(table.header_line, table.header)]
    candidates += [(line, tuple("" if c is None else str(c) for c in cells))
                   for line, cells in table.rows[:HEADER_SEARCH_ROWS]]
    for names in (CODE_HEADERS, NAME_HEADERS, PREFECTURE_HEADERS):
        for line, header in candidates:
            if (column := _role(header, names)) is not None:
                rows = _below(table.rows, line, header.index(column))
                return replace(table, header=header, header_line=line, rows=rows), column, \
                    ("code" if names is CODE_HEADERS else "name")
    shown = ", ".join(h for h in table.header[:12] if h.strip()) or "—"
    raise _Refused("no_area_column", header=shown)


def _below(rows: Sequence[tuple[int, tuple[Any, ...]]], line: int, area: int) -> tuple[Any, ...]:
    """Rows under the header, without the unit rows e-Stat puts right below it (no area, no number)."""
    body = [r for r in rows if r[0] > line]
    while body and is_blank(body[0][1][area] if area < len(body[0][1]) else None) \
            and all(read_number(c).error or math.isnan(read_number(c).value) for c in body[0][1]):
        body.pop(0)
    return tuple(body)


def numeric_columns(table: Table, skip: Sequence[str | None], sample: int = 500) -> tuple[str, ...]:
    """Columns (other than ``skip``) with at least one number in the first ``sample`` rows."""
    found: dict[str, None] = {}  # insertion-ordered set: one lookup per column, linear in the width
    skipped = set(skip)
    rows = table.rows[:sample]
    for i, name in enumerate(table.header):
        if not name.strip() or name in skipped or name in found:
            continue
        cells = (cells[i] for _, cells in rows if i < len(cells))
        if any(not r.error and not math.isnan(r.value) for r in map(read_number, cells)):
            found[name] = None
    return tuple(found)


def _unit(form: Form, table: Table, column: str) -> str:
    """The form's unit; left blank for a column written with % signs (12.3%), it is "%"."""
    if form.unit.strip():
        return form.unit.strip()[:12]
    i = table.header.index(column)
    cells = (cells[i] for _, cells in table.rows[:500] if i < len(cells))
    return "%" if any(read_number(c).percent_sign for c in cells) else ""


def _form_document(form: Form, file: str, table: Table, area: tuple[str, str]) -> tuple[dict[str, Any], str,
                                                                                        tuple[str, ...]]:
    """The spec the form stands for: (document, value column used, columns with numbers)."""
    column, kind = area
    prefecture = _role(table.header, PREFECTURE_HEADERS) if kind == "name" else None
    prefecture = None if prefecture == column else prefecture
    date_column = _role(table.header, DATE_HEADERS)
    choices = numeric_columns(table, (column, prefecture, date_column, _role(table.header, NAME_HEADERS),
                                      _role(table.header, PREFECTURE_HEADERS)))
    if not choices:
        raise _Refused("no_value_column", header=", ".join(h for h in table.header[:12] if h.strip()) or "—")
    value = form.column if form.column in choices else choices[0]
    when = read_date(form.date.strip()) if form.date.strip() else None
    if date_column is None and when is None:
        raise _Refused("need_date" if not form.date.strip() else "bad_date", value=form.date.strip()[:40])
    label = form.label.strip()[:80] or value
    doc: dict[str, Any] = {
        "file": file, "ignore_areas": list(TOTAL_ROWS),
        f"{kind}_column": column,
        **({"date_column": date_column} if date_column else {"date": when}),
        **({"prefecture_column": prefecture} if prefecture else {}),
        **({"prefecture": form.prefecture} if form.prefecture and not prefecture else {}),
        "source": {
            "id": "upload", "publisher_ja": "利用者がアップロードしたデータ（未検証）",
            "publisher_en": "Data uploaded by the user (not verified)", "title": file[:120], "url": "(upload)",
            "licence": "—", "reference_date": (when.isoformat() if when else "—"),
        },
        "indicators": {"data": {
            "column": value, "label_ja": label, "label_en": label, "unit": _unit(form, table, value),
            "category": "context", "role": "outcome", "higher_is_better": form.higher_is_better, "decimals": 0,
        }},
    }
    return doc, value, choices


def decimals(values: pd.Series, limit: int = 3) -> int:
    """The fewest decimals that show every value as given (at most ``limit``)."""
    present = values.dropna()
    for d in range(limit):
        if ((present.round(d) - present).abs() < 1e-9).all():
            return d
    return limit


# --------------------------------------------------------------------- main
def read_upload(contents: Any, filenames: Any, form: Form, matcher: AreaMatcher) -> Outcome:
    """One drop (a data file, optionally with its spec) to an ``Outcome``; never raises on user input."""
    name = str(_as_list(filenames)[0]) if _as_list(filenames) else "upload"
    try:
        data, spec_file = _split(files_from(contents, filenames))
        name = data.name
        if spec_file is not None:
            spec = _spec_from_toml(spec_file, data)
            user = resolve(spec, _rows_checked(read_table(spec, data.content, data.name)), matcher)
            return _finish(user.report, user.catalogue_document(), user.values, name, spec=True)
        table = _rows_checked(read_table(_probe_spec(data.name), data.content, data.name))
        table, column, kind = _header(table)
        doc, value, choices = _form_document(form, data.name, table, (column, kind))
        user = resolve(parse_spec(doc, data.name), table, matcher)
        document = user.catalogue_document()
        document["indicators"]["data"]["decimals"] = decimals(user.values["value"])
        outcome = _finish(user.report, document, user.values, name)
        return replace(outcome, columns=choices, column=value)
    except _Refused as exc:
        return Outcome(name, refusal=exc.refusal)
    except InputError as exc:
        return Outcome(name, refusal=Refusal("file_error", {"message": str(exc)}, exc))


def read_upload_bounded(contents: Any, filenames: Any, form: Form, matcher: AreaMatcher) -> Outcome:
    """``read_upload`` in a child process (``dashboard.isolation``): bounded in seconds and memory.

    What the web worker calls: a file that would take longer or more memory
    than a parse should is refused with a message, and whatever the parse
    allocated is returned to the system when the child exits.
    """
    name = safe_name(str(_as_list(filenames)[0])) if _as_list(filenames) else "upload"
    seconds, megabytes = parse_limits()
    try:
        return isolation.run(read_upload, (contents, filenames, form, matcher), seconds=seconds, megabytes=megabytes)
    except isolation.Exceeded as exc:
        key = "too_slow" if exc.what == "seconds" else "too_much_memory"
        return Outcome(name, refusal=Refusal(key, {"name": name, "limit": f"{exc.limit:g}"}))


def parse_limits(env: Mapping[str, str] | None = None) -> tuple[float, int]:
    """Seconds and megabytes one parse may take: ``ATLAS_UPLOAD_SECONDS`` (10), ``ATLAS_UPLOAD_MB`` (512).

    Checked at start (``settings.check_environment``): a bad value stops the start with one sentence.
    """
    from dashboard.settings import env_int

    env = os.environ if env is None else env
    seconds = env_int(env, "ATLAS_UPLOAD_SECONDS", PARSE_SECONDS, 1, 600)
    return float(seconds), env_int(env, "ATLAS_UPLOAD_MB", PARSE_MEGABYTES, 64, 65536)


def _rows_checked(table: Table) -> Table:
    if len(table.rows) > MAX_ROWS:
        raise _Refused("too_many_rows", n=f"{len(table.rows):,}", limit=f"{MAX_ROWS:,}")
    return table


def _finish(report: Report, document: dict[str, Any], values: pd.DataFrame, name: str, spec: bool = False) -> Outcome:
    if not report.ok:
        return Outcome(name, report=report, spec=spec)
    if len(values) > userlayer.MAX_VALUES:
        refusal = Refusal("too_many_values", {"n": f"{len(values):,}", "limit": f"{userlayer.MAX_VALUES:,}"})
        return Outcome(name, report=report, refusal=refusal, spec=spec)
    payload = userlayer.to_payload(name, document, values)
    return Outcome(name, payload=payload, report=report, spec=spec)


def safe_name(text: str) -> str:
    """A file name fit to show (no path, no control characters)."""
    return re.sub(r"[\x00-\x1f/\\]", "_", text)[-120:]
