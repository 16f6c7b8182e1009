"""Table cells into field values: numbers parsed and text stripped, every bad cell logged.

A cell that is not a clean number gives a log line naming file, sheet, Excel row and column; the
row still flows with that cell empty.

Rules where DESIGN is silent: a file's decimal convention is worked out from all its number cells
written as text, and settles a lone ``1.234`` in a column that shows none of its own; a Rupiah
amount below 0 is an error and the cell is left empty; the annual target may be a range
``low - high`` (``target`` NaN, ``target_low`` / ``target_high`` filled); a formula typed as text
(``=45*5``, a cell formatted as text) counts as the number it spells when it is plain arithmetic
on numbers (:func:`formula_text_value`; nothing else is evaluated), with a warning.
"""

from __future__ import annotations

import ast
import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sae_analysis.ingest.numbers import (
    Decimal,
    ParseResult,
    column_decimal,
    numeric_values,
    parse_numbers,
    parse_range,
)
from sae_analysis.ingest.quality import QualityLog, format_number
from sae_analysis.ingest.rawframe import RP_FIELDS


def shown_text(value: object) -> str | None:
    """A cell as stripped text; integral numbers without ".0"; blanks as None."""
    if type(value) is str:  # nearly every text cell: skip the checks below
        return value.strip() or None
    if value is None or pd.isna(value):
        return None
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:g}"
    return str(value).strip() or None


def text_values(values: np.ndarray) -> np.ndarray:
    """Cell values as text (:func:`shown_text`), an object array."""
    shown = np.empty(len(values), dtype=object)
    # nearly every cell is text: strip it here rather than call shown_text for it
    shown[:] = [(v.strip() or None) if type(v) is str else shown_text(v) for v in values]
    return shown


@dataclass
class CellContext:
    """Where the cells being read come from, for log lines.

    ``number_cells`` are the file's cells of numeric columns; the file's decimal convention
    (:attr:`decimal`) is worked out from them only when a column holds text.
    """

    file: str
    sheet: str
    opd_code: str | None
    log: QualityLog
    number_cells: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))

    @functools.cached_property
    def decimal(self) -> Decimal:
        """Decimal convention of the file's number cells written as text, settling a lone
        ``1.234`` in a column that shows no convention of its own."""
        cells = pd.unique(self.number_cells.ravel())
        return column_decimal([v for v in cells if isinstance(v, str) and v])

    def cell_issue(self, row: int, column: str, raw: object, result: ParseResult) -> None:
        """Log one unparseable (error) or ambiguous (warning) cell."""
        ambiguous = result.status == "ambiguous"
        readings = (
            {
                "read": format_number(result.value, self.log.lang),
                "other": format_number(result.alternative, self.log.lang),
            }
            if ambiguous
            else {}
        )
        self.log.add(
            "warning" if ambiguous else "error",
            result.reason,
            file=self.file,
            sheet=self.sheet,
            row=row,
            column=column,
            value=raw,
            opd_code=self.opd_code,
            **readings,
        )


_ARITHMETIC = re.compile(r"^=[\d.+\-*/() ]+$")
_OPERATORS: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def _arithmetic(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_arithmetic(node.operand)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_arithmetic(node.left), _arithmetic(node.right))
    raise ValueError("not plain arithmetic")


@functools.lru_cache(maxsize=4096)
def formula_text_value(text: str) -> float | None:
    """The number a formula typed as text spells, when it is plain arithmetic on numbers.

    >>> formula_text_value("=45*5"), formula_text_value("=125000000+30000000")
    (225.0, 155000000.0)
    >>> formula_text_value("=SUM(A1:A3)") is None, formula_text_value("=1/0") is None
    (True, True)
    """
    text = text.strip()
    if not _ARITHMETIC.match(text) or len(text) > 200:
        return None
    try:
        return _arithmetic(ast.parse(text[1:], mode="eval").body)
    except (ValueError, SyntaxError, ZeroDivisionError, RecursionError):
        return None


def _formula_text(
    raw: object, row: int, shown: str, context: CellContext, result: ParseResult
) -> float | None:
    """The number a cell that did not read as one spells when it is a formula typed as text,
    logged as such; None (and nothing logged) for any other cell. Looked at only for the cells
    that failed, so a clean column costs nothing."""
    if result.status != "invalid" or type(raw) is not str or not raw.startswith("="):
        return None
    number = formula_text_value(raw)
    if number is not None:
        context.log.add(
            "warning",
            "formula_as_text",
            file=context.file,
            sheet=context.sheet,
            row=row,
            column=shown,
            value=raw,
            opd_code=context.opd_code,
            read=format_number(number, context.log.lang),
        )
    return number


def parse_field(
    values: np.ndarray, rows: np.ndarray, name: str, shown: str, context: CellContext
) -> np.ndarray:
    """Parse one numeric column, logging every cell that is not a clean number.

    ``rows`` are the Excel row numbers of ``values``.
    """
    numbers = numeric_values(values)
    if numbers is not None:
        return numbers
    kind = "rp" if name in RP_FIELDS or name.endswith("_rp") else "k"
    parsed = parse_numbers(values, kind=kind, decimal=context.decimal)
    for position, result in parsed.issues.items():
        row = int(rows[position])
        if (number := _formula_text(values[position], row, shown, context, result)) is not None:
            parsed.numbers[position] = number
            continue
        context.cell_issue(row, shown, values[position], result)
    return parsed.numbers


def drop_negative(
    numbers: np.ndarray, rows: np.ndarray, shown: str, context: CellContext
) -> np.ndarray:
    """Rupiah amounts cannot be negative: log each one and leave the cell empty."""
    negative = numbers < 0
    if not negative.any():
        return numbers
    parsed = numbers.copy()
    for position in np.flatnonzero(negative):
        context.log.add(
            "error",
            "amount_negative",
            file=context.file,
            sheet=context.sheet,
            row=int(rows[position]),
            column=shown,
            value=format_number(parsed[position], context.log.lang),
            opd_code=context.opd_code,
        )
    parsed[negative] = np.nan
    return parsed


def parse_target(
    values: np.ndarray,
    rows: np.ndarray,
    shown: str,
    context: CellContext,
    *,
    numbers: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """The annual K target: a number, or a range ``low - high`` filling target_low/target_high.

    ``numbers``: the column's values when it is known to hold numbers only.
    """
    low = np.full(len(values), np.nan)
    high = np.full(len(values), np.nan)
    numbers = numbers if numbers is not None else numeric_values(values)
    if numbers is not None:
        return {"target": numbers, "target_low": low, "target_high": high}
    parsed = parse_numbers(values, kind="k", decimal=context.decimal)
    target = parsed.numbers.copy()
    for position, result in parsed.issues.items():
        raw = values[position]
        number = _formula_text(raw, int(rows[position]), shown, context, result)
        if number is not None:
            target[position] = number
            continue
        bounds = parse_range(raw) if result.status == "invalid" else None
        if bounds is not None:
            low[position], high[position] = bounds
            continue
        if result.status == "invalid":
            result = ParseResult(None, "invalid", "target_invalid")
        context.cell_issue(int(rows[position]), shown, raw, result)
    return {"target": target, "target_low": low, "target_high": high}
