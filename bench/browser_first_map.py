"""Where the first map draw's time goes, in headless Chromium against gunicorn on loopback.

``bench/browser.py`` says *how long* the first draw takes; this module says
*why*, by splitting one page load into the steps the browser goes through:

1. ``html``: the index page arrives (navigation ``responseEnd``);
2. ``scripts``: Dash's bundles are downloaded and run (``domContentLoaded``:
   they are ordinary scripts at the end of ``<body>``);
3. ``layout``: the renderer's ``_dash-layout``/``_dash-dependencies`` requests;
4. ``callbacks``: every ``_dash-update-component`` round trip, named by its
   output, with its server time (request sent → first response byte; on
   loopback that is the server's time) and bytes on the wire;
5. ``plotly``: plotly.js fetched (``plotly_fetch``) and evaluated
   (``plotly_ready``: when ``window.Plotly`` is assigned);
6. ``geojson``: the boundary assets fetched (``geojson_end``);
7. ``visible``: the map is on screen: its still picture (``dashboard.still``) painted by the
   HTML before any script ran (element timing), or the live map if that came first;
   ``drawn``: the live choropleth holds a path for ≥95 % of municipalities (clickable);
8. ``cls``: the cumulative layout shift of the load (``layout-shift`` entries
   without recent input, until ``SETTLE_MS`` after the draw; target < 0.1).

The page carries its own layout (``dashboard.firstpaint``), so no
``_dash-layout`` request and no page-router callback precede the draw; a
``callback`` line before the draw would mean that has regressed.

The same cold and warm loads are then repeated beside one busy core
(``busy_core``: a process of this bench spinning on CPU 0, like
``stress --cpu 1``), reported as ``first_map.one_core_busy.*``, with the load
average before and after each phase (the machine may be shared).

All times are milliseconds after navigation start. Each cold run uses a new
browser context (empty HTTP cache: a first visit); each warm run reloads in
the same context (cached bundles and boundaries: a returning visitor). The
issue's target (first draw ≤ 1.0 s, issue 13) is about the first visit: ``cold``.

Script parse/compile/evaluate time per bundle comes from a Chrome trace of
separate runs (tracing slows the page, so those runs are not timed).

``python -m bench.browser_first_map`` prints ``name: value`` lines (medians);
``measure(port)`` returns the raw runs for other bench parts.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from bench.common import chromium_browser, emit, gunicorn, municipalities, percentile

RUNS = 5
TRACED_RUNS = 2
#: How long after the map is drawn a load is still watched (callbacks finishing, late layout shifts).
SETTLE_MS = 1000
VIEWPORT = {"width": 1280, "height": 800}

#: Installed before any page script: notes when ``window.Plotly`` is assigned
#: (plotly.js ends with ``window.Plotly = Plotly``) and which callback each
#: ``_dash-update-component`` request was for (its body names the output).
_INIT = """(() => {
    const log = window.__firstMap = {plotly: null, calls: [], cls: 0, shifts: 0, visible: null};
    try {  // the map's still picture painted (dashboard/still.py; element timing of the prerendered page)
        new PerformanceObserver(list => list.getEntries().forEach(e => {
            if (e.identifier === 'first-map' && log.visible === null) { log.visible = e.renderTime || e.loadTime; }
        })).observe({type: 'element', buffered: true});
    } catch (e) { /* no element timing: "visible" is reported as nan */ }
    try {  // cumulative layout shift (issue 9 §6: < 0.1 on cold load); shifts right after input do not count
        new PerformanceObserver(list => list.getEntries().forEach(e => {
            if (!e.hadRecentInput) { log.cls += e.value; log.shifts += 1; } }))
            .observe({type: 'layout-shift', buffered: true});
    } catch (e) { log.cls = null; }
    let plotly;
    Object.defineProperty(window, 'Plotly', {configurable: true,
        get() { return plotly; },
        set(v) { if (log.plotly === null) { log.plotly = performance.now(); } plotly = v; }});
    const original = window.fetch;
    window.fetch = function (input, init) {
        const url = typeof input === 'string' ? input : (input && input.url) || '';
        if (url.indexOf('_dash-update-component') >= 0 && init && typeof init.body === 'string') {
            let output = '?';
            try { output = JSON.parse(init.body).output; } catch (e) { /* not JSON */ }
            log.calls.push({output: output, start: performance.now()});
        }
        return original.apply(this, arguments);
    };
})();"""

_DRAWN = """(expected) => {
    const n = document.querySelectorAll('#map-graph .choroplethlayer path.choroplethlocation').length;
    return n >= expected ? performance.now() : false;
}"""

_COLLECT = """() => ({
    nav: performance.getEntriesByType('navigation')[0].toJSON(),
    resources: performance.getEntriesByType('resource').map(r => r.toJSON()),
    paint: performance.getEntriesByType('paint').map(p => ({name: p.name, start: p.startTime})),
    log: window.__firstMap,
})"""


def _kind(url: str) -> str:
    if "_dash-update-component" in url:
        return "callback"
    if "/geo/" in url:
        return "geojson"
    if "_dash-layout" in url or "_dash-dependencies" in url:
        return "layout"
    if "plotly" in url.rsplit("/", 1)[-1] and url.split("?")[0].endswith(".js"):
        return "plotly"
    if url.split("?")[0].endswith(".js"):
        return "js"
    return "other"


def _summary(raw: dict[str, Any], drawn: float) -> dict[str, Any]:
    """One page load as named figures (ms after navigation start, bytes on the wire)."""
    nav = raw["nav"]
    out: dict[str, Any] = {"drawn": drawn, "html": nav["responseEnd"], "scripts": nav["domContentLoadedEventEnd"],
                           "visible": min(raw["log"]["visible"] or drawn, drawn),
                           "plotly_ready": raw["log"]["plotly"] or float("nan"),
                           "cls": raw["log"]["cls"] if raw["log"]["cls"] is not None else float("nan")}
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in raw["resources"]:
        by_kind[_kind(entry["name"])].append(entry)
    before = [e for e in raw["resources"] if e["startTime"] <= drawn]
    out["bytes_before_draw"] = nav["transferSize"] + sum(e["transferSize"] for e in before)
    out["requests_before_draw"] = 1 + len(before)
    for kind in ("js", "plotly", "layout", "geojson", "callback"):
        entries = [e for e in by_kind[kind] if e["startTime"] <= drawn]
        out[f"{kind}_bytes"] = sum(e["transferSize"] for e in entries)
        out[f"{kind}_end"] = max((e["responseEnd"] for e in entries), default=float("nan"))
        out[f"{kind}_start"] = min((e["startTime"] for e in entries), default=float("nan"))
    calls = sorted(by_kind["callback"], key=lambda e: e["startTime"])
    names = [c["output"] for c in raw["log"]["calls"]]
    out["callbacks"] = [
        {"output": names[i] if i < len(names) else "?", "start": c["startTime"], "end": c["responseEnd"],
         "server": c["responseStart"] - c["requestStart"], "bytes": c["transferSize"]}
        for i, c in enumerate(calls) if c["startTime"] <= drawn
    ]
    out["urls"] = sorted({e["name"].split("?")[0] for e in before})
    return out


def _load(page: Any, url: str, expected: int) -> dict[str, Any]:
    page.goto(url, wait_until="domcontentloaded")
    drawn = float(page.wait_for_function(_DRAWN, arg=expected, timeout=60_000).json_value())
    page.wait_for_timeout(SETTLE_MS)  # in-flight callbacks finish (complete timings); late layout shifts count
    return _summary(page.evaluate(_COLLECT), drawn)


def _new_page(browser: Any, errors: list[str]) -> tuple[Any, Any]:
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(_INIT)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page


def _script_times(trace: bytes) -> dict[str, float]:
    """Milliseconds of compile + evaluate per script URL (main thread), from a Chrome trace."""
    events = json.loads(trace).get("traceEvents", [])
    totals: dict[str, float] = defaultdict(float)
    for ev in events:
        if ev.get("ph") != "X" or ev.get("name") not in ("EvaluateScript", "v8.compile", "v8.compileModule"):
            continue
        data = ev.get("args", {}).get("data", {}) or {}
        url = data.get("url") or ev.get("args", {}).get("fileName") or ""
        if ev.get("name") == "EvaluateScript":  # compile runs inside EvaluateScript: count the outer event
            totals[url.split("?")[0].rsplit("/", 1)[-1] or "inline"] += ev.get("dur", 0) / 1000
    return dict(totals)


def measure(port: int, runs: int = RUNS, traced: int = TRACED_RUNS) -> dict[str, Any]:
    """Cold and warm page loads (summaries), script times from traced cold loads, console errors."""
    url = f"http://127.0.0.1:{port}/"
    expected = int(municipalities() * 0.95)
    errors: list[str] = []
    out: dict[str, Any] = {"cold": [], "warm": [], "scripts": [], "errors": errors}
    with chromium_browser() as browser:
        context, page = _new_page(browser, errors)
        _load(page, url, expected)  # the server's first request and Chromium's first renderer: not counted
        context.close()
        for _ in range(runs):
            context, page = _new_page(browser, errors)
            out["cold"].append(_load(page, url, expected))
            out["warm"].append(_load(page, url, expected))
            context.close()
        for _ in range(traced):
            context, page = _new_page(browser, errors)
            browser.start_tracing(page=page, categories=["devtools.timeline", "v8"])
            _load(page, url, expected)
            out["scripts"].append(_script_times(browser.stop_tracing()))
            context.close()
    return out


def _median(runs: list[dict[str, Any]], key: str) -> float:
    values = [r[key] for r in runs if isinstance(r.get(key), int | float) and r[key] == r[key]]
    return statistics.median(values) if values else float("nan")


def report(out: dict[str, Any]) -> None:
    """Median figures per phase, cold and warm, then the slowest scripts and the callbacks."""
    keys = ("html", "scripts", "layout_end", "plotly_start", "plotly_end", "plotly_ready", "callback_start",
            "callback_end", "geojson_start", "geojson_end", "visible", "drawn", "bytes_before_draw",
            "requests_before_draw",
            "js_bytes", "plotly_bytes", "callback_bytes", "geojson_bytes")
    for cache in ("cold", "warm"):
        for key in keys:
            emit(f"first_map.{cache}.{key}", _median(out[cache], key))
        emit(f"first_map.{cache}.draw_after_inputs_ms", _median([{"d": r["drawn"] - max(
            [t for t in (r["geojson_end"], r["plotly_ready"], r["callback_end"]) if t == t] or [0.0])}
            for r in out[cache]], "d"))
    headline(out, "first_map")
    totals: dict[str, list[float]] = defaultdict(list)
    for run in out["scripts"]:
        for name, ms in run.items():
            totals[name].append(ms)
    for name, values in sorted(totals.items(), key=lambda kv: -statistics.median(kv[1]))[:8]:
        emit(f"first_map.script_eval_ms.{name}", statistics.median(values))
    cold = out["cold"][len(out["cold"]) // 2] if out["cold"] else {"callbacks": [], "urls": []}
    for i, call in enumerate(cold["callbacks"]):
        emit(f"first_map.cold.callback{i}", f"{call['output'][:70]} start={call['start']:.0f} "
             f"end={call['end']:.0f} server={call['server']:.0f}ms bytes={call['bytes']}")
    for u in cold["urls"]:
        print(f"# requested before draw: {u}", flush=True)
    emit("first_map.console_errors", len(out["errors"]))
    for text in out["errors"][:5]:
        print(f"# console error: {text[:200]}", flush=True)


def headline(out: dict[str, Any], prefix: str) -> None:
    """The issue's figures: first map cold p50 and max, cached p50, and the worst cumulative layout shift.

    ``visible_*``: the map is on screen (its still picture, or the live map if that came first);
    ``cold_*``/``cached_*``: the live, clickable plotly.js map is drawn.
    """
    emit(f"{prefix}.visible_cold_p50_ms", percentile([r["visible"] for r in out["cold"]], 50))
    emit(f"{prefix}.visible_cold_max_ms", max((r["visible"] for r in out["cold"]), default=float("nan")))
    emit(f"{prefix}.visible_cached_p50_ms", percentile([r["visible"] for r in out["warm"]], 50))
    cold = [r["drawn"] for r in out["cold"]]
    emit(f"{prefix}.cold_p50_ms", percentile(cold, 50))
    emit(f"{prefix}.cold_max_ms", max(cold) if cold else float("nan"))
    emit(f"{prefix}.cached_p50_ms", percentile([r["drawn"] for r in out["warm"]], 50))
    emit(f"{prefix}.cold_cls_max", max((r["cls"] for r in out["cold"] if r["cls"] == r["cls"]), default=float("nan")))
    emit(f"{prefix}.cold_cls_p50", _median(out["cold"], "cls"))


@contextlib.contextmanager
def busy_core(cpu: int = 0) -> Iterator[int]:
    """CPU contention, as ``stress --cpu 1`` pinned to one core: a process of this bench spinning on ``cpu``
    at normal priority while the browser and the server run (they may use every core, this one shared)."""
    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"],
                            preexec_fn=lambda: os.sched_setaffinity(0, {cpu}))
    try:
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()


def _load_average(when: str) -> None:
    one, five, _ = os.getloadavg()
    emit(f"first_map.load_average_{when}", f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs")


def main() -> dict[str, Any]:
    """Quiet runs (with the trace-based script times), then the same loads beside one busy core."""
    with gunicorn() as port:
        _load_average("before")
        out = measure(port)
        _load_average("after_quiet_runs")
        with busy_core():
            contended = measure(port, traced=0)
        _load_average("after_contended_runs")
    report(out)
    headline(contended, "first_map.one_core_busy")
    emit("first_map.one_core_busy.console_errors", len(contended["errors"]))
    return {**out, "one_core_busy": contended}


if __name__ == "__main__":
    main()
