"""The validation report a user sees for their file, and the error it becomes.

A region's own file is checked row by row; every problem keeps the 1-based
line (CSV) or row (XLSX) and the column it was found in, so the person who
prepared the file can fix it in their own editor. Problems block loading (the
build refuses to guess); notes are informational (a value left missing, a name
resolved through the merger history).

Every finding and error also carries a stable ``code`` and its ``fields``
(``intake.messages``): the English ``message`` is the CLI's, and another
language (the dashboard's Japanese upload report) words the finding from the
code instead of translating the English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from intake.errors import InputError
from intake.messages import FINDING_CODES, Fields, checked, english

ProblemKind = Literal["unmatched", "ambiguous", "bad_value", "out_of_range", "duplicate", "bad_date", "no_area", "unit"]
NoteKind = Literal["missing", "history", "ignored", "skipped_indicator"]

#: How many problems an error message lists before it says "… and N more".
DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Finding:
    """One problem or note, located in the user's file; ``code`` and ``fields`` word it in other languages."""

    kind: str
    row: int | None
    column: str | None
    message: str
    unit: str = "line"
    code: str = ""
    fields: Fields = field(default_factory=dict, compare=False)

    def where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"{self.unit} {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


@dataclass
class Report:
    """Counts and findings for one user file."""

    file: str
    unit: str = "line"  # "line" (CSV) or "row" (XLSX), as the user's editor numbers them
    rows_read: int = 0
    rows_matched: int = 0
    values_present: int = 0
    values_missing: int = 0
    problems: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, kind: ProblemKind, row: int | None, column: str | None, code: str, fields: Fields) -> None:
        self.problems.append(self._finding(kind, row, column, code, fields))

    def note(self, kind: NoteKind, row: int | None, column: str | None, code: str, fields: Fields) -> None:
        self.notes.append(self._finding(kind, row, column, code, fields))

    def _finding(self, kind: str, row: int | None, column: str | None, code: str, fields: Fields) -> Finding:
        """The finding, its English message worded from ``code`` and ``fields`` (``intake.messages``)."""
        fields = checked(code, fields, FINDING_CODES)
        return Finding(kind, row, column, english(code, fields), self.unit, code, fields)

    def count(self, kind: str) -> int:
        return sum(1 for f in self.problems if f.kind == kind)

    def summary(self) -> str:
        """One line for the CLI and the upload panel."""
        return (
            f"{self.rows_read} rows read, {self.rows_matched} matched, "
            f"{self.count('unmatched')} unmatched, {self.count('ambiguous')} ambiguous, "
            f"{self.values_present} values, {self.values_missing} missing, {len(self.problems)} problem(s)"
        )

    def error(self, limit: int = DEFAULT_LIMIT) -> InputError:
        """The error that refuses the whole file, listing the first ``limit`` problems."""
        lines = [f"  {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  … and {len(self.problems) - limit} more")
        where = f"nothing was loaded ({self.summary()})"
        return InputError(self.file, where, "\n" + "\n".join(lines))

    def raise_for_problems(self, limit: int = DEFAULT_LIMIT) -> None:
        if self.problems:
            raise self.error(limit)
