"""Text tables (CSV, TSV) decoded strictly: the one text reader for the build and the upload.

Official Japanese tables are CP932 or UTF-8 (with or without BOM). The reader
decodes strictly: a file that is not what its spec declares is refused with
the line of the first bad byte, because a silently mis-decoded file would
produce names that match nothing, or worse, the wrong thing.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pandas as pd

from intake.cells import Cell
from intake.containers import check_text
from intake.errors import InputError
from intake.limits import Deadline, exceeds, too_large

_UTF32 = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def is_utf16(data: bytes) -> bool:
    """Excel's 「Unicode テキスト」 (UTF-16 with a BOM, tab-separated)."""
    return data.startswith(_UTF16) and not data.startswith(_UTF32)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _strict(data: bytes, encoding: str, file: str, declared: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        where = f"line {_line_of(data, exc.start)}"
        raise InputError.of(file, where, "bad_encoding", encoding=declared, byte=exc.start) from None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _first_bad_line(data: bytes, encoding: str) -> int:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return _line_of(data, exc.start)
    return 1


def decode(data: bytes, encoding: str, file: str) -> str:
    """Bytes to text, or one sentence naming the file; never a ``UnicodeDecodeError``.

    ``auto``: a UTF-16 BOM (Excel's Unicode text) means UTF-16, a UTF-8 BOM or
    valid UTF-8 means UTF-8, otherwise CP932 (Shift_JIS, what Excel saves as
    「CSV (コンマ区切り)」) or an error. A declared encoding the file contradicts is
    refused by name rather than read as something else.
    """
    if data.startswith(_UTF32) or (is_utf16(data) and encoding != "auto"):
        name = "UTF-32" if data.startswith(_UTF32) else "UTF-16"
        raise InputError.of(file, "line 1", "unsupported_encoding", encoding=name)
    if is_utf16(data):
        return _strict(data, "utf-16", file, "UTF-16")
    is_utf8 = data.startswith(codecs.BOM_UTF8) or (_decodes(data, "utf-8") and not data.isascii())
    if encoding == "cp932" and is_utf8:
        raise InputError.of(file, "line 1", "declared_cp932_is_utf8")
    if encoding == "utf-8" and not _decodes(data, "utf-8") and _decodes(data, "cp932"):
        raise InputError.of(file, f"line {_first_bad_line(data, 'utf-8')}", "declared_utf8_is_cp932")
    if encoding == "cp932":
        return _strict(data, "cp932", file, "CP932 (Shift_JIS)")
    if encoding == "utf-8" or is_utf8 or data.isascii():
        return _strict(data, "utf-8-sig", file, "UTF-8")
    return _strict(data, "cp932", file, "UTF-8 or CP932")


def csv_records(text: str, delimiter: str, file: str) -> list[tuple[int, tuple[Cell, ...]]]:
    """Records with the line each starts on (quoted cells may span lines), bounded as they are read.

    A row wider than ``MAX_COLUMNS`` is refused at that row, before anything
    else looks at its columns (a 1 MB line of 100,000 commas is one row).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, tuple[Cell, ...]]] = []
    previous_end, width, deadline = 0, 0, Deadline(file)
    try:
        for number, cells in enumerate(reader, start=1):
            width = max(width, len(cells))
            if exceeds(number, width):
                raise too_large(file, f"line {previous_end + 1}", f"{number:,}×{width:,} 以上")
            deadline.tick(number, "line")
            records.append((previous_end + 1, tuple(cells)))
            previous_end = reader.line_num
    except csv.Error as exc:
        raise InputError.of(file, f"line {previous_end + 1}", "bad_csv", detail=str(exc)) from None
    return records


#: The encodings a build's source module declares, as ``decode`` names them (a BOM is always tolerated).
_DECLARED = {"utf-8-sig": "utf-8", "utf-8": "utf-8", "cp932": "cp932", "auto": "auto"}


def text_rows(path: Path, encoding: str, delimiter: str = ",") -> list[tuple[int, tuple[str, ...]]]:
    """The non-empty records of an official CSV with the line each starts on, decoded by ``decode``.

    ``encoding`` is what the source module declares (``utf-8-sig``, ``utf-8``,
    ``cp932``); a file in the other one is refused by name, never mis-decoded.
    """
    if not path.is_file():
        raise InputError(path, "", "file not found")
    data = path.read_bytes()
    check_text(data, str(path))
    text = decode(data, _DECLARED[encoding], str(path))
    return [(line, tuple(str(c) for c in cells)) for line, cells in csv_records(text, delimiter, str(path)) if cells]


def without_empty_trailing_columns(rows: list[list[str]]) -> list[list[str]]:
    """Drop trailing columns that are blank in the header and in every row (Excel's stray commas).

    A column with anything in it is kept, so the caller's width check still refuses it.
    """
    width = max((len(r) for r in rows), default=0)
    keep = width
    while keep > 0 and all(len(r) < keep or not str(r[keep - 1]).strip() for r in rows):
        keep -= 1
    return [r[:keep] if len(r) > keep else r for r in rows] if keep < width else rows


def short_row(cells: int, expected: int) -> str:
    """The refusal for a row with too few cells (shared by every CSV reader)."""
    return f"only {cells} of {expected} cells: the row is cut short (is the file truncated?)"


def read_text_table(path: Path, encoding: str, columns: list[str]) -> pd.DataFrame:
    """Read a small official CSV as text with the exact header ``columns``; blanks stay ''.

    Any missing or renamed column is named in the error; a row longer or shorter than
    the header too: a short last row is what a download cut off mid-line looks like,
    and padding it would load the rest of the row as "missing" (issue 16).
    """
    records = text_rows(path, encoding)
    if not records:
        raise InputError(path, "", "the file is empty")
    header = list(records[0][1])
    for line, cells in records[1:]:
        if len(cells) > len(header):
            raise InputError(path, f"line {line}", f"{len(cells)} cells but the header has {len(header)}")
        if len(cells) < len(header):
            raise InputError(path, f"line {line}", short_row(len(cells), len(header)))
    body = [list(cells) for _, cells in records[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(path, f"column '{missing[0]}'", f"header is missing or renamed (found {header})")
    return frame[columns]
