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

import base64
import http.client
import io
import json
import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

import dash
import openpyxl
import pytest

from bench.dashclient import DashClient, flask_dependencies, flask_transport
from dashboard import figures, service, userlayer
from dashboard.export import frame as export_frame
from dashboard.pages import ids, map_downloads, map_view

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
        if page["module"] == "not_found_404":
            continue  # the page for unknown addresses answers 404 by design (tests/e2e/test_framing_e2e.py)
        client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
        calls = client.open(page["path"], "?" + query)
        assert calls and all(c.status < 500 for c in calls), (page["path"], query, [c.status for c in calls])
        assert calls[0].status == 200
        assert client.get("_pages_content", "children") is not None
        index = app.server.test_client().get(page["path"] + "?" + query)
        assert index.status_code == (404 if page["module"] == "not_found_404" else 200)  # the 404 page says 404


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
#: The insight pages (``dashboard.insight_state``): no 5xx and a page for every value (their notices are theirs).
INSIGHT_PARAMS = {"/progress": ("indicator", "level", "pref", "from", "lang"),
                  "/compare": ("areas", "pref", "trend", "lines", "lang"), "/scatter": ("x", "y", "pref", "lang")}
ROOT = Path(__file__).resolve().parents[2]
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


@pytest.mark.parametrize("path", list(INSIGHT_PARAMS))
def test_insight_pages_take_hostile_url_values(app: dash.Dash, path: str) -> None:
    if path not in {p["path"] for p in dash.page_registry.values()}:
        pytest.skip(f"{path} is not registered")
    failures = []
    for name in INSIGHT_PARAMS[path]:
        for value in ["²", "２０２０", "٣٦٢٠١", "2020\n", "\x00", "9" * 400, "A" * 10_000]:
            query = "?" + urlencode({name: value})
            calls = DashClient(flask_transport(app.server), flask_dependencies(app.server)).open(path, query)
            if not calls or calls[0].status != 200 or any(c.status >= 500 for c in calls):
                failures.append((name, value[:12], [c.status for c in calls]))
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


# ------------------------------------------------------------ values an upload may hold
def _data_url(content: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(content).decode("ascii")


def _upload(app: dash.Dash, rows: list[str], unit: str = "") -> DashClient:
    """Drop a two-column CSV (団体コード, 値; 徳島市 then 鳴門市) on the map page through the real server."""
    client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
    client.open("/", "")
    content = "\r\n".join(["団体コード,値", *(f"{code},{v}" for code, v in zip(("362018", "362026"), rows,
                                                                            strict=True))]).encode()
    client.set_many({(ids.UPLOAD, "filename"): "values.csv", (ids.UPLOAD_DATE, "value"): "2024-03-31",
                     (ids.UPLOAD_UNIT, "value"): unit})
    calls = client.change(ids.UPLOAD, "contents", _data_url(content))
    assert calls and all(c.status < 500 for c in calls), [(c.output[:40], c.status) for c in calls]
    return client


BOUNDS = "-1,000,000,000,000,000〜1,000,000,000,000,000"
HUGE = [(["12", "1e308"], "", f"3行目・列「値」：1e308 は妥当な範囲（{BOUNDS}）の外です"),
        (["-1e308", "12"], "", "2行目・列「値」：-1e308 は妥当な範囲"),
        (["1e999", "12"], "", "2行目・列「値」：「1e999」は有限の数値ではありません"),
        (["12", "-1e999"], "", "3行目・列「値」：「-1e999」は有限の数値ではありません"),
        (["1.5e15", "12"], "", "2行目・列「値」：1.5e15 は妥当な範囲"),
        (["12", "-3"], "人", "3行目・列「値」：-3 は妥当な範囲（0〜1,000,000,000,000,000人）の外です"),
        (["150", "12"], "%", "2行目・列「値」：150 は 0〜100 % の範囲外です")]


@pytest.mark.parametrize(("rows", "unit", "message"), HUGE, ids=[f"{r}{u}" for r, u, _ in HUGE])
def test_non_finite_and_implausible_values_are_refused_by_line(app: dash.Dash, rows: list[str], unit: str,
                                                               message: str) -> None:
    client = _upload(app, rows, unit)
    assert client.get(ids.UPLOAD_STORE, "data") is None  # nothing stored: the map never sees the values
    assert message in json.dumps(client.get(ids.UPLOAD_REPORT, "children"), ensure_ascii=False)
    assert app.server.test_client().get("/healthz").status_code == 200


@pytest.mark.parametrize("rows", [["1000000000", "1000000000.00000012"], ["-1e15", "1e15"], ["0", "1e-300"]],
                         ids=["one-ulp-apart", "the-bounds", "tiny"])
def test_extreme_but_plausible_values_map_and_export(app: dash.Dash, rows: list[str]) -> None:
    """Values at the bounds or a float spacing apart: the map (its colour bar ticks) and the exports work.

    Two values one float spacing apart once made the tick loop spin forever (its step was
    below the spacing); ±1e308 overflowed it.
    """
    client = _upload(app, rows)
    payload = client.get(ids.UPLOAD_STORE, "data")
    assert payload is not None
    view = client.get(ids.VIEW, "data")
    assert userlayer.is_upload_id(view["state"]["indicator"])
    for kind in ("csv", "xlsx", "svg"):
        sent = map_downloads.download_file(kind, view, None, payload)
        assert sent["content"], kind
    layer = service.load_upload(payload)
    assert layer is not None
    scale = figures.colour_scale(next(iter(layer.indicators.values())), [float(v) for v in rows])
    assert scale.tickvals and all(math.isfinite(v) for v in scale.tickvals)


def test_a_forged_store_with_huge_values_never_reaches_a_figure(app: dash.Dash) -> None:
    client = _upload(app, ["12", "34"])
    payload = json.loads(json.dumps(client.get(ids.UPLOAD_STORE, "data")))
    (group,) = payload["indicators"][0]["data"].values()
    group["values"] = [1e308, 34.0]  # the store is client data: edited in the browser
    layer = userlayer.decode(payload, {"36201": "municipality", "36202": "municipality"})
    assert layer is not None and layer.values["value"].tolist() == [34.0]
    view = client.get(ids.VIEW, "data")
    for kind in ("csv", "svg"):
        assert map_downloads.download_file(kind, view, None, payload)["content"]


@pytest.mark.parametrize(("low", "high"), [(1e15, 1e15 + 0.125), (1e9, 1e9 + 1.2e-7), (-1e308, 1e308), (0, 5e-323),
                                           (math.nan, 1.0), (-math.inf, math.inf), (1e300, 1.0000000000001e300)])
def test_tick_maths_never_raises_or_spins(low: float, high: float) -> None:
    for ticks in (figures.nice_ticks(low, high), export_frame.nice_ticks(low, high)):
        assert len(ticks) <= 10 and all(math.isfinite(v) for v in ticks)
    indicator = service.indicator(service.state_options().default_indicator)
    scale = figures.colour_scale(indicator, [low, high, math.inf, math.nan])
    assert all(math.isfinite(v) for v in (scale.zmin, scale.zmax, *scale.tickvals))


def test_plausible_range_by_unit_and_declaration() -> None:
    from intake.cells import ABSOLUTE_BOUND, plausible_range

    assert plausible_range("%") == (0.0, 100.0) and plausible_range("人") == (0.0, ABSOLUTE_BOUND)
    assert plausible_range("") == (-ABSOLUTE_BOUND, ABSOLUTE_BOUND) and plausible_range("円") == plausible_range("")
    assert plausible_range("%", 0, 200) == (0.0, 200.0)  # a spec's plausible_min/max wins over the unit
    assert plausible_range("", -1e308, math.inf) == (-ABSOLUTE_BOUND, ABSOLUTE_BOUND)  # never beyond the bound
    assert plausible_range("%", True, "9") == (0.0, 100.0)  # not numbers: ignored


# ------------------------------------------------------------ upload text in figures
MARKUP_LABEL = '<a href="https://evil.example/">click</a> & <b>%{customdata[0]}</b>'
MARKUP_UNIT = "<i>u</i>"


def test_plotly_text_escapes_markup_and_templates() -> None:
    assert figures.plotly_text('<a href="x">&</a>') == '&lt;a href="x"&gt;&amp;&lt;/a&gt;'
    assert figures.plotly_text("%{x} 100%") == "%&#123;x} 100%"
    assert figures.plotly_text("人/km²（2020年）") == "人/km²（2020年）"  # plain text unchanged


def _markup_upload(app: dash.Dash) -> DashClient:
    client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
    client.open("/", "?pref=36")
    content = "団体コード,値\r\n362018,12\r\n362026,34\r\n".encode()
    client.set_many({(ids.UPLOAD, "filename"): '<a href="https://evil.example/">f</a>.csv',
                     (ids.UPLOAD_DATE, "value"): "2024-03-31", (ids.UPLOAD_UNIT, "value"): MARKUP_UNIT,
                     (ids.UPLOAD_LABEL, "value"): MARKUP_LABEL})
    calls = client.change(ids.UPLOAD, "contents", _data_url(content))
    assert calls and all(c.status < 500 for c in calls)
    assert client.get(ids.UPLOAD_STORE, "data") is not None
    return client


def _figure_texts(figure: Any) -> str:
    """Every string in a figure dict (titles, hover templates, tick and colour-bar text, annotations)."""
    return json.dumps(figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure, ensure_ascii=False)


def test_upload_label_and_unit_are_text_in_the_map_and_its_hover(app: dash.Dash) -> None:
    client = _markup_upload(app)
    payload, view = client.get(ids.UPLOAD_STORE, "data"), client.get(ids.VIEW, "data")
    state = service.view_state(view, payload)
    shown = _figure_texts(map_view.map_figure(service.view_data(state)))
    assert "evil.example" in shown  # the label is there, as text
    assert "<a " not in shown and "<i>" not in shown and "%{customdata[0]}" not in shown
    assert "&lt;a href=" in shown and "&lt;i&gt;u&lt;/i&gt;" in shown


def test_upload_label_unit_and_file_name_are_text_in_the_svg_export(app: dash.Dash) -> None:
    """The exported SVG as plotly.js draws it: no link element, the label readable as written."""
    client = _markup_upload(app)
    sent = map_downloads.download_file("svg", client.get(ids.VIEW, "data"), None, client.get(ids.UPLOAD_STORE, "data"))
    root = ElementTree.fromstring(base64.b64decode(sent["content"]))
    texts = "".join(root.itertext())
    assert MARKUP_LABEL in texts and MARKUP_UNIT in texts  # title, colour bar, source line: shown as written
    assert '<a href="https://evil.example/">f</a>.csv' in texts
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert "a" not in tags  # no link element anywhere
    italic = [e for e in root.iter() if "italic" in (e.get("style") or "")]
    assert not italic  # <i> was not applied either
    assert app.server.test_client().get("/healthz").status_code == 200


def test_a_deeply_nested_spec_upload_is_refused_with_its_message(app: dash.Dash) -> None:
    client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
    client.open("/", "")
    spec = ("a = " + "[" * 5_000 + "]" * 5_000 + "\n").encode()
    client.set_many({(ids.UPLOAD, "filename"): ["values.csv", "values.toml"]})
    calls = client.change(ids.UPLOAD, "contents", [_data_url(b"a,b\r\n1,2\r\n"), _data_url(spec)])
    assert calls and all(c.status < 500 for c in calls)
    assert client.get(ids.UPLOAD_STORE, "data") is None
    assert "TOML として正しくありません" in json.dumps(client.get(ids.UPLOAD_REPORT, "children"), ensure_ascii=False)
    assert app.server.test_client().get("/healthz").status_code == 200


# ------------------------------------------------------------ parsing in a bounded child process
def test_isolation_returns_the_childs_result_and_bounds_time_memory_and_failures() -> None:
    from dashboard import isolation

    assert isolation.run(os.getpid, (), seconds=30, megabytes=256) != os.getpid()  # it ran elsewhere
    with pytest.raises(isolation.Exceeded) as slow:
        isolation.run(time.sleep, (60,), seconds=1, megabytes=256)
    assert slow.value.what == "seconds"
    with pytest.raises(isolation.Exceeded) as big:
        isolation.run(bytearray, (4 * 1024**3,), seconds=30, megabytes=256)
    assert big.value.what == "memory"
    with pytest.raises(isolation.ChildFailed, match="ValueError"):
        isolation.run(int, ("x",), seconds=30, megabytes=256)
    with pytest.raises(isolation.ChildFailed, match="code 3"):
        isolation.run(os._exit, (3,), seconds=30, megabytes=256)
    assert isolation.run(os.getpid, (), seconds=30, megabytes=256) != os.getpid()  # still usable afterwards


def _xlsx_with_far_cell() -> bytes:
    """Two cells, A1 and XFD1048576: 4.7 KB that once made the reader walk 17 billion cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["XFD1048576"] = "団体コード", 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HOSTILE_FILES = [
    ("sparse.xlsx", _xlsx_with_far_cell, "大きすぎます"),
    ("wide.csv", lambda: ("団体コード," + ",".join(f"c{i}" for i in range(100_000)) + "\r\n").encode(), "列"),
]


@pytest.mark.parametrize(("name", "make", "phrase"), HOSTILE_FILES, ids=[f[0] for f in HOSTILE_FILES])
def test_hostile_files_are_refused_and_the_app_keeps_answering(app: dash.Dash, name: str,
                                                                make: Callable[[], bytes], phrase: str) -> None:
    client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
    client.open("/", "")
    client.set_many({(ids.UPLOAD, "filename"): name, (ids.UPLOAD_DATE, "value"): "2024-03-31"})
    calls = client.change(ids.UPLOAD, "contents", _data_url(make()))
    assert calls and all(c.status < 500 for c in calls)
    assert client.get(ids.UPLOAD_STORE, "data") is None
    assert phrase in json.dumps(client.get(ids.UPLOAD_REPORT, "children"), ensure_ascii=False)
    assert app.server.test_client().get("/healthz").status_code == 200


def test_a_table_longer_than_a_session_holds_is_refused_before_matching(app: dash.Dash) -> None:
    """100,000 rows (a 1 MB CSV) once took a worker 6-10 s to match, only to be refused for too many values."""
    rows = "".join(f"362018,{i}\r\n" for i in range(100_000))
    client = DashClient(flask_transport(app.server), flask_dependencies(app.server))
    client.open("/", "")
    client.set_many({(ids.UPLOAD, "filename"): "long.csv", (ids.UPLOAD_DATE, "value"): "2024-03-31"})
    calls = client.change(ids.UPLOAD, "contents", _data_url(("団体コード,値\r\n" + rows).encode()))
    assert calls and all(c.status < 500 for c in calls)
    assert client.get(ids.UPLOAD_STORE, "data") is None
    assert "行が多すぎます（100,000行" in json.dumps(client.get(ids.UPLOAD_REPORT, "children"), ensure_ascii=False)


@pytest.mark.parametrize("key", ["too_slow", "too_much_memory"])
def test_a_stopped_parse_is_explained_in_both_languages(key: str) -> None:
    from dashboard.pages.map_upload import report_children
    from dashboard.upload import Outcome, Refusal

    outcome = Outcome("big.xlsx", refusal=Refusal(key, {"name": "big.xlsx", "limit": "10"}))
    ja, en = (json.dumps([c.to_plotly_json() for c in report_children(outcome, lang, None)], ensure_ascii=False,
                         default=str) for lang in ("ja", "en"))
    assert "big.xlsx" in ja and "10" in ja and "中止しました" in ja
    assert "big.xlsx" in en and "was stopped" in en


def test_parse_limits_come_from_the_environment_with_strict_numbers() -> None:
    from dashboard.upload import PARSE_MEGABYTES, PARSE_SECONDS, parse_limits

    assert parse_limits({}) == (PARSE_SECONDS, PARSE_MEGABYTES)
    assert parse_limits({"ATLAS_UPLOAD_SECONDS": "3", "ATLAS_UPLOAD_MB": "128"}) == (3.0, 128)
    from dashboard.settings import SettingsError, check_environment

    for name, bad in (("ATLAS_UPLOAD_SECONDS", "³"), ("ATLAS_UPLOAD_MB", "1"), ("ATLAS_UPLOAD_MB", "５１２")):
        with pytest.raises(SettingsError, match=f"{name}="):
            check_environment({name: bad})  # the start stops with one sentence


# ------------------------------------------------------------ slow clients, real gunicorn
def _gunicorn_port(fixture_db: Path, tmp_path: Path, **env: str) -> Iterator[int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    sock.close()
    environ = {**os.environ, "ATLAS_DB": str(fixture_db), "ATLAS_WARMUP": "0", **env}
    command = [sys.executable, "-m", "gunicorn", "dashboard.app:server", "--config", "gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}"]
    with (tmp_path / "gunicorn.log").open("wb") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(600):
                if _status(port, "/healthz") == 200:
                    break
                time.sleep(0.1)
            yield port
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def _status(port: int, path: str) -> int | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        status = conn.getresponse().status
        conn.close()
        return status
    except OSError:
        return None


def test_a_stalled_body_is_cut_with_408_and_the_server_keeps_answering(fixture_db: Path, tmp_path: Path) -> None:
    """Every thread of the only worker held by a client that announced a body and sent one byte."""
    gunicorn = _gunicorn_port(fixture_db, tmp_path, WEB_CONCURRENCY="1", GUNICORN_THREADS="2", ATLAS_BODY_SECONDS="2")
    port = next(gunicorn)
    try:
        stalled = []
        for _ in range(2):
            sock = socket.create_connection(("127.0.0.1", port), timeout=60)
            sock.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 5000\r\n\r\n{")
            stalled.append(sock)
        answers = [sock.recv(64) for sock in stalled]  # bounded by the 60 s socket timeout, never by a clock here
        assert all(a.startswith(b"HTTP/1.1 408") for a in answers), answers
        assert _status(port, "/healthz") == 200
    finally:
        for sock in stalled:
            sock.close()
        gunicorn.close()


def test_the_nginx_config_buffers_requests_within_the_apps_limits() -> None:
    from dashboard.server import DEFAULT_BODY_SECONDS, DEFAULT_MAX_BODY_BYTES

    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    directives = dict(line.rstrip(";").split(None, 1) for line in lines if line.endswith(";"))
    assert directives["proxy_request_buffering"].split()[0] == "on"
    assert int(directives["client_max_body_size"].split()[0].rstrip("m")) * 1024 * 1024 == DEFAULT_MAX_BODY_BYTES
    assert int(directives["client_body_timeout"].split()[0].rstrip("s")) <= DEFAULT_BODY_SECONDS
    assert directives["server"].startswith("127.0.0.1:")  # gunicorn on loopback only, behind nginx


def test_an_isolated_child_whose_parent_left_exits_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    """A worker recycled mid-parse closes its end of the pipe; the child's answer has no reader then, and
    its BrokenPipeError printed two tracebacks into the server log (seen under recycling, issue 13)."""
    import multiprocessing

    from dashboard import isolation

    receive, send = multiprocessing.Pipe(duplex=False)
    receive.close()  # the parent is gone
    child = multiprocessing.get_context("fork").Process(target=isolation._child, args=(send, int, ("7",), 256, 30))
    child.start()
    send.close()
    child.join(30)
    assert child.exitcode == 0
    assert "Traceback" not in capfd.readouterr().err
