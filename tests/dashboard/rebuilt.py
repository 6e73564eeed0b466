"""A rebuilt database swapped in under a running app, as ``etl.build`` does it: a new file, then an atomic replace.

Shared by the cache tests and the first-paint tests, which both check that nothing
computed from the old build is served after a rebuild.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from dashboard import queries


def replace_with_rebuild(fixture_db: Path, live: Path) -> None:
    """Replace ``live`` with a copy of ``fixture_db`` built "later" and with every value halved."""
    rebuilt = live.with_name("next.duckdb")
    shutil.copy(fixture_db, rebuilt)
    with duckdb.connect(str(rebuilt)) as con:
        con.execute("UPDATE _meta SET value = '2099-01-01T00:00:00+00:00' WHERE key = 'built_at'")
        con.execute("UPDATE indicator_values SET value = value / 2")
    os.replace(rebuilt, live)
    queries.clear_caches()
