"""Files named on the command line or in a spec: read bounded, regular files only, never echoed.

``python -m etl add-source`` and the build read a spec and the data file it
names from disk. A spec is text someone else may have written (issue 15):
its ``file`` could name ``/dev/zero`` (read forever), a FIFO (blocks), or any
readable file on the machine (``/etc/passwd``, a key) whose first line would
come back in a "no such column" message. So a data file must be a regular
file named, and (through any link) resolving to, a data file (``.csv``,
``.tsv``, ``.txt``, ``.xlsx``, ``.xlsm``), both files are read up to a bound,
and errors name the path and the problem, never the contents. A relative
path may leave the spec's folder: the shipped worked example reads
``../../raw/nstac_ssdse/SSDSE-A-2025.csv``. TOML nested a few thousand levels deep exhausts
the parser's stack (``RecursionError``); it is an ordinary bad-spec error here.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from intake.errors import InputError

#: A spec is a page of TOML (the upload takes 64 KiB too).
MAX_SPEC_BYTES = 64 * 1024
#: A data file on disk: a municipal table is well under 5 MB; an official XLSX with every sheet, tens.
MAX_DATA_BYTES = 64 * 1024 * 1024
#: What a data file may be called (the upload accepts the same).
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


def read_input_file(path: Path, limit: int, where: str, part: str, *, suffixes: tuple[str, ...] = (),
                    unreadable: str = "cannot_read_data") -> bytes:
    """The bytes of ``path``, if it is a regular file of at most ``limit`` bytes (named ``suffixes``, if given).

    Opened non-blocking and checked on the open descriptor, so a FIFO or a
    device swapped in after a check is still refused, and a file that grows
    while read is cut off at ``limit + 1`` bytes and refused.
    """
    if suffixes and not all(p.suffix.lower() in suffixes for p in (path, path.resolve())):
        problem = f"'{path}' is not a data file ({', '.join(suffixes)})"
        raise InputError(where, part, problem, "not_data_file", {"path": str(path), "suffixes": ", ".join(suffixes)})
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _unreadable(path, where, part, exc, unreadable) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            problem = f"'{path}' is not a regular file (a device, pipe, socket or folder)"
            raise InputError(where, part, problem, "not_regular_file", {"path": str(path)})
        data = _read_at_most(fd, limit + 1) if info.st_size <= limit else b""
    except OSError as exc:
        raise _unreadable(path, where, part, exc, unreadable) from None
    finally:
        os.close(fd)
    if len(data) > limit or info.st_size > limit:
        size = f"{max(len(data), info.st_size):,}"
        problem = f"'{path}' is larger than {limit:,} bytes"
        raise InputError(where, part, problem, "file_too_large", {"size": size, "limit": f"{limit:,}"})
    return data


def _read_at_most(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _unreadable(path: Path, where: str, part: str, exc: OSError, code: str) -> InputError:
    detail = exc.strerror or type(exc).__name__  # the reason only: str(exc) may carry more than the path
    return InputError(where, part, f"cannot read '{path}': {detail}", code, {"detail": detail})


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """A TOML document, or ``InputError`` (``bad_toml``) for a syntax error or nesting deeper than the stack."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(where, "", f"not valid TOML: {exc}", "bad_toml", {"detail": str(exc)}) from None
    except RecursionError:
        detail = "nested too deeply (arrays or tables inside each other thousands of levels down)"
        raise InputError(where, "", f"not valid TOML: {detail}", "bad_toml", {"detail": detail}) from None
