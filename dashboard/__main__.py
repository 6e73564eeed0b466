"""``python -m dashboard``: the development server on 127.0.0.1:$PORT.

Production uses gunicorn with ``dashboard.app:server``; this entry point is for
``make run`` and the end-to-end tests.
"""

from __future__ import annotations

from dashboard import settings
from dashboard.app import create_app


def main() -> None:
    config = settings.load()
    app = create_app(config)
    app.run(host="127.0.0.1", port=config.port, debug=config.debug)


if __name__ == "__main__":
    main()
