"""A lazy, read-only DuckDB connection with one cursor per thread.

Why this shape:
- gunicorn imports the app and then forks; a connection opened before the fork
  would be shared by every worker, so the connection is opened on first use
  and re-opened when the process id changes.
- a DuckDB connection object is not safe to use from several threads at once;
  ``cursor()`` hands each thread its own cursor on the process's connection.
- the ETL replaces the file atomically (``os.replace``); ``key()`` changes with
  the file's inode and mtime so per-process caches keyed on it refresh and the
  connection is re-opened on the new file.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb

from dashboard import settings


class DatabaseMissing(RuntimeError):
    """The database file does not exist or cannot be opened read-only."""


@dataclass(frozen=True)
class DbKey:
    """Identity of one version of the database file, for cache keys."""

    path: str
    inode: int
    mtime_ns: int


@dataclass
class _Process:
    pid: int
    key: DbKey
    connection: duckdb.DuckDBPyConnection


_lock = threading.Lock()
_configured: list[Path] = []  # explicit path from configure(); empty = read settings
_process: list[_Process] = []  # at most one entry: this process's connection
_local = threading.local()


def configure(path: Path | str | None) -> None:
    """Point the app at a database file (``None``: back to ``ATLAS_DB``); drops open handles."""
    with _lock:
        _configured.clear()
        if path is not None:
            _configured.append(Path(path))
        _close_locked()


def path() -> Path:
    return _configured[0] if _configured else settings.load().db_path


def key() -> DbKey:
    """The current file's identity; raises ``DatabaseMissing`` when there is no file.

    Called by every cached query (dozens of times per callback), so the
    ``resolve()`` syscalls are done once per file version, not per call.
    """
    target = _configured[0] if _configured else _env_path(os.environ.get("ATLAS_DB"))
    try:
        stat = os.stat(target)
    except OSError as exc:
        raise DatabaseMissing(f"database file not found: {target}") from exc
    return _key(target, stat.st_ino, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _env_path(atlas_db: str | None) -> Path:
    """``path()`` for this value of ``ATLAS_DB`` (settings decide the default), without re-reading all settings."""
    return settings.load({"ATLAS_DB": atlas_db} if atlas_db is not None else {}).db_path


@lru_cache(maxsize=8)
def _key(target: Path, inode: int, mtime_ns: int) -> DbKey:
    return DbKey(str(target.resolve()), inode, mtime_ns)


def cursor() -> duckdb.DuckDBPyConnection:
    """This thread's cursor on this process's read-only connection."""
    connection = _connection(key())
    if getattr(_local, "connection", None) is not connection:
        _local.cursor = connection.cursor()
        _local.connection = connection
    return _local.cursor  # type: ignore[no-any-return]


def _connection(current: DbKey) -> duckdb.DuckDBPyConnection:
    with _lock:
        if _process and _process[0].pid == os.getpid() and _process[0].key == current:
            return _process[0].connection
        _close_locked()
        try:
            connection = duckdb.connect(current.path, read_only=True)
        except duckdb.Error as exc:
            raise DatabaseMissing(f"cannot open {current.path} read-only: {exc}") from exc
        _process.append(_Process(os.getpid(), current, connection))
        return connection


def _close_locked() -> None:
    if _process:
        stale = _process.pop()
        if stale.pid == os.getpid():  # never close a handle inherited across fork
            try:
                stale.connection.close()
            except duckdb.Error:
                pass


def table_exists(name: str) -> bool:
    """Optional tables (written by some sources only) are checked before use."""
    row = cursor().execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(row and row[0])
