"""ETL: parse the shipped public datasets and build ``data/atlas.duckdb``.

One module per source under ``etl.sources`` (parse only, never DuckDB);
``build`` writes the database. Reading rules (codes, names, cells, CSV/XLSX,
the merger-history lookups, ``InputError``) come from ``intake``, shared with
the dashboard's upload, so the build and an upload cannot disagree.
"""
