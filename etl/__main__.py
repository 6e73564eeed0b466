"""``python -m etl``: see ``etl.cli``."""

from etl.cli import main

raise SystemExit(main())
