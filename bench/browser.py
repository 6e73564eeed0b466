"""What a user sees, timed in headless Chromium against gunicorn on loopback.

- first map draw: from navigation start (``performance.now()`` is 0 there)
  to the moment the choropleth layer holds a path for (nearly) every
  municipality; once with an empty cache (new browser context, so the
  boundary asset is downloaded) and once on reload (cached, as for a
  returning user);
- re-colour: from the indicator change (made through
  ``dash_clientside.set_props``, exactly what the dropdown does) to the
  moment the paths' fill colours differ from before.

Console errors (including Content-Security-Policy violations) over the whole
run are counted and printed: the target is zero.
"""

from __future__ import annotations

from typing import Any

from bench.common import chromium_browser, emit, gunicorn, municipalities, percentile

COLD_REPS = 5
WARM_REPS = 5
RECOLOUR_REPS = 12
SWITCH_TO = ("mynumber_issuance_rate", "online_procedures_32", "dx_governance_score", "mynumber_holding_rate")

_DRAWN = """(expected) => {
    const n = document.querySelectorAll('#map-graph .choroplethlayer path.choroplethlocation').length;
    return n >= expected ? performance.now() : false;
}"""
_FILLS = """() => Array.from(document.querySelectorAll('#map-graph .choroplethlayer .trace:first-child path'))
    .slice(0, 400).map(p => p.style.fill || p.getAttribute('fill')).join('|')"""
_RECOLOURED = """(before) => {
    const now = Array.from(document.querySelectorAll('#map-graph .choroplethlayer .trace:first-child path'))
        .slice(0, 400).map(p => p.style.fill || p.getAttribute('fill')).join('|');
    return now !== before && now.length > 0 ? performance.now() : false;
}"""
_SWITCH = """(value) => { const t = performance.now();
    window.dash_clientside.set_props('map-indicator', {value: value}); return t; }"""


def _first_draw(page: Any, url: str, expected: int) -> float:
    page.goto(url, wait_until="domcontentloaded")
    return float(page.wait_for_function(_DRAWN, arg=expected, timeout=60_000).json_value())


def _recolour(page: Any, indicator: str) -> float:
    before = page.evaluate(_FILLS)
    started = page.evaluate(_SWITCH, indicator)
    done = page.wait_for_function(_RECOLOURED, arg=before, timeout=30_000).json_value()
    return float(done) - float(started)


def measure(port: int) -> dict[str, list[float]]:
    url = f"http://127.0.0.1:{port}/"
    expected = int(municipalities() * 0.95)
    errors: list[str] = []
    out: dict[str, list[float]] = {"cold": [], "warm": [], "recolour": []}
    with chromium_browser() as browser:
        for _ in range(COLD_REPS):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            out["cold"].append(_first_draw(page, url, expected))
            for _ in range(WARM_REPS // COLD_REPS or 1):
                out["warm"].append(_first_draw(page, url, expected))
            context.close()
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        _first_draw(page, url, expected)
        page.wait_for_timeout(500)
        for i in range(RECOLOUR_REPS):
            out["recolour"].append(_recolour(page, SWITCH_TO[i % len(SWITCH_TO)]))
            page.wait_for_timeout(200)
        context.close()
    out["errors"] = [float(len(errors))]
    for text in errors[:5]:
        print(f"# console error: {text[:200]}", flush=True)
    return out


def main() -> dict[str, list[float]]:
    with gunicorn() as port:
        out = measure(port)
    emit("browser.first_map_draw.cold_p50_ms", percentile(out["cold"], 50))
    emit("browser.first_map_draw.cold_max_ms", max(out["cold"]))
    emit("browser.first_map_draw.cached_p50_ms", percentile(out["warm"], 50))
    emit("browser.recolour.p50_ms", percentile(out["recolour"], 50))
    emit("browser.recolour.p95_ms", percentile(out["recolour"], 95))
    emit("browser.recolour.reps", len(out["recolour"]))
    emit("browser.console_errors", int(out["errors"][0]))
    return out


if __name__ == "__main__":
    main()
