"""``atlas-serve``: the production server (gunicorn with the project's ``gunicorn.conf.py``).

The same command the ``Procfile`` runs, for hosts that start processes
themselves (systemd, a Windows service wrapper, a shell): the environment
variables of the README apply, and extra arguments go to gunicorn as they are
(``atlas-serve --bind 127.0.0.1:9000``). ``python -m dashboard`` remains the
development server.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

#: Beside the packages in a checkout or a bundle (the editable install ``make`` does).
CONFIG = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def command(argv: Sequence[str]) -> list[str]:
    """gunicorn's argv: the app, the project's config when present, then the caller's arguments."""
    config = ["--config", str(CONFIG)] if CONFIG.is_file() else []
    return ["gunicorn", "dashboard.app:server", *config, *argv]


def main(argv: Sequence[str] | None = None) -> int:
    from gunicorn.app.wsgiapp import run

    sys.argv = command(sys.argv[1:] if argv is None else argv)
    run()
    return 0
