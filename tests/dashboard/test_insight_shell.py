"""The insight pages share one shell (``components.page``): header with the page active, the URL
stores, a sidebar of controls beside a main column that opens with the title and the notices."""

from __future__ import annotations

from typing import Any

import pytest
from dash import dcc, html

from dashboard.pages import compare, progress, scatter, success

PAGES = [(compare, "compare", "cmp-notices", {"areas": "36201,36202,x"}),
         (progress, "progress", "prog-notices", {"indicator": "nope"}),
         (scatter, "scatter", "sc-notices", {"x": "nope"})]


def _find(node: Any, kind: type) -> list[Any]:
    found = [node] if isinstance(node, kind) else []
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children] if children is not None else []:
        found += _find(child, kind)
    return found


@pytest.mark.parametrize(("module", "active", "notices_id", "query"), PAGES)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_insight_pages_share_the_shell(module: Any, active: str, notices_id: str, query: dict[str, str],
                                       lang: str) -> None:
    page = module.layout(**query, lang=lang)
    assert page.lang == lang and isinstance(page.children[0], html.Header)
    active_links = [a.href for a in _find(page.children[0], dcc.Link) if "active" in str(a.className)]
    assert len(active_links) == 1 and f"/{active}?" in active_links[0]
    main = next(c for c in page.children if isinstance(c, html.Main))
    aside, section = main.children
    assert aside.className == "sidebar" and section.className == "main"
    title, region = section.children[:2]
    assert isinstance(title, html.H2) and region.id == notices_id and region.role == "status"
    assert region.children, "a bad URL value is reported in the notices region"
    assert isinstance(page.children[-1], html.Footer)


def test_success_is_the_prose_shell() -> None:
    page = success.layout(indicator="nope", lang="en")
    main = next(c for c in page.children if isinstance(c, html.Main))
    assert main.className == "prose" and isinstance(main.children[0], html.H2)
    assert "notice" in str(main.children[1].className)
