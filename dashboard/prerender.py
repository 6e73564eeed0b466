"""A page's layout as plain HTML, painted before any script has run.

A first visit spends ~0.7 s downloading and evaluating plotly.js, React and
Dash's bundles (2 cores, cold cache) before the renderer draws anything; the
page showed "Loading..." until then. The index pages in ``app.PRERENDERED``
(the map, /progress and the text pages) now carry the same layout they hand
the renderer (``dashboard.firstpaint``) rendered as HTML: the header, the
headline, the controls' current values and, on the map page, a still picture
of the map once one has been drawn (``dashboard.still``). It lies over the
live app (absolutely positioned and ``inert``, so out of the accessibility
tree: screen readers read the live page) until the renderer has put the live
page in place; ``assets/firstpaint.js`` then removes it. Without JavaScript
it stays: the map and its headline can still be read.

html components become their tags with their classes and inline styles, so
boxes sit where the live page puts them. dcc controls become look-alike boxes
showing their current value (``pre-*`` classes in ``assets/style.css``).
Ids are left out: the live page owns them, and nothing may find or click a
copy that is about to go.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

#: The overlay's id (``assets/firstpaint.js`` removes it) and the picture's element-timing name (bench).
OVERLAY_ID = "atlas-prerendered"
STILL_TIMING = "first-map"

_VOID = frozenset(("br", "hr", "img", "input", "wbr"))
_ATTRIBUTES = {"htmlFor": "for", "title": "title", "href": "href", "lang": "lang",
               "role": "role", "alt": "alt", "src": "src", "width": "width", "height": "height", "dir": "dir"}
_BOOLEAN = {"hidden": "hidden", "open": "open"}
#: CSS properties whose bare numbers have no unit (React adds ``px`` to all others).
_UNITLESS = frozenset(("flex", "flexGrow", "flexShrink", "fontWeight", "lineHeight", "opacity", "order",
                       "zIndex", "zoom", "gridRow", "gridColumn"))
#: dcc components that draw nothing on the page.
_INVISIBLE = frozenset(("Store", "Location", "Interval", "Download", "ConfirmDialog", "Clipboard"))


def _css_name(name: str) -> str:
    return re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), name)


def _style(style: Any) -> str:
    if not isinstance(style, dict):
        return ""
    parts = []
    for name, value in style.items():
        if value is None or isinstance(value, bool):
            continue
        text = f"{value}px" if isinstance(value, int | float) and name not in _UNITLESS and value else str(value)
        parts.append(f"{_css_name(str(name))}: {text}")
    return "; ".join(parts)


def _attributes(props: dict[str, Any], extra_class: str = "") -> str:
    out = []
    classes = " ".join(c for c in (str(props.get("className") or ""), extra_class) if c)
    if classes:
        out.append(f'class="{escape(classes)}"')
    for prop, name in _ATTRIBUTES.items():
        value = props.get(prop)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            out.append(f'{name}="{escape(str(value))}"')
    for prop, name in _BOOLEAN.items():
        if props.get(prop) is True:
            out.append(name)
    for prop, value in props.items():
        if prop.startswith("aria-") and isinstance(value, str | int | float):
            out.append(f'{escape(prop)}="{escape(str(value))}"')
    style = _style(props.get("style"))
    if style:
        out.append(f'style="{escape(style)}"')
    return (" " + " ".join(out)) if out else ""


def _element(tag: str, props: dict[str, Any], inner: str, extra_class: str = "") -> str:
    attributes = _attributes(props, extra_class)
    if tag in _VOID:
        return f"<{tag}{attributes}>"
    return f"<{tag}{attributes}>{inner}</{tag}>"


def _option_label(options: Any, value: Any) -> Any:
    """The label a dropdown or radio list shows for ``value`` (options as dicts, strings or a mapping)."""
    for option in _options(options):
        if option[1] == value:
            return option[0]
    return None


def _options(options: Any) -> list[tuple[Any, Any, bool]]:
    """(label, value, disabled) of every option in any of the shapes dcc accepts."""
    if isinstance(options, dict):
        return [(label, value, False) for value, label in options.items()]
    out = []
    for option in options or []:
        if isinstance(option, dict):
            out.append((option.get("label"), option.get("value"), bool(option.get("disabled"))))
        else:
            out.append((option, option, False))
    return out


def _core(kind: str, props: dict[str, Any]) -> str:
    """A dcc component as a look-alike box with its current value (nothing for invisible ones)."""
    if kind in _INVISIBLE:
        return ""
    if kind == "Dropdown":
        value = props.get("value")
        label = _option_label(props.get("options"), value) if value not in (None, "", []) else None
        shown = render(label) if label is not None else escape(str(props.get("placeholder") or ""))
        return _element("div", {}, f"<span>{shown}</span>", "pre-control pre-dropdown")
    if kind == "Input":
        value = props.get("value")
        shown = escape(str(value)) if value is not None else escape(str(props.get("placeholder") or ""))
        return _element("div", {"className": props.get("className")}, shown, "pre-control pre-input")
    if kind in ("RadioItems", "Checklist"):
        chosen = props.get("value")
        chosen = chosen if isinstance(chosen, list) else [chosen]
        marker = "radio" if kind == "RadioItems" else "checkbox"
        items = "".join(
            f'<label class="pre-option"><input type="{marker}" disabled{" checked" if value in chosen else ""}>'
            f" {render(label)}</label>" for label, value, _ in _options(props.get("options")))
        return _element("div", {"className": props.get("className"), "style": props.get("style")}, items,
                        "pre-options")
    if kind == "Slider":
        return _element("div", {}, "", "pre-slider")
    if kind == "Link":
        return _element("a", props, render(props.get("children")))
    if kind in ("Upload", "Loading"):
        return _element("div", {"className": props.get("className")}, render(props.get("children")))
    if kind == "Graph":
        return _element("div", {"className": props.get("className"), "style": props.get("style")}, "")
    return ""


def render(node: Any) -> str:
    """HTML for a Dash component tree as JSON (``to_plotly_json`` dicts), children and all."""
    if node is None or isinstance(node, bool):
        return ""
    if isinstance(node, str | int | float):
        return escape(str(node), quote=False)
    if isinstance(node, list | tuple):
        return "".join(render(child) for child in node)
    if not isinstance(node, dict) or "type" not in node:
        return ""
    props = node.get("props") or {}
    namespace, kind = node.get("namespace"), str(node.get("type"))
    if namespace == "dash_html_components":
        tag = kind.lower()
        inner = render(props.get("children"))
        if tag == "img" and "map-still" in str(props.get("className") or ""):
            return _element(tag, props, "").replace("<img", f'<img elementtiming="{STILL_TIMING}" '
                                                    'fetchpriority="high"', 1)
        return _element(tag, props, inner)
    if namespace == "dash_core_components":
        return _core(kind, props)
    return ""  # other libraries (dash_table...): drawn by the live page only


def overlay(layout: Any) -> str:
    """The prerendered page, ready to put first in ``<body>``."""
    return (f'<div id="{OVERLAY_ID}" class="prerendered" aria-hidden="true" inert>{render(layout)}</div>')


__all__ = ["OVERLAY_ID", "STILL_TIMING", "overlay", "render"]
