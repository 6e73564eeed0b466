"""``python -m dashboard``: the development server on 127.0.0.1:$PORT.

Production uses gunicorn with ``dashboard.app:server``; this entry point is for
``make run``, the end-to-end tests and the screenshots. It serves the same app
object gunicorn would (one Dash app per process: ``@callback`` functions are
handed to the first app that serves a request).
"""

from __future__ import annotations

import logging
import os
import sys
import threading

from dashboard import settings


def main() -> None:
    try:  # before the app is imported: its security settings are read when it is created
        settings.check_environment()
    except settings.SettingsError as exc:
        sys.exit(f"error: {exc}")
    config = settings.load()
    from dashboard import db
    from dashboard.app import app

    db.configure(config.db_path)
    if not config.debug or os.environ.get("WERKZEUG_RUN_MAIN"):  # the reloader's serving child, not its parent
        threading.Thread(target=_draw_stills, name="still-pictures", daemon=True).start()
    app.run(host="127.0.0.1", port=config.port, debug=config.debug)


def _draw_stills() -> None:
    """The map's still pictures for first visits (``dashboard.still``), drawn in the background here
    (gunicorn workers draw them in their warm-up): the page loads as before until they exist."""
    from dashboard import still
    from dashboard.export.render import browser_path

    try:
        if browser_path() is not None:
            still.warm()
    except Exception:  # noqa: BLE001 - an optimisation only; a missing database is the page's to report
        logging.getLogger(__name__).warning("no still pictures of the map", exc_info=True)


if __name__ == "__main__":
    main()
