"""The quality log: every problem found in the inputs, in words an OPD can act on (DESIGN §5).

Messages come from the ``[quality]`` section of the message catalogue (:mod:`sae_analysis.text`),
keyed by a message id, in Indonesian (``id``, the default) and English (``en``); the placeholders
are filled from the keyword arguments of :meth:`QualityLog.add`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from sae_analysis import text
from sae_analysis.atomic import write_atomic

Severity = Literal["error", "warning"]

#: Columns of ``quality_issues.csv``: DESIGN §5 plus the OPD the problem belongs to.
COLUMNS = ["severity", "file", "sheet", "row", "column", "value", "message", "opd_code"]

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def format_number(value: float | None, lang: str = "id") -> str:
    """A number as people write it in messages: decimal comma in Indonesian.

    >>> format_number(1.234), format_number(1234.0), format_number(1.5, "en")
    ('1,234', '1234', '1.5')
    """
    if value is None:
        return ""
    text = f"{value:.10g}"
    return text.replace(".", ",") if lang == "id" else text


def neutralise_formula(value: object) -> object:
    """Prefix text a spreadsheet would run as a formula with an apostrophe; other values unchanged.

    >>> neutralise_formula("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> neutralise_formula("Dinas Kesehatan"), neutralise_formula(-5)
    ('Dinas Kesehatan', -5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found: where it is, what the cell held, and what to do about it."""

    severity: Severity
    code: str
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    opd_code: str = ""


@dataclass
class QualityLog:
    """Collects :class:`Issue` lines while files are read and cleaned."""

    lang: str = "id"
    issues: list[Issue] = field(default_factory=list)

    def add(
        self,
        severity: Severity,
        code: str,
        *,
        file: str | os.PathLike[str] = "",
        sheet: str = "",
        row: int | None = None,
        column: str = "",
        value: object = "",
        opd_code: str | None = "",
        **params: object,
    ) -> Issue:
        """Record one issue; ``params`` (and ``value``) fill the message template of ``code``."""
        shown = "" if value is None else str(value)
        issue = Issue(
            severity=severity,
            code=code,
            message=text.get(
                f"quality.{code}", self.lang, value=shown, column=column, row=row, **params
            ),
            file=str(file),
            sheet=sheet or "",
            row=None if row is None else int(row),
            column=column,
            value=shown,
            opd_code=opd_code or "",
        )
        self.issues.append(issue)
        return issue

    def extend(self, issues: Iterable[Issue]) -> None:
        """Append issues collected elsewhere (another log)."""
        self.issues.extend(issues)

    def __len__(self) -> int:
        return len(self.issues)

    def count(self, severity: Severity) -> int:
        """Number of issues of one severity."""
        return sum(issue.severity == severity for issue in self.issues)

    @property
    def error_count(self) -> int:
        """Number of errors (the CLI's exit code 1 depends on it)."""
        return self.count("error")

    def codes(self) -> list[str]:
        """Message ids in the order the issues were found (handy in tests and summaries)."""
        return [issue.code for issue in self.issues]

    def to_frame(self) -> pd.DataFrame:
        """The issues as a frame with the columns of :data:`COLUMNS`, in the order found."""
        rows: list[Mapping[str, object]] = [asdict(issue) for issue in self.issues]
        frame = pd.DataFrame(rows, columns=[*COLUMNS, "code"])[COLUMNS]
        return frame.astype({"row": "Int64"}).astype({c: "str" for c in COLUMNS if c != "row"})

    def write_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write ``quality_issues.csv`` atomically, with formula-like text neutralised.

        The file keeps the mode it has always had, ``0o600`` (that of the temporary file it was
        renamed from before :func:`~sae_analysis.atomic.write_atomic` wrote it).
        """
        target = Path(path)
        csv_text = self.to_frame().map(neutralise_formula).to_csv(index=False)
        write_atomic(target, csv_text, mode=0o600)
        return target
