"""``python -m bench [part ...]`` (``make bench``): every measurement, one ``name: value`` per line.

Parts, in order: build, callbacks, baseline, browser, browser_first_map,
load, firsttime, exports, upload, recycle. Name some
to run only those. A part that cannot run here (no Chromium, no
``bench/exports.py`` yet) prints ``<part>: skipped (<reason>)``; a part that
fails prints ``<part>: failed (<error>)``, the others still run, and the
exit status is 1.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bench.common import Skip, db_path, emit

PARTS = ("build", "callbacks", "baseline", "browser", "browser_first_map", "load", "firsttime", "exports", "upload",
         "recycle")


def _machine() -> None:
    emit("bench.date", datetime.now().astimezone().isoformat(timespec="seconds"))
    emit("bench.cpus", os.cpu_count() or 0)
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            kib = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
        emit("bench.memory_gib", round(kib / 1024 / 1024, 1))
    except (OSError, StopIteration, ValueError):
        pass
    emit("bench.python", platform.python_version())
    emit("bench.database", db_path())


def _optional(name: str) -> Callable[[], Any]:
    """A part written alongside this one (``bench/<name>.py`` with ``main()``), skipped when absent."""

    def run() -> Any:
        if importlib.util.find_spec(f"bench.{name}") is None:
            raise Skip(f"bench/{name}.py not present")
        runner = getattr(importlib.import_module(f"bench.{name}"), "main", None)
        if runner is None:
            raise Skip(f"bench/{name}.py has no main()")
        return runner()

    return run


def _runners(results: dict[str, Any]) -> dict[str, Callable[[], Any]]:
    from bench import baseline, browser, build, callbacks, load

    return {
        "build": build.main,
        "callbacks": callbacks.main,
        "baseline": lambda: baseline.main(results.get("callbacks")),
        "browser": browser.main,
        "browser_first_map": _optional("browser_first_map"),
        "load": load.main,
        "firsttime": _optional("firsttime"),
        "exports": _optional("exports"),
        "upload": _optional("upload"),
        "recycle": _optional("recycle"),
    }


def main(argv: list[str]) -> int:
    wanted = [a for a in argv if a in PARTS] or list(PARTS)
    unknown = [a for a in argv if a not in PARTS]
    if unknown:
        print(f"unknown part(s): {', '.join(unknown)}; choose from {', '.join(PARTS)}", file=sys.stderr)
        return 2
    try:
        _machine()
    except Skip as skip:
        print(f"bench: skipped ({skip})", flush=True)
        return 1
    results: dict[str, Any] = {}
    runners = _runners(results)
    failed = False
    for name in PARTS:
        if name not in wanted:
            continue
        started = time.perf_counter()
        try:
            results[name] = runners[name]()
        except Skip as skip:
            print(f"{name}: skipped ({skip})", flush=True)
            continue
        except Exception as exc:  # one broken part must not hide the others' figures
            failed = True
            print(f"{name}: failed ({type(exc).__name__}: {exc})", flush=True)
            traceback.print_exc(file=sys.stderr)
            continue
        emit(f"bench.{name}.wall_seconds", time.perf_counter() - started)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
