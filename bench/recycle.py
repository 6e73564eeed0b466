"""Workers recycled under traffic: every answer still 200, and no traceback in the server log (issue 13).

gunicorn replaces a worker after ``max_requests``. In production that is
every ~50,000 requests; here it is every ~30 (``GUNICORN_MAX_REQUESTS``, as in
``tests/test_gunicorn_warm.py``), for ``BENCH_RECYCLE_SECONDS`` (60) of
back-to-back requests to ``/healthz`` and the map page. So a worker is
replaced every second or two, often while it is still warming in the
background or exporting its warm-up PNG. That test runs ~20 s and saw the
defects this found only now and then: a 500 from Dash's first-request setup
racing the warm-up, tracebacks from an export, a warm-up request or an upload
child cut off by the exit. Prints how many requests were answered, how many
were not 200, how many workers served, and the tracebacks in the log.
"""

from __future__ import annotations

import http.client
import os
import tempfile
import time
from pathlib import Path

from bench.common import emit, served

SECONDS = float(os.environ.get("BENCH_RECYCLE_SECONDS", "60"))
PATHS = ("/healthz", "/healthz", "/healthz", "/")


def _ask(port: int, path: str) -> tuple[int, object]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("X-Request-ID")
    finally:
        conn.close()


def main() -> None:
    with served(workers=2, env_extra={"GUNICORN_MAX_REQUESTS": "30", "GUNICORN_LOGLEVEL": "info"}) as server:
        log = Path(tempfile.gettempdir()) / f"atlas-bench-gunicorn-{server.port}.log"
        answered = failed = 0
        started = time.monotonic()
        while time.monotonic() - started < SECONDS:
            status, _ = _ask(server.port, PATHS[answered % len(PATHS)])
            answered += 1
            failed += status != 200
    text = log.read_text(errors="replace")
    emit("recycle.seconds", round(SECONDS))
    emit("recycle.requests", answered)
    emit("recycle.not_200", failed)
    emit("recycle.workers_booted", text.count("Booting worker"))
    emit("recycle.warm_ups_stopped", text.count("warm-up stopped"))
    emit("recycle.tracebacks", text.count("Traceback"))
    if "Traceback" in text:
        emit("recycle.first_traceback", repr(text[text.find("Traceback"):][:400]))


if __name__ == "__main__":
    main()
