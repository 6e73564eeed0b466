"""The one error type the ETL raises for bad input.

A user who brings a malformed file must learn which file, where in it and what
is wrong, so every parser raises ``InputError`` with those three parts and the
CLI prints it and exits non-zero without touching the previous database.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input: names the file, the place in it (row, column, feature) and the problem."""

    def __init__(self, file: str | Path, where: str, problem: str) -> None:
        self.file = str(file)
        self.where = where
        self.problem = problem
        super().__init__(f"{self.file}: {where}: {problem}" if where else f"{self.file}: {problem}")
