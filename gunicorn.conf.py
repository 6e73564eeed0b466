"""Gunicorn settings for ``gunicorn dashboard.app:server`` (see Procfile), all from the environment.

Workers are independent processes: each opens ``data/atlas.duckdb`` (or
``ATLAS_DB``) read-only on its first request, after the fork, and keeps
per-process caches, so any number of workers and instances can serve the
same file. Threads let one worker overlap requests; DuckDB gives every thread
its own cursor (``dashboard/db.py``).

Under a crowd (issue 13) each worker answers repeated views from its own
bounded cache of callback responses (``dashboard/cache.py``,
``ATLAS_VIEW_CACHE_MB``, default 64) and fills every indicator's caches at
boot (``post_worker_init`` below). Scaling out needs no coordination: the
app keeps no state between requests and the database is a read-only file, so
N instances (each ``WEB_CONCURRENCY`` ≈ its cores) behind any load balancer
serve N times the users; ``BENCH_LOAD_INSTANCES=2 python -m bench load`` runs
two behind a local nginx (``bench/proxy.py``), and ``BENCH_LOAD_PIN=1`` pins
instance i to CPU i with ``taskset`` for a fair 1-vs-2 comparison on one
2-core machine. Measured 2026-12-02 (200 users, 30 s, behind nginx) while other
sessions held the load average at 19-26, so the instances got only 0.3-0.5 of a
core and the latencies say little: 1 instance on CPU 0: 0 errors, request p95
1,219 ms, 201 requests/s, 2.3 ms of worker CPU per request; 2 instances on CPUs
0 and 1: 0 errors, p95 4,428 ms, 87 requests/s, 3.3 ms per request. The CPU
cost per request stays about the same with a second instance (no coordination
overhead), which is what linear scaling needs; a quiet machine must show the rest.

Every worker warms after the fork and before it accepts a connection
(``post_worker_init``); ``/healthz`` reports ``"warm"`` and the worker's pid,
and the load bench starts only once every worker answered warm.
"""

import multiprocessing
import os
import sys
import threading
import time
from typing import Any

from dashboard.settings import DEFAULT_PORT, SettingsError, check_environment, env_int

# A typo in the environment stops the start with one sentence (before any worker forks),
# instead of serving on a default port, limit or framing policy nobody asked for.
try:
    check_environment()
except SettingsError as exc:
    sys.exit(f"error: {exc}")

bind = f"0.0.0.0:{env_int(os.environ, 'PORT', DEFAULT_PORT, 1, 65535)}"
#: WEB_CONCURRENCY is the PaaS convention (Heroku, Render, Scalingo...) for "processes per instance".
#: 2 x 32 gthread, chosen by ``python -m bench load`` on this 2-core machine (200 users, 30 s, 2026-12-02;
#: other sessions kept the load average at 14-25, so every latency below is inflated and runs taken
#: at different loads compare only roughly):
#:
#:   workers x threads  errors  request p95  action p95  requests/s  worker RSS sum  load avg
#:   2 x 32                  0       190 ms     1,105 ms         356         868 MiB      13.8
#:   2 x 32 (again)          0       721 ms     3,317 ms         261         894 MiB      13.8
#:   3 x 16                  0     1,003 ms     4,711 ms         224       1,208 MiB      23.3
#:   4 x 8                   0     1,498 ms     7,221 ms         203       1,561 MiB      24.8
#:   1 x 64                  0     1,414 ms     6,096 ms         187         457 MiB      23.0
#:
#: Each worker holds its own caches (~400-450 MiB resident), so a third or fourth worker costs 300-700
#: MiB and, on two cores, only adds processes competing for them; one worker cannot use the second core
#: (the GIL), although it spends the least CPU per request (1.7 ms against 2.7-4.0: one view cache
#: shared by every user). Sync workers were not measured: each holds one connection, so a client that
#: stalls its body (issue 15) blocks a whole worker unless a buffering proxy is in front.
workers = env_int(os.environ, "WEB_CONCURRENCY", 2, 1, 256)
#: Threads wait on slow clients as much as they compute: 32 per worker, so ten connections that announce
#: a body and stall (issue 15) leave /healthz and users answered (bench/hostile.py: 2x4 threads answered
#: 19 of 28 health probes, 2x32 all 28). CPU work is still bounded by the GIL and the cores; a stalled
#: body is cut after ATLAS_BODY_SECONDS (dashboard.server.BodyDeadline). Behind nginx (deploy/nginx.conf)
#: requests arrive whole and this matters less.
threads = env_int(os.environ, "GUNICORN_THREADS", 32, 1, 256)
worker_class = "gthread"
#: Import the app once in the master, then fork: shared read-only pages of pandas/plotly/dash.
#: Safe because nothing opens the database at import time (dashboard/db.py opens it after the fork).
preload_app = True
timeout = env_int(os.environ, "GUNICORN_TIMEOUT", 30, 1, 3600)
graceful_timeout = 20
keepalive = 5
#: Request line and headers: the app's URLs are short; refuse oversized or padded headers early.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
#: Recycle workers now and then so a slow leak cannot grow without bound; jitter avoids all at once.
#: 50,000 (kept, confirmed): under a crowd (200 users, ~150 requests/s per worker) that recycles a worker
#: every ~5 min at most, and each recycle costs one warm-up (~10 s of CPU on a quiet machine, 30-60 s
#: wall under load) during which the siblings serve alone. Frequent recycling is costly: at 1,500 (a
#: recycle every ~8 s per worker, before the sibling rule in post_worker_init) both workers warmed at once
#: and 68 of 4,328 requests timed out (p95 19.6 s, 64 requests/s). A recycled worker's first requests are
#: not slow: it accepts only once warm (tests/test_gunicorn_warm.py). The hostile bench found no growth
#: to recycle away (248 -> 247 MiB), so 0 (never) would also do; the recycle stays as a cheap guard.
max_requests = env_int(os.environ, "GUNICORN_MAX_REQUESTS", 50000, 0, 10**9)
max_requests_jitter = max_requests // 10  # a tenth: 5,000 at the default, 3 for a test's 30
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "").strip() or "info"
#: Longest warm-up the heartbeat covers (then the usual ``timeout`` applies).
WARMUP_SECONDS = 120.0
#: Apache "combined" format (what log tools parse), then the duration and the request id
#: (``X-Request-ID``, also shown on error pages: dashboard/requestlog.py).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms rid=%({x-request-id}o)s'


#: Shared by the master and the workers it forks after reading this file: how many workers are warming
#: now, and whether any has ever finished (the first boot is over). See ``post_worker_init``.
_warming = multiprocessing.Value("i", 0)
_booted = multiprocessing.Value("b", 0)
#: This worker's background warm-up thread, if it warms so (``worker_exit`` waits for its current step).
_background_warm_up: list[threading.Thread] = []
#: How long an exiting worker waits for its background warm-up's current step (a page or an export).
WARMUP_STOP_SECONDS = 15.0


def post_worker_init(worker: Any) -> None:
    """Warm this worker before it accepts a connection (``ATLAS_WARMUP=0`` turns it off).

    Synchronous as a rule: gunicorn runs this before the worker's accept
    loop, so a fresh or recycled worker takes no traffic until its caches,
    export renderer and upload parser are ready (``dashboard.server.warm_up``;
    ~10 s on a quiet 2-core machine, up to a minute under load), and its
    siblings serve meanwhile. At the first boot every worker warms so (no
    traffic yet; ``/healthz`` answers once one is warm). Later, a worker that
    would leave *no* sibling serving (one worker, or every worker recycled at
    once) warms in the background and serves at once: slower first requests
    rather than none (``max_requests`` at 1,500 without this rule: 68 requests
    timed out while both workers warmed together).
    """
    from dashboard.app import app
    from dashboard.server import finish_setup

    finish_setup(app)  # before any thread serves, warm-up or not: Dash's first-request setup is not thread-safe
    if os.environ.get("ATLAS_WARMUP", "1") == "0":
        return
    with _warming.get_lock():
        alone = bool(_booted.value) and _warming.value + 1 >= worker.cfg.workers
        _warming.value += 1
    if alone:
        worker.log.info("warming in the background: no sibling worker is serving")
        thread = threading.Thread(target=_warm, args=(worker,), name="warm-up", daemon=True)
        _background_warm_up.append(thread)
        thread.start()
    else:
        _warm(worker)


def worker_exit(server: Any, worker: Any) -> None:
    """Close the export browser while Python still runs normally (an export in flight is cancelled).

    Left to ``atexit``, it closed after Python had shut its thread pools down,
    and a warm-up export cut off then failed with a traceback in the log.
    """
    from dashboard import health
    from dashboard.export.render import shut_down

    health.stop_warming()
    warming = _background_warm_up
    if warming:  # let its current step finish while the database and thread pools still work
        warming[0].join(WARMUP_STOP_SECONDS)
    shut_down()


def _warm(worker: Any) -> None:
    """``warm_up`` with a heartbeat that keeps the master from taking a long warm-up for a hung worker."""
    started = time.monotonic()
    done = threading.Event()

    def heartbeat() -> None:  # bounded: a warm-up stuck past WARMUP_SECONDS is left to the timeout
        while not done.wait(1.0) and time.monotonic() - started < WARMUP_SECONDS:
            try:
                worker.notify()
            except (OSError, ValueError):  # the worker is exiting (recycled while warming in the background)
                return

    threading.Thread(target=heartbeat, name="warm-up-heartbeat", daemon=True).start()
    from dashboard.health import WarmUpStopped

    try:
        from dashboard.app import app
        from dashboard.server import warm_up

        pages = warm_up(app)
    except WarmUpStopped:
        worker.log.info("warm-up stopped: the worker is exiting")
        return
    except Exception:  # a failed warm-up must not stop the worker: /healthz reports the real problem
        if worker.alive:
            worker.log.exception("warm-up failed")
        else:  # recycled while warming in the background: its database connection is closed under it
            worker.log.info("warm-up stopped: the worker is exiting")
        return
    finally:
        done.set()
        with _warming.get_lock():
            _warming.value -= 1
            _booted.value = 1
    worker.log.info("warmed %d pages in %.2f s", pages, time.monotonic() - started)
