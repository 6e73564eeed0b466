"""ETL: parse the shipped public datasets and build ``data/atlas.duckdb``."""
