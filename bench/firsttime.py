"""``python -m bench firsttime``: is anything a user does slower the first time after the server starts? (issue 13)

Starts a fresh gunicorn with the production config (one worker, so every
"first" below really is that process's first), waits until it answers warm,
then over HTTP, as the browser would (``bench.dashclient``), does each action
once and then ``LATER`` more times on *other* areas, prefectures and files,
so the later figures are not answered from the view cache either:

- ``profile``: click a municipality on the national map (the profile opens);
- ``prefecture``: filter the map to a prefecture;
- ``export_png``: the PNG download of a prefecture view (the export renderer);
- ``upload``: drop a small CSV (parsed in the isolated child) and get its report.

Prints ``firsttime.<action>.first_ms``, ``.later_median_ms`` and their ratio.
``BENCH_FIRSTTIME_ROUNDS`` (default 2) repeats the whole run with a new
server each time and reports the median first and median later time over
the rounds: one first time is one sample, and a shared machine is noisy.
``BENCH_FIRSTTIME_WARMUP=0`` serves without the post-fork warm-up, to show
what it saves.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench import callbacks
from bench.common import emit, served
from bench.dashclient import DashClient, http_transport

LATER = 4
PREFS = ("13", "01", "27", "47", "32", "08")
KIND = "png"
DOWNLOAD = "map-download.data"
BUTTON = "map-download-button"


def _client(port: int) -> DashClient:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/_dash-dependencies")
    deps: list[dict[str, Any]] = json.loads(conn.getresponse().read())
    conn.close()
    client = DashClient(http_transport(port), deps)
    client.open("/", "")
    return client


def _timed(step: Callable[[int], list[Any]], n: int) -> float:
    started = time.perf_counter()
    calls = step(n)
    seconds = time.perf_counter() - started
    bad = [c for c in calls if c.status not in (200, 204)]
    if bad:
        raise RuntimeError(f"{bad[0].output} answered {bad[0].status}")
    return seconds


def _export(client: DashClient) -> list[Any]:
    """The download callback's request as the renderer sends it (pattern-matching ``ALL`` buttons)."""
    from dashboard.export.files import KINDS

    dep = next(d for d in client.dependencies if d["output"] == DOWNLOAD)
    buttons = [{"id": {"kind": k, "type": BUTTON}, "property": "n_clicks", "value": int(k == KIND)} for k in KINDS]
    state = [{"id": s["id"], "property": s["property"], "value": client.get(s["id"], s["property"])}
             for s in dep.get("state", [])]
    body = {"output": DOWNLOAD, "outputs": {"id": "map-download", "property": "data"}, "inputs": [buttons],
            "changedPropIds": [json.dumps({"kind": KIND, "type": BUTTON}, separators=(",", ":")) + ".n_clicks"],
            "state": state}
    call, response = client.post(DOWNLOAD, json.dumps(body).encode())
    if not response or "map-download" not in response.get("response", {}):
        raise RuntimeError(f"export answered {call.status} without a file")
    return [call]


def _upload(client: DashClient, codes: list[str], n: int) -> list[Any]:
    """A small CSV of 50 municipalities (a synthetic user file: bench input, not atlas data)."""
    rows = "".join(f"{c},{(i * 7 + n) % 100}.5\r\n" for i, c in enumerate(codes[n * 50:(n + 1) * 50]))
    content = ("団体コード,値\r\n" + rows).encode()
    client.set_many({("map-upload", "filename"): f"bench{n}.csv", ("map-upload-date", "value"): "2024-03-31"})
    return client.change("map-upload", "contents", "data:text/csv;base64," + base64.b64encode(content).decode())


def _steps(client: DashClient, codes: list[str]) -> dict[str, Callable[[int], list[Any]]]:
    def prefecture(n: int) -> list[Any]:
        calls = client.change("map-pref", "value", PREFS[n])
        client.change("map-pref", "value", None)  # back to all Japan (part of the action's cost as well)
        return calls

    def export(n: int) -> list[Any]:
        client.change("map-pref", "value", PREFS[-1 - n])
        return _export(client)

    return {
        "profile": lambda n: client.change("map-graph", "clickData", {"points": [{"customdata": [codes[n * 97]]}]}),
        "prefecture": prefecture,
        "export_png": export,
        "upload": lambda n: _upload(client, codes, n),
    }


def measure(port: int) -> dict[str, list[float]]:
    """Each action's first time (index 0), then ``LATER`` more, in the order a new visitor might go."""
    codes = callbacks.municipality_codes()
    times: dict[str, list[float]] = {}
    for name, step in _steps(_client(port), codes).items():
        times[name] = [_timed(step, n) for n in range(1 + LATER)]
    return times


def main() -> None:
    warmup = os.environ.get("BENCH_FIRSTTIME_WARMUP", "1") != "0"
    rounds: list[dict[str, list[float]]] = []
    for _ in range(max(1, int(os.environ.get("BENCH_FIRSTTIME_ROUNDS", "2")))):
        with served(workers=1, warm=warmup, env_extra={"ATLAS_WARMUP": "1" if warmup else "0"}) as server:
            emit("firsttime.server", f"fresh gunicorn, 1 worker, warm-up {'on' if warmup else 'off'}"
                                     + (f", answered warm {server.warm_seconds:.1f} s after start" if warmup else ""))
            rounds.append(measure(server.port))
    emit("firsttime.rounds", len(rounds))
    for name in rounds[0]:
        firsts = [r[name][0] * 1000 for r in rounds]
        laters = [t * 1000 for r in rounds for t in r[name][1:]]
        first, later = statistics.median(firsts), statistics.median(laters)
        emit(f"firsttime.{name}.first_ms", first)
        emit(f"firsttime.{name}.first_each_ms", " ".join(f"{f:.0f}" for f in firsts))
        emit(f"firsttime.{name}.later_median_ms", later)
        emit(f"firsttime.{name}.later_max_ms", max(laters))
        emit(f"firsttime.{name}.first_over_later", first / later if later else 0.0)
    emit("firsttime.load_average_1min", os.getloadavg()[0])


if __name__ == "__main__":
    main()
