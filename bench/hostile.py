"""``python -m bench.hostile``: slow clients against /healthz, and worker memory during hostile uploads (issue 15).

Two measurements against the real gunicorn (``gunicorn.conf.py``) on loopback:

1. **Slow request bodies.** ``SLOW`` connections each announce a 100 kB body,
   send one byte and stall. While they hold, /healthz is probed every
   ``PROBE_EVERY`` s (``PROBE_TIMEOUT`` s each): how many answer and how fast,
   and when the server cut the stalled connections. Run for several
   arrangements (threads per worker, body deadline on or off).
2. **Uploads.** A sparse XLSX (cells A1 and XFD1048576), a 100,000-column
   CSV, a large legal XLSX and a 25,000-row CSV are dropped on the map page
   through the real callback; the resident memory of every worker and of
   every process under it (the parse children of ``dashboard.isolation``) is
   sampled every 20 ms: peak worker RSS, peak child RSS, worker RSS after.

Every loop is bounded; nothing leaves 127.0.0.1. The database is ``ATLAS_DB``
or ``data/atlas.duckdb``, else the test fixture database is built into a
temporary folder (and the run says so). Figures depend on the machine and on
what else runs on it: report them with that.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.common import ROOT, Skip, emit, free_port, percentile, served
from bench.dashclient import DashClient, http_transport

SLOW = 10
HOLD_SECONDS = 14.0
PROBE_EVERY = 0.5
PROBE_TIMEOUT = 3.0
ARRANGEMENTS = [  # (name, threads per worker, ATLAS_BODY_SECONDS, stalled connections)
    ("gthread 2x4, no body deadline", 4, 3600, SLOW),
    ("gthread 2x32, no body deadline", 32, 3600, SLOW),
    ("gthread 2x4, body deadline 10 s", 4, 10, SLOW),
    ("gthread 2x32, body deadline 10 s", 32, 10, SLOW),
    ("gthread 2x32, body deadline 10 s, 4x the clients", 32, 10, 4 * SLOW),
    ("nginx (deploy/nginx.conf) + gthread 2x4, no body deadline, 4x the clients", 4, 3600, 4 * SLOW),
]


# ------------------------------------------------------------------ plumbing
@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def database() -> Iterator[None]:
    """``ATLAS_DB``/``data/atlas.duckdb`` if present, else the fixture database built now."""
    shipped = Path(os.environ.get("ATLAS_DB") or ROOT / "data" / "atlas.duckdb")
    if shipped.exists():
        emit("hostile.database", str(shipped))
        yield
        return
    from etl.build import build

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "atlas.duckdb"
        build(ROOT / "tests" / "fixtures" / "raw", out)
        emit("hostile.database", "test fixture database (prefectures 13, 36-39), built for this run")
        with environment(ATLAS_DB=str(out)):
            yield


def _healthz(port: int, timeout: float) -> float | None:
    started = time.perf_counter()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", "/healthz")
        ok = conn.getresponse().status == 200
        conn.close()
    except OSError:
        return None
    return time.perf_counter() - started if ok else None


# ------------------------------------------------------------------ slow clients
def _slow_client(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    head = (f"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
    sock.sendall(head.encode("ascii"))
    return sock


def _closed_after(sock: socket.socket, started: float, deadline: float) -> float | None:
    """Seconds until the server answered or closed the stalled connection (None: still open at ``deadline``)."""
    sock.settimeout(max(deadline - time.monotonic(), 0.01))
    try:
        sock.recv(1)  # an answer (408) or EOF both mean the thread was let go
    except OSError:
        return None
    return time.monotonic() - started


def slow_bodies(port: int, slow: int = SLOW, hold: float = HOLD_SECONDS) -> dict[str, Any]:
    """/healthz while ``slow`` connections stall mid-body, and when the server let them go."""
    started = time.monotonic()
    clients = [_slow_client(port) for _ in range(slow)]
    released: list[float | None] = []
    waiter = threading.Thread(target=lambda: released.extend(
        _closed_after(c, started, started + hold) for c in clients))
    waiter.start()
    probes = []
    for _ in range(int(hold / PROBE_EVERY)):
        probes.append(_healthz(port, PROBE_TIMEOUT))
        time.sleep(PROBE_EVERY)
    waiter.join(hold + 5)
    for client in clients:
        client.close()
    after = [_healthz(port, PROBE_TIMEOUT) for _ in range(5)]
    answered = [p for p in probes if p is not None]
    cut = [r for r in released if r is not None]
    return {"probes": len(probes), "answered": len(answered), "p50_ms": percentile(answered, 50) * 1000,
            "max_ms": max(answered, default=float("nan")) * 1000, "after_ok": sum(a is not None for a in after),
            "released": len(cut), "released_after_s": max(cut, default=float("nan"))}


@contextlib.contextmanager
def nginx_in_front(upstream: int) -> Iterator[int]:
    """``deploy/nginx.conf`` (ports rewritten to loopback ones) in front of gunicorn; yields nginx's port."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise Skip("nginx is not installed")
    port = free_port()
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    text = text.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("127.0.0.1:8050", f"127.0.0.1:{upstream}")
    with tempfile.TemporaryDirectory() as prefix:
        conf = Path(prefix) / "nginx.conf"
        # The per-address caps would refuse the bench itself (every client is 127.0.0.1): measure buffering alone.
        for cap in ("limit_req zone=atlas_req burst=40 nodelay;", "limit_conn atlas_conn 20;"):
            text = text.replace(cap, "")
        conf.write_text(text, encoding="utf-8")
        globals_ = f"daemon off; pid {prefix}/nginx.pid; error_log {prefix}/error.log;"
        proc = subprocess.Popen([binary, "-c", str(conf), "-p", prefix, "-g", globals_],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(50):
                if _healthz(port, 1.0) is not None:
                    break
                time.sleep(0.1)
            yield port
        finally:
            proc.terminate()
            proc.wait(10)


def measure_slow_clients() -> None:
    for name, threads, body_seconds, slow in ARRANGEMENTS:
        with environment(ATLAS_BODY_SECONDS=str(body_seconds)), served(workers=2, threads=threads) as server:
            if name.startswith("nginx"):
                with nginx_in_front(server.port) as port:
                    result = slow_bodies(port, slow)
            else:
                result = slow_bodies(server.port, slow)
        key = "hostile.slow." + name.replace(" ", "_").replace(",", "")
        emit(key, f"/healthz answered {result['answered']}/{result['probes']} while {slow} bodies stalled "
                  f"(p50 {result['p50_ms']:.0f} ms, max {result['max_ms']:.0f} ms); after: {result['after_ok']}/5; "
                  f"stalled connections let go: {result['released']}/{slow} "
                  f"(last after {result['released_after_s']:.1f} s)")


# ------------------------------------------------------------------ uploads and memory
def _tree(pid: int) -> list[int]:
    try:
        kids = [int(k) for k in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return kids + [g for k in kids for g in _tree(k)]


def _private_mib(pid: int) -> float:
    """Memory only this process holds (not pages shared with the fork server it came from)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    return sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Private_")) / 1024


def _rss_mib(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0) / 1024


class Sampler(threading.Thread):
    """Peak RSS of the workers (children of the master) and of everything under them, every 20 ms."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master, self.stop, self.worker_peak, self.child_peak = master, threading.Event(), 0.0, 0.0

    def run(self) -> None:
        for _ in range(100_000):  # bounded: ~30 min at most
            if self.stop.wait(0.02):
                return
            for worker in _tree_top(self.master):
                self.worker_peak = max(self.worker_peak, _rss_mib(worker))
                for server in _tree_top(worker):  # the fork server; the parse children are under it
                    for child in _tree(server):
                        self.child_peak = max(self.child_peak, _private_mib(child))


def _tree_top(pid: int) -> list[int]:
    try:
        return [int(k) for k in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _dependencies(port: int) -> list[dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/_dash-dependencies")
    deps: list[dict[str, Any]] = json.loads(conn.getresponse().read())
    conn.close()
    return deps


def hostile_files() -> list[tuple[str, bytes]]:
    import openpyxl

    sparse = openpyxl.Workbook()
    sparse.active["A1"], sparse.active["XFD1048576"] = "団体コード", 1
    large = openpyxl.Workbook(write_only=True)
    sheet = large.create_sheet()
    sheet.append(["団体コード", *(f"値{i}" for i in range(14))])
    for row in range(20_000):
        sheet.append(["362018", *(row * 0.37 + i for i in range(14))])
    files = []
    for name, book in (("sparse.xlsx", sparse), ("large.xlsx", large)):
        out = io.BytesIO()
        book.save(out)
        files.append((name, out.getvalue()))
    wide = ("団体コード," + ",".join(f"c{i}" for i in range(100_000)) + "\r\n362018" + ",1" * 100_000).encode()
    long = ("団体コード,値\r\n" + "".join(f"362018,{i}\r\n" for i in range(25_000))).encode()
    return [files[0], ("wide.csv", wide), files[1], ("long.csv", long)]


def upload(port: int, master: int, name: str, content: bytes) -> dict[str, Any]:
    client = DashClient(http_transport(port), _dependencies(port))
    client.open("/", "")
    client.set_many({("map-upload", "filename"): name, ("map-upload-date", "value"): "2024-03-31"})
    sampler = Sampler(master)
    sampler.start()
    started = time.perf_counter()
    calls = client.change("map-upload", "contents", "data:;base64," + base64.b64encode(content).decode())
    seconds = time.perf_counter() - started
    sampler.stop.set()
    sampler.join(5)
    report = json.dumps(client.get("map-upload-report", "children"), ensure_ascii=False)
    first = report.split('"children": "', 1)[-1].split('"', 1)[0][:70]
    return {"seconds": seconds, "status": max((c.status for c in calls), default=0), "worker_peak": sampler.worker_peak,
            "child_peak": sampler.child_peak, "said": first}


def measure_uploads() -> None:
    files = hostile_files()
    with served(workers=2, threads=32) as server:
        healthy = _healthz(server.port, PROBE_TIMEOUT) is not None
        emit("hostile.upload.worker_rss_before_mib", max((_rss_mib(w) for w in _tree_top(server.pid)), default=0.0))
        for name, content in files:
            result = upload(server.port, server.pid, name, content)
            emit(f"hostile.upload.{name}", f"{len(content) / 1e6:.2f} MB in {result['seconds']:.1f} s "
                 f"(HTTP {result['status']}), peak worker RSS {result['worker_peak']:.0f} MiB, "
                 f"peak parse-child private memory {result['child_peak']:.0f} MiB; said: {result['said']}")
            healthy = healthy and _healthz(server.port, PROBE_TIMEOUT) is not None
        emit("hostile.upload.worker_rss_after_mib", max((_rss_mib(w) for w in _tree_top(server.pid)), default=0.0))
        emit("hostile.upload.healthz_after_each", "ok" if healthy else "FAILED")


def main() -> None:
    emit("hostile.machine", f"{os.cpu_count()} cores, shared with other sessions; Python {sys.version.split()[0]}")
    with database():
        try:
            measure_uploads()
            measure_slow_clients()
        except Skip as exc:
            emit("hostile", f"skipped ({exc})")


if __name__ == "__main__":
    main()
