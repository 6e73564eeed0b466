"""Runtime settings, read from the environment when asked, never at import.

Gunicorn imports ``dashboard.app`` in the master and forks workers, so nothing
here may open files; ``load()`` is called by whoever needs the values.

A value that is set but invalid stops the start with one sentence naming the
variable, the value and what is allowed (``SettingsError``): falling back to a
default hides a typo in a deployment until someone notices the wrong port,
limit or framing policy. Unset or empty means the default.
``check_environment()`` reads every variable the app and gunicorn use, so
``gunicorn.conf.py`` and ``python -m dashboard`` fail before serving.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dashboard.security import frame_ancestors, strict_int

#: Relative to the working directory, like ``make run`` and the ETL CLI default.
DEFAULT_DB = Path("data/atlas.duckdb")
DEFAULT_PORT = 8050


@dataclass(frozen=True)
class Settings:
    """What the app needs from its host: where the database is and how to serve."""

    db_path: Path
    port: int
    debug: bool


class SettingsError(ValueError):
    """An environment variable is set to a value the app cannot use; the message says which and why."""


def env_int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """``name`` as a whole number in ``[low, high]`` (ASCII digits, ``security.strict_int``); unset → default."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    value = strict_int(raw, low, high)
    if value is None:
        raise SettingsError(f"{name}={raw!r} is not valid: expected a whole number from {low} to {high} "
                            f"(unset it for the default, {default})")
    return value


def env_choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if raw not in allowed:
        raise SettingsError(f"{name}={raw!r} is not valid: expected one of {', '.join(allowed)} "
                            f"(unset it for the default, {default})")
    return raw


def env_frame_ancestors(env: Mapping[str, str]) -> str:
    """``ATLAS_FRAME_ANCESTORS``: CSP source expressions separated by spaces (``security.frame_ancestors``)."""
    raw = env.get("ATLAS_FRAME_ANCESTORS", "").strip()
    value = frame_ancestors(raw)
    if raw and value == "'self'" and raw.split() != ["'self'"]:
        raise SettingsError(f"ATLAS_FRAME_ANCESTORS={raw!r} is not valid: expected CSP sources separated by "
                            "spaces, e.g. 'self' https://portal.pref.example.lg.jp")
    return value


def load(env: Mapping[str, str] | None = None) -> Settings:
    """Read ``ATLAS_DB``, ``PORT`` and ``ATLAS_DEBUG``; raise ``SettingsError`` for a value set but invalid.

    Debug mode exposes tracebacks and the dev-tools UI, so it is on only when
    ``ATLAS_DEBUG=1`` is set explicitly.
    """
    env = os.environ if env is None else env
    port = env_int(env, "PORT", DEFAULT_PORT, 1, 65535)
    debug = env_choice(env, "ATLAS_DEBUG", "0", ("0", "1")) == "1"
    db_path = Path(env.get("ATLAS_DB") or DEFAULT_DB)
    return Settings(db_path=db_path, port=port, debug=debug)


#: gunicorn.conf.py's variables: (name, default, low, high).
GUNICORN_INTS = (
    ("WEB_CONCURRENCY", 2, 1, 256), ("GUNICORN_THREADS", 32, 1, 256), ("GUNICORN_TIMEOUT", 30, 1, 3600),
    ("GUNICORN_MAX_REQUESTS", 5000, 0, 10**9),
)
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


def check_environment(env: Mapping[str, str] | None = None) -> None:
    """Raise ``SettingsError`` for the first variable the app or gunicorn would refuse."""
    from dashboard import server, upload

    env = os.environ if env is None else env
    load(env)
    server.load(env)
    upload.parse_limits(env)
    for name, default, low, high in GUNICORN_INTS:
        env_int(env, name, default, low, high)
    env_choice(env, "GUNICORN_LOGLEVEL", "info", LOG_LEVELS)
    env_choice(env, "ATLAS_WARMUP", "1", ("0", "1"))
