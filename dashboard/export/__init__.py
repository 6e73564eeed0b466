"""Figures and tables for meetings: PNG, SVG, PDF, PPTX, CSV and XLSX bytes.

Every function here takes plain data or a ``go.Figure`` and returns bytes, so
the same code serves the dashboard's download callbacks and the batch CLI
(``python -m dashboard.export``). Modules: ``meta`` (the text every export
carries), ``frame`` (``export_figure``: lays a map figure out for a page),
``render`` (kaleido with one warm Chromium), ``tables`` (CSV/XLSX),
``slides`` (PPTX), ``views`` (a map view → figure, text and ranking rows via
``dashboard.service``/``queries``/``figures``), ``files`` (one call from a view
to a named file: what download callbacks use), ``__main__`` (batch CLI).
Nothing opens a browser or a database at import time.
"""
