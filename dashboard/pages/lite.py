"""Plain-dict HTML elements for large tables in callbacks.

Dash's component classes validate every keyword on construction (~0.5 ms per
``html.Td``), so a 100-row table cost more than its query. The renderer takes
the same JSON shape (``type``, ``namespace``, ``props``) that ``to_plotly_json``
produces, so tables built here render identically at a fraction of the cost.
"""

from __future__ import annotations

from typing import Any

Element = dict[str, Any]


def el(tag: str, children: Any = None, **props: Any) -> Element:
    """``html.<tag>(children, **props)`` as the JSON the browser receives (``className`` etc. as in Dash)."""
    return {"type": tag, "namespace": "dash_html_components",
            "props": {"children": children, **{k: v for k, v in props.items() if v is not None}}}


def table(heads: list[str], rows: list[list[Any]], class_name: str = "data-table compact",
          row_header: bool = True) -> Element:
    """A table with a header row; the first cell of each row is a row header when ``row_header``."""
    body = [el("Tr", [el("Th", cells[0], scope="row") if row_header else el("Td", cells[0])]
               + [el("Td", c) for c in cells[1:]]) for cells in rows]
    return el("Table", [el("Thead", el("Tr", [el("Th", h, scope="col") for h in heads])), el("Tbody", body)],
              className=class_name)
