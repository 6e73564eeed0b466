"""Dashboard tests run against the session's fixture database (built by the real
ETL from ``tests/fixtures/raw``); ``dashboard.db`` is pointed at it per test and
released afterwards, so other test packages see the default again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextvars import copy_context
from pathlib import Path
from typing import Any

import pytest
from dash import Dash
from dash._callback_context import context_value
from dash._utils import AttributeDict

import dashboard.app  # noqa: F401  (pages call dash.register_page, which needs the app to exist first)
from dashboard import db


@pytest.fixture(autouse=True)
def atlas_db(fixture_db: Path) -> Iterator[Path]:
    db.configure(fixture_db)
    yield fixture_db
    db.configure(None)


@pytest.fixture(scope="session")
def app() -> Dash:
    """The real app (pages registered, so page links and asset URLs resolve)."""
    from dashboard.app import app as dash_app

    return dash_app


def call_callback(func: Callable[..., Any], trigger: str | None, *args: Any) -> Any:
    """Call a ``@callback`` function as Dash would, with ``ctx.triggered_id`` set.

    This is Dash's documented way to unit-test callbacks that read ``ctx``
    (a context variable holding the triggering input), not a mock of our code.
    """

    def run() -> Any:
        prop = f"{trigger}.value" if trigger else "."
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop, "value": None}]))
        return func(*args)

    return copy_context().run(run)


@pytest.fixture()
def callback_runner() -> Callable[..., Any]:
    return call_callback
