"""The one error type for outside data that cannot be read: the build's and the upload's.

A user who brings a malformed file must learn which file, where in it and what
is wrong, so every reader raises ``InputError`` with those three parts: the
CLI prints it and exits non-zero without touching the previous database, and
the dashboard's upload shows it (worded in Japanese from ``code`` and
``fields`` through ``intake.messages``; ``code`` is None for the ETL's own
checks, whose English problem is shown as is).
"""

from __future__ import annotations

from pathlib import Path

from intake.messages import ERROR_CODES, Fields, checked, english


class InputError(ValueError):
    """Bad input: names the file, the place in it (line, row, column, sheet, key) and the problem."""

    def __init__(
        self,
        file: str | Path,
        where: str,
        problem: str,
        code: str | None = None,
        fields: Fields | None = None,
    ) -> None:
        self.file = str(file)
        self.where = where
        self.problem = problem
        self.code = code
        self.fields = checked(code, fields or {}, ERROR_CODES) if code is not None else dict(fields or {})
        super().__init__(f"{self.file}: {where}: {problem}" if where else f"{self.file}: {problem}")

    @classmethod
    def of(cls, file: str | Path, where: str, code: str, **fields: object) -> InputError:
        """The error for ``code``, worded (in English) from ``intake.messages`` over ``fields``."""
        return cls(file, where, english(code, checked(code, fields, ERROR_CODES)), code, fields)

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, str, str | None, dict[str, object]]]:
        """Pickle by the constructor's arguments: an upload is read in a child process (``dashboard.isolation``)."""
        return type(self), (self.file, self.where, self.problem, self.code, dict(self.fields))
