"""What a file really is, checked on its first bytes before any parser sees it.

Downloads fail in ways that leave a file of the right name and the wrong
content: an empty file, the publisher's HTML error page, a Git LFS pointer
committed in place of the data, an old binary .xls renamed .xlsx, or a small
zip that unpacks to gigabytes. Each is refused here in one sentence naming the
file, for the build and the upload alike, instead of surfacing as a parser's
traceback or a decoding error on line 1.
"""

from __future__ import annotations

import io
import zipfile

from intake.errors import InputError
from intake.limits import MAX_UNPACKED_BYTES

_LFS = b"version https://git-lfs.github.com/spec/"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file header of .xls (Excel 97-2003)
_ZIP = b"PK\x03\x04"
_HTML = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml version=\"1.0\"?>\n<!doctype html")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_not_placeholder(data: bytes, file: str) -> None:
    """Refuse an empty file, an HTML page or a Git LFS pointer saved in place of the data."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError.of(file, "", "empty_file")
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_LFS):
        raise InputError.of(file, "", "lfs_pointer")
    if head.startswith(_HTML):
        raise InputError.of(file, "", "html_page")


def check_workbook(data: bytes, file: str) -> None:
    """Refuse what is not an XLSX (a zip) and a zip that would unpack beyond ``MAX_UNPACKED_BYTES``.

    The sizes are the zip's own directory entries; ``zipfile`` never returns more
    than an entry declares, so checking them bounds what openpyxl can unpack.
    """
    check_not_placeholder(data, file)
    if data.startswith(_OLE2):
        raise InputError.of(file, "", "xls_format")
    if not data.startswith(_ZIP):
        raise InputError.of(file, "", "bad_xlsx", detail="not a zip file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            unpacked = sum(i.file_size for i in book.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise InputError.of(file, "", "bad_xlsx", detail=str(exc)) from None
    if unpacked > MAX_UNPACKED_BYTES:
        size, limit = _megabytes(unpacked), _megabytes(MAX_UNPACKED_BYTES)
        raise InputError.of(file, "", "unpacks_too_large", size=size, limit=limit)


def check_text(data: bytes, file: str) -> None:
    """Refuse a placeholder, and bytes with NUL (a binary file, or UTF-16 without its BOM) before decoding."""
    check_not_placeholder(data, file)
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.of(file, "", "binary_file")
