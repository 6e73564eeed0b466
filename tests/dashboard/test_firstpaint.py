"""The index page carries its own layout (``dashboard.firstpaint``): for every view a URL can ask for,
the page inside the data island is what Dash's page router callback would have sent for that address,
the router is kept quiet by a ``dcc.Location`` that already knows the address, the islands cannot be
closed by hostile text in the query, and they are kept in (and invalidated with) the view cache."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb
import pytest

from dashboard import cache, db, firstpaint, queries, service
from tests.dashboard.rebuilt import replace_with_rebuild

HEADERS = {"Content-Type": "application/json"}
ISLAND = re.compile(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', re.S)
ROUTER = f"..{firstpaint.CONTENT}.children...{firstpaint.STORE}.data.."


def _islands(app: Any, url: str) -> dict[str, Any]:
    response = app.server.test_client().get(url)
    assert response.status_code in (200, 404)
    found = {k: v for k, v in ISLAND.findall(response.get_data(as_text=True)) if k.startswith("atlas-")}
    assert set(found) == {firstpaint.LAYOUT_ID, firstpaint.DEPENDENCIES_ID}, url
    return {k: json.loads(v) for k, v in found.items()}


def _find(node: Any, wanted: str) -> dict[str, Any]:
    """The props of the component with id ``wanted`` in a serialised layout."""
    if isinstance(node, list):
        for item in node:
            found = _find(item, wanted)
            if found:
                return found
    elif isinstance(node, dict) and isinstance(node.get("props"), dict):
        if node["props"].get("id") == wanted:
            return node["props"]
        for value in node["props"].values():
            found = _find(value, wanted)
            if found:
                return found
    return {}


def _router(app: Any, pathname: str, search: str) -> dict[str, Any]:
    """What Dash's page router callback answers when the browser reports this address."""
    body = {
        "output": ROUTER,
        "outputs": [{"id": firstpaint.CONTENT, "property": "children"}, {"id": firstpaint.STORE, "property": "data"}],
        "inputs": [{"id": firstpaint.LOCATION, "property": "pathname", "value": pathname},
                   {"id": firstpaint.LOCATION, "property": "search", "value": search}],
        "changedPropIds": [f"{firstpaint.LOCATION}.pathname", f"{firstpaint.LOCATION}.search"], "state": [],
    }
    response = app.server.test_client().post("/_dash-update-component", data=json.dumps(body), headers=HEADERS)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return json.loads(response.get_data())["response"]  # type: ignore[no-any-return]


def _queries() -> list[dict[str, str]]:
    """Every indicator in both languages, and per indicator one other level, date, prefecture and each rule."""
    options = service.state_options()
    prefs = sorted(options.prefectures)
    out: list[dict[str, str]] = []
    for k, indicator in enumerate(sorted(options.indicators)):
        for lang in ("ja", "en"):
            out.append({"indicator": indicator, "lang": lang})
        dates = options.dates(indicator, "municipality")
        out.append({"indicator": indicator, "level": "prefecture", "rule": ("bottom", "median", "none")[k % 3]})
        out.append({"indicator": indicator, "pref": prefs[k % len(prefs)], "rule": ("pref_bottom", "target")[k % 2],
                    **({"date": dates[0]} if dates else {})})
    out += [{"rule": rule, "threshold": "30"} for rule in ("target", "bottom", "pref_bottom", "median", "none")]
    out += [{"rule": "below", "value": "50"}, {"indicator": "no_such_indicator", "pref": "99"}]
    return out


def test_the_island_page_is_what_the_router_callback_sends_for_every_view(app: Any) -> None:
    queries = _queries()
    assert len(queries) > 60
    for query in [{}, *queries]:
        search = "?" + urlencode(query) if query else ""
        layout = _islands(app, "/" + search)[firstpaint.LAYOUT_ID]
        routed = _router(app, "/", search)
        content = _find(layout, firstpaint.CONTENT)
        assert content, search
        assert json.dumps(content["children"], sort_keys=True) == \
            json.dumps(routed[firstpaint.CONTENT]["children"], sort_keys=True), search
        assert _find(layout, firstpaint.STORE)["data"] == routed[firstpaint.STORE]["data"], search


@pytest.mark.parametrize("path", ["/priority", "/sources", "/progress?lang=en", "/no-such-page"])
def test_other_pages_and_the_404_page_match_the_router_too(app: Any, path: str) -> None:
    pathname, _, query = path.partition("?")
    layout = _islands(app, path)[firstpaint.LAYOUT_ID]
    routed = _router(app, pathname, "?" + query if query else "")
    assert _find(layout, firstpaint.CONTENT)["children"] == routed[firstpaint.CONTENT]["children"]


def test_the_location_knows_the_address_so_the_router_stays_quiet(app: Any) -> None:
    islands = _islands(app, "/?pref=36&lang=en")
    location = _find(islands[firstpaint.LAYOUT_ID], firstpaint.LOCATION)
    # dcc.Location reports the address on mount only for props that are unset (None): all four are set.
    assert location["pathname"] == "/" and location["search"] == "?pref=36&lang=en" and location["hash"] == ""
    assert location["href"].endswith("/?pref=36&lang=en")
    plain = json.loads(app.server.test_client().get("/_dash-layout").get_data())
    assert _find(plain, firstpaint.LOCATION).get("pathname") is None  # the plain layout still lets it report
    routed = json.loads(app.server.test_client().get("/_dash-dependencies").get_data())
    assert islands[firstpaint.DEPENDENCIES_ID] == routed


def test_hostile_query_text_cannot_close_the_island(app: Any) -> None:
    text = app.server.test_client().get(
        "/?indicator=%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E&area=%3C!--").get_data(as_text=True)
    found = dict(ISLAND.findall(text))
    assert "<" not in found[firstpaint.LAYOUT_ID] and ">" not in found[firstpaint.LAYOUT_ID]
    assert "<script>alert" not in text and "</script><script>" not in text.replace("</script>\n<script", "")
    assert json.loads(found[firstpaint.LAYOUT_ID])  # still one whole JSON document


def test_islands_are_kept_in_the_view_cache_and_a_rebuild_replaces_them(
        app: Any, fixture_db: Path, tmp_path: Path) -> None:
    store = app.server.extensions["atlas_view_cache"]
    assert isinstance(store, cache.ViewCache)
    live = tmp_path / "atlas.duckdb"
    shutil.copy(fixture_db, live)
    db.configure(live)
    store.clear()
    first = _islands(app, "/?indicator=mynumber_issuance_rate")
    hits, kept = store.hits, set(store.entries)
    again = _islands(app, "/?indicator=mynumber_issuance_rate")
    assert store.hits > hits and set(store.entries) == kept and again == first  # islands, prerendered page
    before = service.build_id()
    replace_with_rebuild(fixture_db, live)  # what etl.build does
    assert service.build_id() != before
    kept = set(store.entries)
    new = _islands(app, "/?indicator=mynumber_issuance_rate")
    assert set(store.entries) - kept and new != first, "an island of the old build was served after a rebuild"


def test_a_fresh_worker_serves_a_bundle_before_any_index_page(fixture_db: Path) -> None:
    """Preloads and lazy chunks can reach a gunicorn worker that has written no index page yet."""
    import subprocess
    import sys

    code = ("from dashboard.app import server; c = server.test_client(); "
            "print(c.get('/_dash-component-suites/dash/dcc/async-dropdown.js').status_code)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "ATLAS_DB": str(fixture_db)}, cwd=Path(__file__).parents[2])
    assert done.stdout.strip().splitlines()[-1:] == ["200"], done.stderr[-800:]


def test_a_database_the_app_cannot_read_leaves_the_page_to_the_router(app: Any, fixture_db: Path,
                                                                     tmp_path: Path) -> None:
    """An outdated database (a column missing) must not break the index page: no island, the router says why."""
    old = tmp_path / "old.duckdb"
    shutil.copy(fixture_db, old)
    with duckdb.connect(str(old)) as con:
        con.execute("ALTER TABLE indicators DROP COLUMN label_en")
    db.configure(old)
    queries.clear_caches()
    response = app.server.test_client().get("/?lang=en")
    assert response.status_code == 200
    assert firstpaint.LAYOUT_ID not in response.get_data(as_text=True)
