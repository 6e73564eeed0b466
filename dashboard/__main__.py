"""``python -m dashboard``: the development server on 127.0.0.1:$PORT.

Production uses gunicorn with ``dashboard.app:server``; this entry point is for
``make run``, the end-to-end tests and the screenshots. It serves the same app
object gunicorn would (one Dash app per process: ``@callback`` functions are
handed to the first app that serves a request).
"""

from __future__ import annotations

import sys

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
    app.run(host="127.0.0.1", port=config.port, debug=config.debug)


if __name__ == "__main__":
    main()
