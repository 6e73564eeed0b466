"""A headless stand-in for the Dash renderer, for benchmarks and hostile-input tests.

It speaks Dash's wire protocol (``/_dash-dependencies``,
``/_dash-update-component``) over any transport (the Flask test client or
``http.client``): it keeps the props of the components on the page, and when
a prop changes it posts every server callback that has it as an input, applies
the outputs, and repeats for the props those outputs changed, as the browser
does. Clientside callbacks are skipped (they never reach the server).

Every request is recorded as a ``Call`` (callback, status, wire and JSON
bytes, seconds, request body) so a session can be measured or replayed.
"""

from __future__ import annotations

import gzip
import http.client
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: (path, body, headers) -> (status, response headers, response body as sent on the wire)
Transport = Callable[[str, bytes, dict[str, str]], tuple[int, dict[str, str], bytes]]
UPDATE = "/_dash-update-component"
HEADERS = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}


@dataclass(frozen=True)
class Call:
    """One callback request as the browser would have made it."""

    output: str
    status: int
    wire_bytes: int  # as sent (gzip when the server compressed it)
    json_bytes: int  # after decompression
    seconds: float
    body: bytes = field(repr=False)


def _key(id_: Any, prop: str) -> tuple[str, str]:
    """Props are keyed like Dash keys them: dict ids in its compact sorted-JSON form, ``@hash`` dropped."""
    if isinstance(id_, dict):
        id_ = "{" + ",".join(f"{json.dumps(k)}:{json.dumps(id_[k])}" for k in sorted(id_)) + "}"
    return str(id_), prop.split("@", 1)[0]


def _components(node: Any) -> Iterator[dict[str, Any]]:
    """Every serialised component (``{"type", "namespace", "props"}``) inside a layout fragment."""
    if isinstance(node, list):
        for item in node:
            yield from _components(item)
    elif isinstance(node, dict):
        if "namespace" in node and isinstance(node.get("props"), dict):
            yield node
            for value in node["props"].values():
                yield from _components(value)


def _outputs(output: str) -> list[dict[str, str]]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]


class DashClient:
    """Drives one page session. ``dependencies`` is the JSON of ``/_dash-dependencies``."""

    def __init__(self, transport: Transport, dependencies: list[dict[str, Any]], prefix: str = "") -> None:
        self.transport = transport
        self.prefix = prefix.rstrip("/")
        self.dependencies = [d for d in dependencies if not d.get("clientside_function")]
        self.props: dict[tuple[str, str], Any] = {}
        self.calls: list[Call] = []

    # -------------------------------------------------------------- layout
    def _absorb(self, fragment: Any) -> None:
        for component in _components(fragment):
            props = component["props"]
            if "id" in props:
                for name, value in props.items():
                    self.props[_key(props["id"], name)] = value

    def open(self, pathname: str = "/", search: str = "") -> list[Call]:
        """What the browser does on navigation: the pages router callback, then the cascade."""
        self.props = {_key("_pages_location", "pathname"): pathname, _key("_pages_location", "search"): search}
        self.props[_key("_pages_content", "children")] = None
        self.props[_key("_pages_store", "data")] = None
        return self.set_many({("_pages_location", "pathname"): pathname, ("_pages_location", "search"): search})

    # ------------------------------------------------------------- requests
    def body(self, dep: dict[str, Any], changed: set[tuple[str, str]]) -> dict[str, Any]:
        """The request the renderer sends for ``dep`` given which of its inputs changed."""

        def entries(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [{"id": i["id"], "property": i["property"], "value": self.props.get(_key(i["id"], i["property"]))}
                    for i in items]

        outs = _outputs(dep["output"])
        trigger = [f"{i['id']}.{i['property']}" for i in dep["inputs"] if _key(i["id"], i["property"]) in changed]
        return {
            "output": dep["output"], "outputs": outs if dep["output"].startswith("..") else outs[0],
            "inputs": entries(dep["inputs"]), "changedPropIds": trigger, "state": entries(dep.get("state", [])),
        }

    def post(self, output: str, body: bytes) -> tuple[Call, Any]:
        started = time.perf_counter()
        status, headers, raw = self.transport(self.prefix + UPDATE, body, dict(HEADERS))
        seconds = time.perf_counter() - started
        data = gzip.decompress(raw) if headers.get("Content-Encoding", "").lower() == "gzip" else raw
        call = Call(output, status, len(raw), len(data), seconds, body)
        self.calls.append(call)
        return call, (json.loads(data) if status == 200 and data else None)

    def _present(self, dep: dict[str, Any]) -> bool:
        """The renderer only fires callbacks whose inputs and outputs are all on the page, but for inputs
        and states declared ``allow_optional`` (sent with value ``null`` when absent)."""
        items = dep["inputs"] + dep.get("state", []) + _outputs(dep["output"])
        ids = {k[0] for k in self.props}
        return all(_key(i["id"], i["property"])[0] in ids for i in items if not i.get("allow_optional"))

    def set_many(self, values: dict[tuple[Any, str], Any]) -> list[Call]:
        """Set props as a user would, then run the callback cascade. Returns the calls made.

        As in the renderer, a callback's outputs trigger every *other*
        callback listening to them, never the callback that wrote them.
        """
        first = len(self.calls)
        changed: dict[tuple[str, str], str | None] = {}  # prop -> the callback that wrote it (None: the user)
        for (id_, prop), value in values.items():
            self.props[_key(id_, prop)] = value
            changed[_key(id_, prop)] = None
        for _ in range(20):  # a cascade deeper than this would be a loop
            fired = [d for d in self.dependencies if self._present(d) and any(
                changed.get(_key(i["id"], i["property"]), d["output"]) != d["output"] for i in d["inputs"])]
            if not fired:
                break
            next_changed: dict[tuple[str, str], str | None] = {}
            for dep in fired:
                call, response = self.post(dep["output"], json.dumps(self.body(dep, set(changed))).encode("utf-8"))
                if response:
                    next_changed.update(dict.fromkeys(self._apply(response.get("response", {})), dep["output"]))
            changed = next_changed
        return self.calls[first:]

    def change(self, id_: Any, prop: str, value: Any) -> list[Call]:
        return self.set_many({(id_, prop): value})

    def _apply(self, response: dict[str, Any]) -> set[tuple[str, str]]:
        updated = set()
        for id_text, props in response.items():
            for prop, value in props.items():
                key = _key(id_text, prop)
                if isinstance(value, dict) and "__dash_patch_update" in value:
                    pass  # a Patch edits a figure no server callback reads; keep the old value
                else:
                    self.props[key] = value
                    self._absorb(value)
                updated.add(key)
        return updated

    def get(self, id_: Any, prop: str) -> Any:
        return self.props.get(_key(id_, prop))


# ------------------------------------------------------------------ transports
def flask_transport(server: Any) -> Transport:
    """In-process transport over a Flask app's test client (no sockets)."""
    client = server.test_client()

    def send(path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        response = client.post(path, data=body, headers=headers)
        return response.status_code, dict(response.headers), response.get_data()

    return send


def http_transport(port: int) -> Transport:
    """A transport over loopback HTTP to a served app (one connection per request, as a browser tab may)."""

    def send(path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    return send


def flask_dependencies(server: Any) -> list[dict[str, Any]]:
    response = server.test_client().get("/_dash-dependencies")
    return json.loads(response.get_data())  # type: ignore[no-any-return]
