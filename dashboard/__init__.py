"""The Dash app: a read-only view of ``data/atlas.duckdb``.

Layers: ``settings`` (environment) → ``db`` (lazy read-only connection) →
``queries`` (named SQL, no Dash) → ``metrics`` (pure pandas: lagging rules,
ranks, similarity, priority) → ``figures`` (pure plotly builders) → ``pages``
(thin ``@callback`` glue). The package never imports ``etl``: the DuckDB file
is the only hand-off. An upload is read by ``intake`` (the build's own reader).
"""
