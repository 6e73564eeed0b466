"""Every server callback and every page's URL parameters, fed hostile input
through the real Flask app: each answer is a clean result, a 204
(PreventUpdate) or a 4xx, never a 500.

The callbacks come from the app itself (``/_dash-dependencies`` after
``create_app()``), so a callback added later is covered without editing this
file. Baseline values for the inputs not being attacked are the real props of
the rendered pages (``bench.dashclient`` plays the renderer), so each request
differs from a genuine one in exactly one value.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import dash
import pytest

from bench.dashclient import DashClient, flask_dependencies, flask_transport

HOSTILE: list[Any] = [
    None, "", "x' OR 1=1 --", "'; DROP TABLE indicator_values; --", "A" * 100_000, "<script>alert(1)</script>",
    "../../../etc/passwd", "\u0000\uffff", 12345, -1, 10**30, 1e308, 3.5, True, [], ["a", "b"], [None, {"x": 1}],
    {}, {"points": "x"}, {"points": [{"customdata": "x' OR 1=1 --"}]}, {"state": ["x"], "query": 5},
]


@pytest.fixture(scope="module")
def app(fixture_db: Path) -> Iterator[dash.Dash]:
    """The production app object (``dashboard.app.app``) serving the fixture database via ``ATLAS_DB``."""
    from dashboard import db
    from dashboard.app import app as dash_app

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ATLAS_DB", str(fixture_db))
        db.configure(None)
        yield dash_app
        db.configure(None)


@pytest.fixture(scope="module")
def page_props(app: dash.Dash) -> dict[tuple[str, str], Any]:
    """Props of every registered page as first rendered (realistic baseline values)."""
    props: dict[tuple[str, str], Any] = {}
    for page in dash.page_registry.values():
        client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
        calls = client.open(page["path"], "")
        assert all(c.status in (200, 204) for c in calls), f"page {page['path']} failed to render"
        props.update(client.props)
    return props


def _server_callbacks(app: dash.Dash) -> list[dict[str, Any]]:
    deps = flask_dependencies(app.server)
    found = [d for d in deps if not d.get("clientside_function")]
    assert len(found) >= 5, "create_app() registered no callbacks (was another Dash app created first?)"
    return found


def _entry(item: dict[str, Any], props: dict[tuple[str, str], Any], value: Any = None, *, hostile: bool = False
           ) -> dict[str, Any]:
    current = value if hostile else props.get((str(item["id"]), item["property"].split("@")[0]))
    return {"id": item["id"], "property": item["property"], "value": current}


def _requests(dep: dict[str, Any], props: dict[tuple[str, str], Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """One body per (input or state, hostile value), the attacked input named as the trigger."""
    client = DashClient(lambda *_: (0, {}, b""), [dep])
    base = client.body(dep, set())
    slots = [("inputs", i) for i in range(len(dep["inputs"]))] + [("state", i) for i in range(len(dep["state"]))]
    for where, index in slots:
        for value in HOSTILE:
            body = json.loads(json.dumps(base))
            body["inputs"] = [_entry(i, props) for i in dep["inputs"]]
            body["state"] = [_entry(s, props) for s in dep["state"]]
            body[where][index]["value"] = value
            trigger = dep["inputs"][index if where == "inputs" else 0]
            body["changedPropIds"] = [f"{trigger['id']}.{trigger['property']}"]
            label = f"{dep['output'][:60]} {where}[{index}]={json.dumps(value)[:40]}"
            yield label, body


def test_every_callback_survives_hostile_values(app: dash.Dash, page_props: dict[tuple[str, str], Any]) -> None:
    client = app.server.test_client()
    failures = []
    count = 0
    for dep in _server_callbacks(app):
        for label, body in _requests(dep, page_props):
            response = client.post("/_dash-update-component", json=body)
            count += 1
            if response.status_code >= 500:
                failures.append(label)
            else:
                assert b"Traceback" not in response.data, label
    assert count > 100
    assert not failures, f"{len(failures)} of {count} hostile callback requests got a 5xx:\n" + "\n".join(failures[:40])


MALFORMED: list[tuple[str, Any]] = [
    ("not an object", ["output"]),
    ("unknown callback", {"output": "no-such.children", "outputs": {"id": "no-such", "property": "children"},
                          "inputs": [], "changedPropIds": []}),
    ("sql as output", {"output": "x' OR 1=1 --", "inputs": [], "changedPropIds": []}),
    ("output not a string", {"output": ["map-view.data"], "inputs": []}),
]


@pytest.mark.parametrize(("name", "body"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_callback_requests_get_400(app: dash.Dash, name: str, body: Any) -> None:
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 400, name
    assert response.mimetype == "text/plain"


def test_forged_component_ids_get_400(app: dash.Dash, page_props: dict[tuple[str, str], Any]) -> None:
    client = app.server.test_client()
    for dep in _server_callbacks(app):
        _, body = next(_requests(dep, page_props))
        for mutate in ("id", "property", "missing", "extra", "outputs"):
            forged = json.loads(json.dumps(body))
            if mutate == "id":
                forged["inputs"][0]["id"] = "x' OR 1=1 --"
            elif mutate == "property":
                forged["inputs"][0]["property"] = "__proto__"
            elif mutate == "missing":
                forged["inputs"] = forged["inputs"][1:]
            elif mutate == "extra":
                forged["inputs"] = [*forged["inputs"], {"id": "evil", "property": "value", "value": 1}]
            else:
                forged["outputs"] = {"id": "evil", "property": "children"}
            response = client.post("/_dash-update-component", json=forged)
            assert response.status_code == 400, (dep["output"][:60], mutate, response.status_code)


def test_non_json_and_oversized_bodies(app: dash.Dash) -> None:
    client = app.server.test_client()
    assert client.post("/_dash-update-component", data=b"{not json", content_type="application/json").status_code == 400
    assert client.post("/_dash-update-component", data=b"output=x", content_type="text/plain").status_code == 400
    limit = app.server.config["MAX_CONTENT_LENGTH"]
    big = client.post("/_dash-update-component", data=b" " * (limit + 1), content_type="application/json")
    assert big.status_code == 413
    assert b"Traceback" not in big.data


URLS = [
    "indicator=x%27%20OR%201%3D1%20--", "indicator=", "indicator=a&indicator=b", "level=galaxy", "date=2024-13-45",
    "date=%27%3B%20DROP%20TABLE%20areas%3B--", "pref=99", "pref=1", "pref[]=13", "rule=everything", "threshold=-5",
    "threshold=1e9", "threshold=NaN", "lang=xx", "area=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "area=99999",
    "ind=nope,also_nope", "ind=", "kaso=NaN", "ageing=1e309", "kaso=-1&ageing=abc", "x=" + "A" * 100_000,
    "indicator=" + "B" * 100_000, "%ff%fe=%00", "lang=en&lang=ja",
]


@pytest.mark.parametrize("query", URLS, ids=[u[:40] for u in URLS])
def test_hostile_url_parameters_fall_back(app: dash.Dash, query: str) -> None:
    """Every page rendered from a hostile query string: the page router answers 200 with a layout."""
    for page in dash.page_registry.values():
        client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
        calls = client.open(page["path"], "?" + query)
        assert calls and all(c.status < 500 for c in calls), (page["path"], query, [c.status for c in calls])
        assert calls[0].status == 200
        assert client.get("_pages_content", "children") is not None
        index = app.server.test_client().get(page["path"] + "?" + query)
        assert index.status_code == 200


def test_bad_url_values_are_reported_not_hidden(app: dash.Dash) -> None:
    client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
    client.open("/", "?indicator=x%27%20OR%201%3D1%20--&pref=99")
    text = json.dumps(client.get("_pages_content", "children"), ensure_ascii=False)
    assert "notice" in text
    state = client.get("map-view", "data")["state"]
    assert state["pref"] is None
    assert state["indicator"] != "x' OR 1=1 --"


#: Each page's URL parameters (what its ``layout`` reads) and values that once passed ``isdigit`` or
#: Python's number parsing: superscripts, circled and fullwidth digits, huge numbers, NUL, 10 kB strings.
PAGE_PARAMS = {"/": ("indicator", "level", "date", "pref", "rule", "threshold", "lang", "area"),
               "/priority": ("ind", "pref", "kaso", "ageing", "lang"), "/sources": ("lang",)}
URL_VALUES = ["²", "①", "１３", "٣", "9" * 400, "1e308", "nan", "-inf", "\x00", "13\x00", "A" * 10_000, "0x1F"]


@pytest.mark.parametrize("path", list(PAGE_PARAMS))
def test_every_url_parameter_with_unicode_digits_and_junk(app: dash.Dash, path: str) -> None:
    """Each (page, parameter, value) through the real server: 200, the default kept, never a 500."""
    failures = []
    plain = DashClient(flask_transport(app.server), flask_dependencies(app.server))
    plain.open("/", "")
    defaults = plain.get("map-view", "data")["state"]
    for name in PAGE_PARAMS[path]:
        for value in URL_VALUES:
            query = "?" + urlencode({name: value})
            client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
            calls = client.open(path, query)
            if not calls or calls[0].status != 200 or any(c.status >= 500 for c in calls):
                failures.append((name, value[:12], [c.status for c in calls]))
                continue
            if path == "/":
                assert client.get("map-view", "data")["state"][name] == defaults[name], (name, value[:12])
                assert "URLの「" in json.dumps(client.get("map-notices", "children"), ensure_ascii=False), name
            if app.server.test_client().get(path + query).status_code != 200:
                failures.append((name, value[:12], "index"))
    assert not failures, failures


@pytest.mark.parametrize("value", ["²", "①", "１０"])
def test_threshold_with_a_unicode_digit_falls_back_with_a_notice(app: dash.Dash, value: str) -> None:
    """The issue 15 case: ``?threshold=²`` answered 500 (``isdigit`` yes, ``int`` no)."""
    client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
    calls = client.open("/", "?" + urlencode({"threshold": value}))
    assert [c.status for c in calls if c.status >= 500] == []
    assert client.get("map-view", "data")["state"]["threshold"] == 20
    assert value in json.dumps(client.get("map-notices", "children"), ensure_ascii=False)
    assert app.server.test_client().get("/healthz").status_code == 200
