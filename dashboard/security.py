"""Security headers, the callback-request guard and strict parsing of untrusted
numbers. Pure functions plus two Flask hooks that ``dashboard.server`` installs.

Content-Security-Policy, directive by directive, and why:

- ``default-src 'self'``: everything (scripts, bundles, boundary GeoJSON,
  topojson, fonts) is served by this process; there is no CDN to allow.
- ``script-src 'self' 'sha256-…'``: Dash writes two small inline scripts into
  its index page (the renderer bootstrap ``new DashRenderer()`` and the
  pages title callback). They are allowed by their hashes, which Dash
  computes itself (``app.csp_hashes()``) once per process, when the first
  request has registered the pages' script; no ``'unsafe-inline'`` and no
  ``'unsafe-eval'``. (``inline_script_hashes`` reads them off a page: the
  tests use it to check that every inline script sent is covered.)
- ``style-src 'self' 'unsafe-inline'``: plotly.js writes its modebar and
  hover rules into ``<style>`` elements it creates at run time, and the Dash
  components (dropdown, slider, table) and plotly's d3 code set ``style``
  attributes whose values depend on the data and the window size, so they
  cannot be listed by hash and have no nonce hook. Measured with
  ``style-src 'self'`` in Chromium 156: 22 violations on the map page and the
  page stops responding. Inline *styles* cannot run code, so this is the one
  relaxation; scripts stay hash-locked.
- ``img-src 'self' data:``: images made in the browser (plotly's image
  export, previews of exported figures) are ``data:`` URIs; an image cannot
  run code. Fonts come from the system or ``'self'`` only.
- ``frame-ancestors``: ``ATLAS_FRAME_ANCESTORS`` (default ``'self'``) so an
  intranet portal can embed the atlas in an ``<iframe>``.
- ``object-src 'none'; base-uri 'self'; form-action 'self'``: close the
  classic injection routes that ``default-src`` does not cover.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from flask import Response

#: One CSP source expression: a keyword, a scheme, or a host with optional scheme/port/path.
_SOURCE = re.compile(
    r"^(?:'self'|'none'|\*|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*://)?(?:\*\.)?[a-z0-9.-]+(?::(?:\d{1,5}|\*))?(?:/[\w./-]*)?)$",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_NOT_EXECUTED = re.compile(r"""\b(?:src\s*=|type\s*=\s*["']?application/json)""", re.IGNORECASE)


def frame_ancestors(raw: str | None) -> str:
    """Validated ``frame-ancestors`` sources; anything that could break out of the header falls back to 'self'."""
    tokens = (raw or "").split()
    if not tokens or not all(_SOURCE.match(t) for t in tokens):
        return "'self'"
    if "'none'" in tokens and len(tokens) > 1:
        return "'none'"
    return " ".join(tokens)


def inline_script_hashes(page: str) -> tuple[str, ...]:
    """CSP hash sources of every executable inline ``<script>`` in an HTML page (comments ignored)."""
    hashes = []
    for match in _SCRIPT.finditer(_COMMENT.sub("", page)):
        if _NOT_EXECUTED.search(match.group("attrs")):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return tuple(dict.fromkeys(hashes))


@lru_cache(maxsize=16)
def content_security_policy(ancestors: str, script_hashes: tuple[str, ...] = ()) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(("'self'", *script_hashes)),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": ancestors,
    }
    return "; ".join(f"{k} {v}" for k, v in directives.items())


def security_headers(
    ancestors: str, script_hashes: Callable[[], Sequence[str]] = tuple
) -> Callable[[Response], Response]:
    """An ``after_request`` hook adding the headers to every response (errors included).

    ``script_hashes`` is asked once, on the first response (Dash registers its
    pages' inline script while handling the first request), e.g. ``app.csp_hashes``.
    """
    legacy_frame = {"'self'": "SAMEORIGIN", "'none'": "DENY"}.get(ancestors)
    known: list[tuple[str, ...]] = []

    def add_headers(response: Response) -> Response:
        if not known:
            known.append(tuple(script_hashes()))
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy(ancestors, known[0])
        headers["X-Content-Type-Options"] = "nosniff"
        # Links on the sources page lead to publishers' sites: send them no path or query of ours.
        headers["Referrer-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        if legacy_frame:  # for browsers without CSP frame-ancestors; cannot express a list of origins
            headers["X-Frame-Options"] = legacy_frame
        return response

    return add_headers


# ------------------------------------------------------------ callback requests
Entry = Mapping[str, Any]


def _declared_id(raw: Any) -> Any:
    """Dash stringifies pattern-matching ids in ``callback_map``; turn them back into dicts."""
    if isinstance(raw, str) and raw.startswith("{"):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def _is_wildcard(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 1 and value[0] in ("ALL", "MATCH", "ALLSMALLER")


def _id_matches(declared: Any, sent: Any) -> bool:
    declared = _declared_id(declared)
    if isinstance(declared, str):
        return bool(sent == declared)
    if not isinstance(declared, dict) or not isinstance(sent, dict) or set(declared) != set(sent):
        return False
    for key, value in declared.items():
        if _is_wildcard(value):
            if not isinstance(sent[key], str | int | float) or isinstance(sent[key], bool):
                return False
        elif sent[key] != value:
            return False
    return True


def _prop(name: Any) -> Any:
    """``options@<hash>`` (allow_duplicate) names the same property as ``options``."""
    return name.split("@", 1)[0] if isinstance(name, str) else name


def _entry_matches(declared: Entry, sent: Any) -> bool:
    return (isinstance(sent, dict) and _id_matches(declared["id"], sent.get("id"))
            and _prop(sent.get("property")) == _prop(declared["property"]))


def _list_matches(declared: Sequence[Entry], sent: Any) -> bool:
    if not isinstance(sent, list) or len(sent) != len(declared):
        return False
    for want, got in zip(declared, sent, strict=True):
        wildcard_all = any(_is_wildcard(v) and v[0] != "MATCH" for v in _maybe_dict(want["id"]).values())
        if wildcard_all:
            if not isinstance(got, list) or not all(_entry_matches(want, g) for g in got):
                return False
        elif not _entry_matches(want, got):
            return False
    return True


def _maybe_dict(raw: Any) -> dict[str, Any]:
    parsed = _declared_id(raw)
    return parsed if isinstance(parsed, dict) else {}


def _declared_outputs(output: str) -> list[dict[str, str]]:
    """The outputs named by a ``callback_map`` key (``a.b`` or ``..a.b...c.d..``)."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True)) for part in parts if "." in part]


#: Inputs of Dash's own pages router (``dash._pages``), which assumes strings and cannot be edited here.
_STRING_INPUTS = frozenset(("_pages_location", prop) for prop in ("pathname", "search", "hash"))


def _bad_internal_value(items: Any) -> bool:
    return any(isinstance(i, dict) and isinstance(i.get("id"), str) and (i["id"], i.get("property")) in _STRING_INPUTS
               and not isinstance(i.get("value"), str | None) for i in items)


def callback_request_problem(body: Any, callback_map: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Why a ``/_dash-update-component`` body does not fit any registered callback (None: it fits).

    Checks the shape the Dash renderer always sends: a known ``output`` key,
    and ``outputs``/``inputs``/``state`` naming exactly the components and
    properties that callback declares. Values are the callbacks' business.
    """
    if not isinstance(body, dict):
        return "body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "unknown callback"
    spec = callback_map[output]
    if not _list_matches(spec.get("inputs", []), body.get("inputs", [])):
        return "inputs do not match the callback"
    if not _list_matches(spec.get("state", []), body.get("state", [])):
        return "state does not match the callback"
    if _bad_internal_value(body.get("inputs", [])):
        return "page location must be a string"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds must be a list of strings"
    if spec.get("no_output"):
        return None
    outputs = body.get("outputs")
    declared = _declared_outputs(output)
    if not _list_matches(declared, outputs if output.startswith("..") else [outputs]):
        return "outputs do not match the callback"
    return None


# ------------------------------------------------------------ untrusted numbers
#: ASCII only: ``str.isdigit`` accepts ``²`` and ``①`` that ``int`` refuses, and ``int``/``float``
#: accept fullwidth and other Unicode digits, ``_`` separators, exponents, ``nan`` and ``inf``.
_ASCII_INT = re.compile(r"[0-9]{1,12}")
_ASCII_DECIMAL = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6})?")


def strict_int(text: Any, low: int, high: int) -> int | None:
    """``text`` as an int in ``[low, high]`` if it is 1-12 ASCII digits, else None (never raises).

    One rule for every number a stranger (URL) or a host (environment) writes,
    so a value either parses the same everywhere or falls back with a notice.
    """
    if not isinstance(text, str) or not _ASCII_INT.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def strict_decimal(text: Any, low: float, high: float) -> float | None:
    """``text`` as a float in ``[low, high]`` if it is plain ASCII ``digits[.digits]``, else None (never raises)."""
    if not isinstance(text, str) or not _ASCII_DECIMAL.fullmatch(text):
        return None
    value = float(text)
    return value if low <= value <= high else None
