"""Shared plumbing for the benchmarks: output lines, percentiles, the database
under test, and a gunicorn server on a loopback port."""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
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
    raise Skip(f"gunicorn did not become healthy within {timeout:.0f} s")


def _probe(port: int) -> tuple[int, bool] | None:
    """One ``/healthz`` on a new connection: (answering worker's pid, warm?), or None."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        body = json.loads(response.read() or b"{}")
        conn.close()
    except (OSError, ValueError):
        return None
    if response.status != 200 or "worker" not in body:
        return None
    return int(body["worker"]), bool(body.get("warm"))


def wait_warm(port: int, workers: int, timeout: float = 240.0) -> float:
    """Wait until ``workers`` distinct worker processes behind ``port`` have answered ``"warm": true``.

    Gunicorn lets a worker accept only after its warm-up (``gunicorn.conf.py``),
    so the first answer only proves one worker ready; probes in parallel, on
    new connections, reach the others as they start accepting. Returns the
    seconds waited; raises ``Skip`` when they never all answer warm.
    """
    from concurrent.futures import ThreadPoolExecutor

    started, warm = time.monotonic(), set()
    with ThreadPoolExecutor(4) as pool:
        while time.monotonic() - started < timeout:
            for answer in pool.map(_probe, [port] * 4):
                if answer is not None and answer[1]:
                    warm.add(answer[0])
            if len(warm) >= workers:
                return time.monotonic() - started
            time.sleep(0.2)
    raise Skip(f"only {len(warm)} of {workers} workers answered warm within {timeout:.0f} s (ATLAS_WARMUP=0?)")


def workers_cpu_seconds(master: int) -> float:
    """CPU seconds (user + system) used so far by the workers of ``master`` (its direct children), from /proc.

    Measured before and after a load level, the difference divided by the
    requests served is the server's CPU cost per request: a figure that other
    processes on a shared machine change far less than latency. A worker that
    exited during the level takes its count with it (recycling undercounts).
    """
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return 0.0
    ticks = 0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


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
    workers: int = 0
    warm_seconds: float = 0.0  # from the start of gunicorn until every worker answered warm


@contextlib.contextmanager
def served(workers: int | None = None, threads: int | None = None, warm: bool = True,
           extra: list[str] | None = None, env_extra: dict[str, str] | None = None) -> Iterator[Served]:
    """Serve the app with the production config (``gunicorn.conf.py``) on 127.0.0.1:<free port>.

    Only the loopback interface: ``--bind`` overrides the config's 0.0.0.0.
    With ``warm`` (the default) it returns only once every worker has
    finished its warm-up, so no measurement runs beside a warming worker.
    ``extra`` goes before the command (``["taskset", "-c", "0"]`` pins it to
    CPU 0); ``env_extra`` adds settings. The server (a process this function
    started) is stopped on exit.
    """
    port = free_port()
    env = {**os.environ, "ATLAS_DB": str(db_path()), "PORT": str(port), "GUNICORN_LOGLEVEL": "warning",
           **(env_extra or {})}
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    if threads:
        env["GUNICORN_THREADS"] = str(threads)
    count = int(env.get("WEB_CONCURRENCY") or 2)
    command = [*(extra or []), sys.executable, "-m", "gunicorn", "dashboard.app:server",
               "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}",
               "--access-logfile", "/dev/null"]
    started = time.monotonic()
    log = Path(tempfile.gettempdir()) / f"atlas-bench-gunicorn-{port}.log"  # kept for reading after a bad run
    sink = log.open("wb")
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=sink)
    try:
        _wait_healthy(port, proc, timeout=240.0)
        if warm:
            wait_warm(port, count)
        yield Served(port, proc.pid, count, time.monotonic() - started if warm else 0.0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        sink.close()


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
