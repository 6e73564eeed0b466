"""``python -m dashboard``: the development server on 127.0.0.1:$PORT.

Production uses gunicorn with ``dashboard.app:server``; this entry point is for
``make run``, the end-to-end tests and the screenshots. It serves the same app
object gunicorn would (one Dash app per process: ``@callback`` functions are
handed to the first app that serves a request).
"""

from __future__ import annotations

from dashboard import db, settings
from dashboard.app import app


def main() -> None:
    config = settings.load()
    db.configure(config.db_path)
    app.run(host="127.0.0.1", port=config.port, debug=config.debug)


if __name__ == "__main__":
    main()
