"""The shared view cache (``dashboard.cache``) through the real server: what it serves is byte for byte
what Dash computes, a rebuilt database is never answered from the old build, and one session's upload
never reaches anyone else."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.dashclient import UPDATE, DashClient, flask_dependencies, flask_transport
from dashboard import cache, db, queries, service
from dashboard.pages import ids, map_page
from tests.dashboard.rebuilt import replace_with_rebuild
from tests.dashboard.test_upload import USER, drop

HEADERS = {"Content-Type": "application/json"}


def _store(app: Any) -> cache.ViewCache:
    found = app.server.extensions.get("atlas_view_cache")
    assert isinstance(found, cache.ViewCache), "the app serves callbacks through the view cache by default"
    return found


def _post(app: Any, body: bytes) -> tuple[int, str, bytes]:
    response = app.server.test_client().post(UPDATE, data=body, headers=HEADERS)
    return response.status_code, response.content_type, response.get_data()


def _text(response: tuple[int, str, bytes]) -> str:
    return json.dumps(json.loads(response[2]), ensure_ascii=False)


def _views(app: Any) -> list[bytes]:
    """Callback bodies of many views: every indicator, both languages, a prefecture, each lagging rule."""
    client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
    for search in ("", "?lang=en"):
        client.open("/", search)
        indicators = [o["value"] for o in client.get(ids.INDICATOR, "options")]
        for indicator in indicators:
            client.change(ids.INDICATOR, "value", indicator)
        client.change(ids.PREF, "value", [o["value"] for o in client.get(ids.PREF, "options")][-1])
        for rule in [o["value"] for o in client.get(ids.RULE, "options")]:
            client.change(ids.RULE, "value", rule)
    bodies = list(dict.fromkeys(c.body for c in client.calls if c.status == 200))
    assert len(bodies) > 20
    return bodies


def test_cached_responses_are_byte_identical_to_computed_ones(app: Any) -> None:
    store = _store(app)
    for body in _views(app):
        store.clear()
        hits = store.hits
        computed = _post(app, body)
        served = _post(app, body)
        assert store.hits == hits + 1, f"second request not served from the cache: {body[:120]!r}"
        assert served == computed


def _render_body(app: Any, search: str = "") -> bytes:
    client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
    client.open("/", search)
    calls = client.change(ids.RULE, "value", "none")  # update_view draws the map in the same response
    return next(c.body for c in calls if f"{ids.GRAPH}.figure" in c.output)


def test_a_rebuilt_database_is_not_answered_from_the_old_build(app: Any, fixture_db: Path, tmp_path: Path) -> None:
    live = tmp_path / "atlas.duckdb"
    shutil.copy(fixture_db, live)
    db.configure(live)
    store = _store(app)
    store.clear()
    body = _render_body(app)
    old = _post(app, body)
    assert _post(app, body) == old and store.get(cache.key(json.loads(body), service.build_id())) is not None
    before = service.build_id()

    replace_with_rebuild(fixture_db, live)  # what etl.build does

    assert service.build_id() != before
    new = _post(app, body)
    assert new[0] == 200 and new != old, "the old build's payload was served after a rebuild"
    store.clear()
    assert _post(app, body) == new  # and what is served now is the new build's own payload


def test_an_upload_is_never_stored_nor_served_to_another_session(app: Any,
                                                                callback_runner: Callable[..., Any]) -> None:
    store = _store(app)
    store.clear()
    out = drop(callback_runner, [USER / "names_utf8.csv"], label="図書館の数", unit="館", date="2021-10-01")
    payload, upload_id = out["store"], out["indicator"]
    body = json.loads(_render_body(app))
    view = next(s for s in body["state"] if s["id"] == ids.RENDERED)
    for item in body["inputs"] + body["state"]:  # the view store and the picker show the upload
        if item["id"] == ids.VIEW:
            state = {**item["value"]["state"], "indicator": upload_id, "date": "2021-10-01", "rule": "bottom"}
            item["value"] = {**item["value"], "state": state}
        if item["id"] == ids.INDICATOR:
            item["value"] = upload_id
    view["value"] = None
    for item in body["state"]:
        if item["id"] == ids.UPLOAD_STORE:
            item["value"] = payload
    assert not cache.cacheable(body)
    store.clear()

    mine = _post(app, json.dumps(body).encode())
    assert mine[0] == 200 and "図書館の数" in _text(mine)
    assert store.size == 0 and not store.entries, "an upload's payload was kept in the shared cache"

    for item in body["state"]:
        if item["id"] == ids.UPLOAD_STORE:
            item["value"] = None  # another browser, same link, no upload in its session
    theirs = [_post(app, json.dumps(body).encode()) for _ in range(2)]
    assert theirs[0] == theirs[1] and theirs[0][0] == 200
    assert "図書館の数" not in _text(theirs[0]) and upload_id not in _text(theirs[0])


@pytest.mark.parametrize("output", [f"{map_page.map_downloads.DOWNLOAD}.data", "..map-upload-store.data.."])
def test_downloads_and_the_upload_flow_are_never_cached(output: str) -> None:
    assert not cache.cacheable({"output": output, "inputs": [], "state": []})
    assert cache.cacheable({"output": f"{ids.GRAPH}.figure", "inputs": [], "state": [
        {"id": ids.UPLOAD_STORE, "property": "data", "value": None}]})


def test_the_cache_is_bounded_and_evicts_the_least_recent() -> None:
    store = cache.ViewCache(max_bytes=10)
    for name in "abc":
        store.put(name, b"1234")
    assert list(store.entries) == ["b", "c"] and store.size == 8
    assert store.get("b") == b"1234" and store.get("a") is None
    store.put("d", b"1234")
    assert list(store.entries) == ["b", "d"]
    store.put("big", b"x" * 11)
    assert "big" not in store.entries


def test_warming_fills_every_indicators_default_view_and_the_profile_index() -> None:
    from dashboard.state import parse_query

    assert service.warm() > 0
    options = service.state_options()
    before = service._cached_read.cache_info()
    views = 0
    for ind_id, opt in options.indicators.items():
        for level in opt.levels:
            for lang in ("ja", "en"):
                state = parse_query({"indicator": ind_id, "level": level, "lang": lang}, options)
                if state.indicator == ind_id and state.date is not None:
                    service.view_data(state)
                    views += 1
    after = service._cached_read.cache_info()
    assert views > 0 and after.misses == before.misses and after.hits == before.hits + views
    found = queries._latest_by_area.cache_info()
    code = str(queries.areas("municipality")["code"].iloc[0])
    assert not queries.latest_for_area("municipality", code).empty
    assert queries._latest_by_area.cache_info().misses == found.misses
