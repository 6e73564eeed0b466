"""Callback latency and bytes per interaction, through the real Flask app.

Each interaction is what one user action costs the server: the control's
callback and every server callback it cascades into (``update_view`` →
``render_map``, ranking, profile, table view), posted in order with the
bodies the browser would send (``bench.dashclient``). Time is the sum over
those requests (the server work per action, an upper bound on what the user
waits, since the browser sends the follow-ups in parallel); bytes are the
response bodies as JSON and as gzip on the wire.

Values rotate through every indicator, prefecture, date, rule and many
areas, so the figures include first-time (uncached) work, not one warm key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import duckdb

from bench.common import db_path, emit, percentile
from bench.dashclient import Call, DashClient, flask_dependencies, flask_transport

REPS = 60
TIME_SERIES = "mynumber_issuance_rate"


@dataclass(frozen=True)
class Interaction:
    """A user action: the page it starts from and the prop it sets on repetition ``i``."""

    name: str
    start: str  # query string of the starting view
    step: Callable[[DashClient, int], tuple[str, str, Any]]
    path: str = "/"  # the page the view is on


@dataclass(frozen=True)
class Measured:
    name: str
    seconds: list[float]
    json_bytes: list[int]
    wire_bytes: list[int]
    requests: list[int]

    def p(self, what: str, q: float) -> float:
        return percentile(getattr(self, what), q)


def _values(client: DashClient, component: str) -> list[Any]:
    options = client.get(component, "options") or []
    return [o["value"] for o in options
            if isinstance(o, dict) and not o.get("disabled") and not str(o["value"]).startswith("__")]


def _indicator(client: DashClient, i: int) -> tuple[str, str, Any]:
    values = _values(client, "map-indicator")
    current = client.get("map-indicator", "value")
    candidates = [v for v in values if v != current]
    return "map-indicator", "value", candidates[i % len(candidates)]


def _date(client: DashClient, i: int) -> tuple[str, str, Any]:
    top = int(client.get("map-date", "max") or 0)
    current = client.get("map-date", "value")
    value = (i * 7) % (top + 1)
    return "map-date", "value", (value + 1) % (top + 1) if value == current else value


def _prefecture(client: DashClient, i: int) -> tuple[str, str, Any]:
    prefs = _values(client, "map-pref")
    return "map-pref", "value", prefs[(i * 11) % len(prefs)]


def _rule(client: DashClient, i: int) -> tuple[str, str, Any]:
    rules = _values(client, "map-rule")
    current = client.get("map-rule", "value")
    candidates = [r for r in rules if r != current]
    return "map-rule", "value", candidates[i % len(candidates)]


def municipality_codes() -> list[str]:
    con = duckdb.connect(str(db_path()), read_only=True)
    try:
        rows = con.execute("SELECT code FROM areas WHERE level = 'municipality' ORDER BY code").fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def _click(codes: list[str]) -> Callable[[DashClient, int], tuple[str, str, Any]]:
    def step(_client: DashClient, i: int) -> tuple[str, str, Any]:
        code = codes[(i * 97) % len(codes)]
        return "map-graph", "clickData", {"points": [{"curveNumber": 0, "location": code, "customdata": [code]}]}

    return step


def _rotate(component: str, stride: int = 1) -> Callable[[DashClient, int], tuple[str, str, Any]]:
    """Step through a dropdown's options (skipping the current value), as a user trying each in turn."""
    def step(client: DashClient, i: int) -> tuple[str, str, Any]:
        current = client.get(component, "value")
        candidates = [v for v in _values(client, component) if v != current]
        return component, "value", candidates[(i * stride) % len(candidates)]

    return step


def _compare_areas(codes: list[str], n: int = 3) -> Callable[[DashClient, int], tuple[str, str, Any]]:
    def step(_client: DashClient, i: int) -> tuple[str, str, Any]:
        return "cmp-areas", "value", [codes[(i * 97 + k * 331) % len(codes)] for k in range(n)]

    return step


def _scatter_pref(client: DashClient, i: int) -> tuple[str, str, Any]:
    prefs = _values(client, "sc-pref")
    return "sc-pref", "value", prefs[(i * 11) % len(prefs)]


def _progress_pref(client: DashClient, i: int) -> tuple[str, str, Any]:
    prefs = _values(client, "prog-pref")
    return "prog-pref", "value", prefs[(i * 11) % len(prefs)]


def insight_interactions(codes: list[str]) -> list[Interaction]:
    """The insight pages (issue 11): every control of progress, compare and scatter."""
    return [
        Interaction("progress_indicator_switch", "", _rotate("prog-indicator"), "/progress"),
        Interaction("progress_prefecture_filter", "", _progress_pref, "/progress"),
        Interaction("progress_period_change", f"?indicator={TIME_SERIES}", _rotate("prog-from"), "/progress"),
        Interaction("compare_areas_change", "?areas=" + ",".join(codes[:3]), _compare_areas(codes), "/compare"),
        Interaction("compare_eight_areas", "?areas=" + ",".join(codes[:8]), _compare_areas(codes, 8), "/compare"),
        Interaction("scatter_axis_switch", "", _rotate("sc-y", 3), "/scatter"),
        Interaction("scatter_x_switch", f"?area={codes[len(codes) // 2]}", _rotate("sc-x", 5), "/scatter"),
        Interaction("scatter_prefecture_filter", "", _scatter_pref, "/scatter"),
        Interaction("scatter_lines_switch", "", _rotate("sc-lines"), "/scatter"),
    ]


def interactions(codes: list[str]) -> list[Interaction]:
    return [
        Interaction("indicator_switch", "", _indicator),
        Interaction("date_change", f"?indicator={TIME_SERIES}", _date),
        Interaction("prefecture_filter", "", _prefecture),
        Interaction("lagging_rule_change", "", _rule),
        Interaction("area_click", "", _click(codes)),
        *insight_interactions(codes),
    ]


def run_interaction(client: DashClient, action: Interaction, reps: int) -> Iterator[list[Call]]:
    """Open the starting view, then perform the action ``reps`` times (state carries over, as for a user)."""
    client.open(action.path, action.start)
    for i in range(reps):
        yield client.change(*action.step(client, i))


def measure(server: Any, reps: int = REPS, insight_only: bool = False) -> dict[str, Measured]:
    """Every interaction (``insight_only``: the insight pages' alone, for a short locked run)."""
    client = DashClient(flask_transport(server), flask_dependencies(server))
    results: dict[str, Measured] = {}
    codes = municipality_codes()
    if not insight_only:
        page = [client.open("/", "") for _ in range(10)]
        results["page_load"] = _collect("page_load", page)
    for action in insight_interactions(codes) if insight_only else interactions(codes):
        results[action.name] = _collect(action.name, list(run_interaction(client, action, reps)))
    return results


def _collect(name: str, rounds: list[list[Call]]) -> Measured:
    bad = [c for r in rounds for c in r if c.status not in (200, 204)]
    if bad:
        raise RuntimeError(f"{name}: {len(bad)} callback requests failed (first status {bad[0].status})")
    return Measured(name, [sum(c.seconds for c in r) for r in rounds], [sum(c.json_bytes for c in r) for r in rounds],
                    [sum(c.wire_bytes for c in r) for r in rounds], [len(r) for r in rounds])


def print_results(results: dict[str, Measured], prefix: str = "callback") -> None:
    for name, m in results.items():
        emit(f"{prefix}.{name}.reps", len(m.seconds))
        emit(f"{prefix}.{name}.p50_ms", m.p("seconds", 50) * 1000)
        emit(f"{prefix}.{name}.p95_ms", m.p("seconds", 95) * 1000)
        emit(f"{prefix}.{name}.json_bytes_p50", int(m.p("json_bytes", 50)))
        emit(f"{prefix}.{name}.gzip_bytes_p50", int(m.p("wire_bytes", 50)))
        emit(f"{prefix}.{name}.requests_p50", int(m.p("requests", 50)))


def main(argv: list[str] | None = None) -> dict[str, Measured]:
    """``python -m bench.callbacks [insight]``: all interactions, or the insight pages' only."""
    import sys

    from bench.common import configure_in_process

    args = sys.argv[1:] if argv is None else argv
    results = measure(configure_in_process(), insight_only="insight" in args)
    print_results(results)
    return results


if __name__ == "__main__":
    main()
