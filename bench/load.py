"""Concurrent simulated users against gunicorn (production config) on 127.0.0.1.

A user's session is recorded once in-process with the real app (the
requests the browser would send: page load, then each action's callback
cascade, ``bench.dashclient``) and replayed by every simulated user over its
own keep-alive HTTP connection, with think time between actions. Sessions
differ per user (indicator, prefecture, area, rule, date), so workers see a
realistic spread of keys rather than one cached view. Static bundles and the
boundary assets are not replayed: browsers cache them (immutable / ETag).

Bounded: each level runs at most ``DURATION`` seconds and ``SESSIONS`` sessions
per user. Only the loopback interface is used. No level starts before every
worker of every instance has answered ``/healthz`` with ``"warm": true``
(``bench.common.wait_warm``; the output says how long that took), so no
figure includes a worker still filling its caches.

``BENCH_LOAD_PIN=1`` pins instance *i* to CPU *i* with ``taskset`` (one
worker each unless ``WEB_CONCURRENCY`` says otherwise) and always puts the
local nginx in front, so one instance on CPU 0 and two on CPUs 0 and 1 are
measured the same way: the fair scale-out comparison on a 2-core machine.
The load generator's own CPU use and the load average are printed with
every level, since the generator shares the machine.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from bench import callbacks, proxy
from bench.common import Served, emit, percentile, served, workers_cpu_seconds, workers_rss_mib
from bench.dashclient import UPDATE, DashClient, flask_dependencies, flask_transport

#: Simulated user levels (issue 13 adds 200: a national briefing, every prefecture opening one link).
USERS = tuple(int(u) for u in os.environ.get("BENCH_LOAD_USERS", "10,50,200").split(",") if u.strip())
#: 2: two gunicorn instances behind a local nginx (loopback only), to show how the app scales out.
INSTANCES = int(os.environ.get("BENCH_LOAD_INSTANCES", "1"))
PIN = os.environ.get("BENCH_LOAD_PIN", "") == "1"
DURATION = float(os.environ.get("BENCH_LOAD_SECONDS", "40"))
SESSIONS = 3
THINK = (1.0, 4.0)  # seconds between a user's actions (uniform); real users pause longer
VARIANTS = 12
HEADERS = {"Content-Type": "application/json", "Accept-Encoding": "gzip, deflate"}

Request = tuple[str, str, bytes]  # method, path, body
Action = list[Request]


def _page_load(search: str = "") -> list[Request]:
    return [("GET", "/" + search, b""), ("GET", "/_dash-layout", b""), ("GET", "/_dash-dependencies", b"")]


def _as_requests(calls: list[Any]) -> list[Request]:
    return [("POST", UPDATE, c.body) for c in calls]


def record_sessions(server: Any) -> list[list[Action]]:
    """``VARIANTS`` realistic sessions: open the map, switch indicator, zoom to a prefecture,
    click an area in it, change the lagging rule, open a time series, move its date, back to all Japan."""
    client = DashClient(flask_transport(server), flask_dependencies(server))
    codes = callbacks.municipality_codes()
    sessions = []
    for v in range(VARIANTS):
        actions: list[Action] = [_page_load() + _as_requests(client.open("/", ""))]
        indicators = callbacks._values(client, "map-indicator")
        prefs = callbacks._values(client, "map-pref")
        pref = prefs[(v * 5) % len(prefs)]
        in_pref = [c for c in codes if c.startswith(pref)] or codes
        steps = [
            ("map-indicator", "value", indicators[(v * 3 + 1) % len(indicators)]),
            ("map-indicator", "value", "mynumber_holding_rate"),
            ("map-pref", "value", pref),
            ("map-graph", "clickData", {"points": [{"customdata": [in_pref[v % len(in_pref)]]}]}),
            ("map-rule", "value", ("median", "pref_bottom", "none", "bottom")[v % 4]),
            ("map-indicator", "value", callbacks.TIME_SERIES),
            ("map-date", "value", v % 5),
            ("map-pref", "value", None),
        ]
        for step in steps:
            actions.append(_as_requests(client.change(*step)))
        sessions.append(actions)
    return sessions


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    actions: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    cpu: float = 0.0  # this process's (the load generator's) CPU seconds during the level
    server_cpu: float = 0.0  # the gunicorn workers' CPU seconds during the level

    def add(self, seconds: list[float], failed: list[str]) -> None:
        with self.lock:
            self.latencies += seconds
            self.actions.append(sum(seconds))
            self.errors += failed


class User(threading.Thread):
    def __init__(self, port: int, sessions: list[list[Action]], start: int, deadline: float, tally: Tally) -> None:
        super().__init__(daemon=True)
        self.port, self.sessions, self.start_at, self.deadline, self.tally = port, sessions, start, deadline, tally
        self.rng = random.Random(start)
        self.conn: http.client.HTTPConnection | None = None

    def _send(self, method: str, path: str, body: bytes) -> tuple[float, str | None]:
        for attempt in (1, 2):  # a keep-alive connection the server closed is reopened once, as browsers do
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body or None, headers=HEADERS)
                response = self.conn.getresponse()
                response.read()
                seconds = time.perf_counter() - started
                ok = response.status in (200, 204, 304)
                return seconds, None if ok else f"{method} {path} -> {response.status}"
            except (OSError, http.client.HTTPException) as exc:
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    return time.perf_counter() - started, f"{method} {path} -> {type(exc).__name__}"
        raise AssertionError("unreachable")

    def run(self) -> None:
        time.sleep(self.rng.uniform(0, THINK[1]))  # users arrive spread out, not all at t=0
        for n in range(SESSIONS):
            for action in self.sessions[(self.start_at + n) % len(self.sessions)]:
                if time.monotonic() > self.deadline:
                    return
                timings, failed = [], []
                for method, path, body in action:
                    seconds, error = self._send(method, path, body)
                    timings.append(seconds)
                    failed += [error] if error else []
                self.tally.add(timings, failed)
                time.sleep(self.rng.uniform(*THINK))


def run_level(port: int, sessions: list[list[Action]], users: int, masters: list[int]) -> Tally:
    tally = Tally()
    server_cpu = sum(workers_cpu_seconds(m) for m in masters)
    deadline = time.monotonic() + DURATION
    threads = [User(port, sessions, i, deadline, tally) for i in range(users)]
    started, cpu = time.monotonic(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=DURATION + 60)
    tally.wall = time.monotonic() - started
    tally.cpu = time.process_time() - cpu
    tally.server_cpu = sum(workers_cpu_seconds(m) for m in masters) - server_cpu
    return tally


def report(users: int, tally: Tally) -> None:
    wall = tally.wall
    prefix = f"load.users_{users}"
    emit(f"{prefix}.requests", len(tally.latencies))
    emit(f"{prefix}.errors", len(tally.errors))
    emit(f"{prefix}.request_p50_ms", percentile(tally.latencies, 50) * 1000)
    emit(f"{prefix}.request_p95_ms", percentile(tally.latencies, 95) * 1000)
    emit(f"{prefix}.request_max_ms", max(tally.latencies, default=0) * 1000)
    emit(f"{prefix}.action_p95_ms", percentile(tally.actions, 95) * 1000)
    emit(f"{prefix}.throughput_rps", len(tally.latencies) / wall if wall else 0.0)
    emit(f"{prefix}.seconds", wall)
    emit(f"{prefix}.generator_cpu_percent", 100 * tally.cpu / wall if wall else 0.0)
    emit(f"{prefix}.server_cpu_percent", 100 * tally.server_cpu / wall if wall else 0.0)
    emit(f"{prefix}.server_cpu_ms_per_request", 1000 * tally.server_cpu / max(1, len(tally.latencies)))
    emit(f"{prefix}.load_average_1min", os.getloadavg()[0])
    for error in sorted(set(tally.errors))[:5]:
        print(f"# error: {error}", flush=True)


def _levels(port: int, sessions: list[list[Action]], servers: list[Served], label: str) -> None:
    masters = [s.pid for s in servers]
    emit(f"load.{label}", f"workers={servers[0].workers} threads={os.environ.get('GUNICORN_THREADS', '32')} "
                          f"instances={len(masters)} pinned={'yes' if PIN else 'no'} "
                          f"{os.environ.get('GUNICORN_CMD_ARGS', '')}".strip())
    emit("load.warm", f"all {sum(s.workers for s in servers)} workers answered warm "
                      f"{max(s.warm_seconds for s in servers):.1f} s after start; levels start only then")
    for users in USERS:
        report(users, run_level(port, sessions, users, masters))
    rss = [r for m in masters for r in workers_rss_mib(m)]
    if rss:
        emit("load.worker_rss_mib_max", max(rss))
        emit("load.worker_rss_mib_sum", sum(rss))


def main() -> None:
    from bench.common import configure_in_process

    sessions = record_sessions(configure_in_process())
    emit("load.think_time_s", f"{THINK[0]:g}-{THINK[1]:g}")
    emit("load.requests_per_session", sum(len(a) for a in sessions[0]))
    if INSTANCES <= 1 and not PIN:
        with served() as server:
            _levels(server.port, sessions, [server], "gunicorn")
        return
    workers = None if os.environ.get("WEB_CONCURRENCY") or not PIN else 1
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(served(workers, extra=["taskset", "-c", str(i % (os.cpu_count() or 1))]
                                               if PIN else None)) for i in range(max(1, INSTANCES))]
        port = stack.enter_context(proxy.nginx([s.port for s in servers]))
        _levels(port, sessions, servers, "nginx_gunicorn")


if __name__ == "__main__":
    main()
