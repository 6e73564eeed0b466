"""The Dash app: a read-only view of ``data/atlas.duckdb``.

Layers: ``settings`` (environment) → ``db`` (lazy read-only connection) →
``queries`` (named SQL, no Dash) → ``metrics`` (pure pandas: lagging rules,
ranks, similarity, priority) → ``figures`` (pure plotly builders) → ``pages``
(thin ``@callback`` glue). The package never imports ``etl``: the DuckDB file
is the only hand-off. An upload is read by ``intake`` (the build's own reader).
The app's own words live in ``i18n``: one catalogue, Japanese and English side by
side, one module per area, no page-local tables (indicator and source wording
comes from the ``layers`` catalogue, reading messages from ``intake``).
"""
