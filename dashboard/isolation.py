"""Run one untrusted parse in a short-lived child process, bounded in seconds and memory.

Why a process: a thread cannot be stopped, and memory a worker once took
for a large workbook stays with it (CPython and glibc rarely return it).
Issue 15 measured 0.9-1.7 GB kept per large-but-legal XLSX and a 4.7 KB
sparse workbook growing without limit while gunicorn's gthread heartbeat
kept the worker "alive". The readers in ``intake`` are bounded themselves;
this is the second wall: whatever a file does, the child dies and takes its
memory with it, and the request thread waits at most ``seconds``.

- ``forkserver`` (``spawn`` where there is none): never ``fork`` of a
  threaded gunicorn worker. The server preloads the parsing modules once per
  worker, so a child starts in tens of milliseconds, not the seconds of
  importing pandas again.
- ``RLIMIT_AS``: the child may grow ``megabytes`` beyond the address space it
  starts with (a MemoryError, answered as "too much memory"); ``RLIMIT_CPU``
  backs up the wall-clock timeout if the parent is gone.
- The result comes back pickled through a pipe; a child killed by a signal
  or one that exceeds ``seconds`` is killed and reported, never waited for.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")

#: Modules the fork server imports once, so a child starts without importing pandas again.
PRELOAD = ["dashboard.upload"]
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
#: Seconds the fork server may take to start and import ``PRELOAD`` (once per process; ~2-10 s on 2 busy cores).
START_SECONDS = 60
#: Pid of the process whose fork server is known to be up (a forked worker must start its own).
_started_in: int | None = None
_starting = threading.Lock()


class Exceeded(Exception):
    """The child ran out of its time (``what == "seconds"``) or memory (``"memory"``)."""

    def __init__(self, what: str, limit: float) -> None:
        super().__init__(f"{what} limit {limit:g} exceeded")
        self.what, self.limit = what, limit


class ChildFailed(Exception):
    """The function raised in the child (its type and message, already logged there), or the child died."""


def _context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _address_space() -> int | None:
    """Bytes of address space this process holds now (Linux ``/proc``), None where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def _limit(megabytes: int, seconds: float) -> None:
    try:
        import resource
    except ImportError:  # not POSIX: the parent's timeout still holds
        return
    now = _address_space()
    if now is not None:
        cap = now + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    cpu = int(seconds) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _child(conn: Connection, func: Callable[..., Any], args: tuple[Any, ...], megabytes: int, seconds: float) -> None:
    """Entry point in the child: limits first, then the work; always answers (or dies trying)."""
    answer: tuple[str, Any]
    try:
        _limit(megabytes, seconds)
        answer = ("ok", func(*args))
    except MemoryError:
        answer = ("memory", None)
    except BaseException as exc:  # the parent logs it; a traceback never reaches a user
        answer = ("error", f"{type(exc).__name__}: {str(exc)[:500]}")
    try:
        conn.send(answer)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the parent gave up (timeout) or exited (a recycled worker): no one is left to answer
    finally:
        conn.close()


def run(func: Callable[..., T], args: tuple[Any, ...], *, seconds: float, megabytes: int) -> T:
    """``func(*args)`` in a child process; ``Exceeded`` past ``seconds`` or ``megabytes``, ``ChildFailed`` else.

    ``func``, ``args`` and the result must pickle (``func`` a module-level function).
    """
    ctx = _context()
    _ensure_started(ctx)
    return _run(ctx, func, args, seconds, megabytes)


def _ensure_started(ctx: Any) -> None:
    """Start the fork server (and its imports) outside any parse's time limit, once per process."""
    global _started_in
    with _starting:
        if _started_in == os.getpid():
            return
        _run(ctx, _ready, (), START_SECONDS, 256)
        _started_in = os.getpid()


def _run(ctx: Any, func: Callable[..., T], args: tuple[Any, ...], seconds: float,
         megabytes: int) -> T:
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(send, func, args, megabytes, seconds), daemon=True)
    process.start()
    send.close()  # the child holds the only writer: EOF as soon as it dies
    try:
        if not receive.poll(seconds):
            raise Exceeded("seconds", seconds)
        try:
            status, value = receive.recv()
        except (EOFError, OSError):  # died without answering: killed by a signal, most often memory
            raise ChildFailed(f"the child exited with code {_exit_code(process)}") from None
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join(5)
        if process.exitcode is not None:
            process.close()
    if status == "memory":
        raise Exceeded("memory", megabytes)
    if status == "error":
        raise ChildFailed(value)
    result: T = value
    return result


def _exit_code(process: Any) -> int | None:
    process.join(1)
    return process.exitcode  # type: ignore[no-any-return]


def warm() -> None:
    """Start this process's fork server now (gunicorn calls it after the fork), so no first upload waits for it."""
    _ensure_started(_context())


def _ready() -> bool:
    return True
