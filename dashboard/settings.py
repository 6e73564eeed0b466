"""Runtime settings, read from the environment when asked, never at import.

Gunicorn imports ``dashboard.app`` in the master and forks workers, so nothing
here may open files; ``load()`` is called by whoever needs the values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dashboard.security import strict_int

#: Relative to the working directory, like ``make run`` and the ETL CLI default.
DEFAULT_DB = Path("data/atlas.duckdb")
DEFAULT_PORT = 8050


@dataclass(frozen=True)
class Settings:
    """What the app needs from its host: where the database is and how to serve."""

    db_path: Path
    port: int
    debug: bool


def load(env: Mapping[str, str] | None = None) -> Settings:
    """Read ``ATLAS_DB``, ``PORT`` and ``ATLAS_DEBUG``; bad values fall back to defaults.

    Debug mode exposes tracebacks and the dev-tools UI, so it is on only when
    ``ATLAS_DEBUG=1`` is set explicitly.
    """
    env = os.environ if env is None else env
    raw_port = env.get("PORT", "")
    port = strict_int(raw_port, 1, 65535) or DEFAULT_PORT
    db_path = Path(env.get("ATLAS_DB") or DEFAULT_DB)
    return Settings(db_path=db_path, port=port, debug=env.get("ATLAS_DEBUG", "") == "1")
