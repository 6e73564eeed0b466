"""Shared plumbing for the benchmarks: output lines, percentiles, the database
under test, and a gunicorn server on a loopback port."""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class Skip(Exception):
    """A part of the benchmark cannot run here (the reason is printed, the rest goes on)."""


@contextlib.contextmanager
def chromium_browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright, or ``Skip`` when either is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise Skip("playwright is not installed") from exc
    if not Path(CHROMIUM).exists():
        raise Skip(f"{CHROMIUM} not found (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def emit(name: str, value: Any) -> None:
    """One ``name: value`` line, flushed at once so a long run shows progress."""
    if isinstance(value, float):
        value = f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    print(f"{name}: {value}", flush=True)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): a value that was actually observed."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def db_path() -> Path:
    """The database the app under test serves: ``ATLAS_DB`` or ``data/atlas.duckdb``."""
    path = Path(os.environ.get("ATLAS_DB") or ROOT / "data" / "atlas.duckdb")
    if not path.exists():
        raise Skip(f"no database at {path}; run `python -m etl build`")
    return path.resolve()


def municipalities() -> int:
    """How many municipality polygons a fully drawn national map has (from the benchmarked database)."""
    import duckdb

    con = duckdb.connect(str(db_path()), read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM areas WHERE level = 'municipality'").fetchone()
    finally:
        con.close()
    return int(row[0]) if row else 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(port: int, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Skip(f"gunicorn exited with status {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise Skip("gunicorn did not become healthy within 60 s")


def workers_rss_mib(master: int) -> list[float]:
    """Resident memory of each gunicorn worker (children of ``master``), from /proc."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    sizes = []
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        kib = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        sizes.append(kib / 1024)
    return sizes


@dataclass(frozen=True)
class Served:
    port: int
    pid: int  # the gunicorn master; its children are the workers


@contextlib.contextmanager
def served(workers: int | None = None, threads: int | None = None) -> Iterator[Served]:
    """Serve the app with the production config (``gunicorn.conf.py``) on 127.0.0.1:<free port>.

    Only the loopback interface: ``--bind`` overrides the config's 0.0.0.0.
    The server (a process this function started) is stopped on exit.
    """
    port = free_port()
    env = {**os.environ, "ATLAS_DB": str(db_path()), "PORT": str(port), "GUNICORN_LOGLEVEL": "warning"}
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    if threads:
        env["GUNICORN_THREADS"] = str(threads)
    command = [sys.executable, "-m", "gunicorn", "dashboard.app:server", "--config", str(ROOT / "gunicorn.conf.py"),
               "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_healthy(port, proc)
        yield Served(port, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def gunicorn(workers: int | None = None, threads: int | None = None) -> Iterator[int]:
    """``served()`` when only the port is needed."""
    with served(workers, threads) as server:
        yield server.port


def configure_in_process() -> Any:
    """The production Flask server in this process, pointed at the database under test."""
    path = db_path()
    os.environ["ATLAS_DB"] = str(path)
    from dashboard import db
    from dashboard.app import server

    db.configure(None)
    return server
