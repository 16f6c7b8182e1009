"""Parsing numbers as OPD staff type them: Indonesian (``1.234.567,89``) and plain (``1234.5``) forms.

The rule for the one genuinely ambiguous shape
----------------------------------------------
A lone separator followed by exactly three digits (``1.234``, ``12.500``, ``1,234``) can be read
two ways. It is read the Indonesian way (dot = thousands separator, comma = decimal comma) unless
the other values of the same column show the opposite convention (a dot decimal such as ``85.5``
or comma thousands such as ``1,234,567``), in which case it is read that way. The result is ``ok``
only when the column's other values confirm the Indonesian reading; otherwise its status is
``ambiguous`` (the quality log makes it a warning, and the value is still used). One exception: a
dot in a Rupiah (``kind="rp"``) cell is always a thousands separator, since Rupiah amounts are never
written with three decimals.

Statuses: ``ok`` (a number), ``missing`` (empty, ``-`` in a K column, ``n/a``, ``belum ada data``;
not an error), ``ambiguous`` (a number, with a warning) and ``invalid`` (not a number; value None).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

Kind = Literal["k", "rp"]
Status = Literal["ok", "missing", "ambiguous", "invalid"]
Decimal = Literal[",", "."] | None

#: Cell texts that mean "no value" (compared after casefolding and collapsing spaces).
MISSING_TOKENS = frozenset(
    {
        "",
        "n/a",
        "na",
        "n.a",
        "n.a.",
        "nan",
        "none",
        "null",
        "belum ada data",
        "tidak ada data",
        "belum ada",
        "tidak ada",
        "belum tersedia",
        "data belum tersedia",
        "#n/a",
    }
)
#: Dash characters an accountant's "zero" (Rupiah format) or an empty K cell is written with.
DASHES = frozenset({"-", "–", "—", "--", "−"})

_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# Core token after sign, currency, percent and spaces are removed.
_DIGITS = re.compile(r"\d+")
_ID_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")
_EN_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_COMMA_DECIMAL = re.compile(r"\d*,\d+")
_DOT_DECIMAL = re.compile(r"\d*\.\d+")
_LONE_GROUP = re.compile(r"[1-9]\d{0,2}([.,])\d{3}")
_SCIENTIFIC = re.compile(r"\d+(?:\.\d+)?e[+-]?\d+", re.IGNORECASE)
# Evidence of a column's convention: shapes that can only be read one way.
_ID_EVIDENCE = re.compile(
    r"[1-9]\d{0,2}(?:\.\d{3}){2,}(?:,\d+)?|[1-9]\d{0,2}(?:\.\d{3})+,\d+|\d*,(?:\d{1,2}|\d{4,})|0,\d+"
)
_EN_EVIDENCE = re.compile(
    r"[1-9]\d{0,2}(?:,\d{3}){2,}(?:\.\d+)?|[1-9]\d{0,2}(?:,\d{3})+\.\d+|\d*\.(?:\d{1,2}|\d{4,})|0\.\d+"
)
_RANGE = re.compile(
    r"^\s*(.+?)\s*(?:s\.?\s?/?\s?d\.?|sampai(?: dengan)?|hingga|[-–—~])\s*(.+?)\s*$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Outcome of parsing one cell.

    ``value`` is the number (None when missing or invalid); ``alternative`` is the other reading of
    an ambiguous cell; ``reason`` is a short message id the quality log turns into words.
    """

    value: float | None
    status: Status
    reason: str = ""
    alternative: float | None = None

    @property
    def ok(self) -> bool:
        """True when the cell held a number that was read without doubt."""
        return self.status == "ok"


def _clean_text(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _core_value(core: str, *, kind: Kind, decimal: Decimal) -> ParseResult:
    """Parse an unsigned token of digits and separators (no currency, sign or percent)."""
    if _DIGITS.fullmatch(core):
        return ParseResult(float(core), "ok")
    lone = _LONE_GROUP.fullmatch(core)
    if lone:
        thousands = float(core.replace(lone.group(1), ""))
        decimal_value = float(core.replace(",", "."))
        indonesian = thousands if lone.group(1) == "." else decimal_value
        other = decimal_value if lone.group(1) == "." else thousands
        if lone.group(1) == "." and kind == "rp":
            return ParseResult(thousands, "ok")
        if decimal == ",":
            return ParseResult(indonesian, "ok")
        if decimal == ".":
            return ParseResult(other, "ambiguous", "number_ambiguous", alternative=indonesian)
        return ParseResult(indonesian, "ambiguous", "number_ambiguous", alternative=other)
    if _ID_THOUSANDS.fullmatch(core):
        return ParseResult(float(core.replace(".", "").replace(",", ".")), "ok")
    if _EN_THOUSANDS.fullmatch(core):
        return ParseResult(float(core.replace(",", "")), "ok")
    if _COMMA_DECIMAL.fullmatch(core):
        return ParseResult(float(core.replace(",", ".")), "ok")
    if _DOT_DECIMAL.fullmatch(core) or _SCIENTIFIC.fullmatch(core):
        return ParseResult(float(core), "ok")
    return ParseResult(None, "invalid", "number_invalid")


def parse_number(value: object, *, kind: Kind = "k", decimal: Decimal = None) -> ParseResult:
    """Parse one cell (text or number) into a float, reporting missing, ambiguous or invalid input.

    Parameters
    ----------
    value
        The cell: str, int, float, None; anything else (a date, a bool) is invalid.
    kind
        ``"k"`` (kinerja: a count, rate or index) or ``"rp"`` (Rupiah). A lone ``-`` is 0 in
        Rupiah (accounting format) and missing in K.
    decimal
        The decimal separator the column's other values show (see :func:`column_decimal`), used
        to settle the ambiguous shape ``1.234``; None when unknown.

    Examples
    --------
    >>> parse_number("1.234.567,89").value
    1234567.89
    >>> parse_number("Rp. 12.500.000,00", kind="rp").value
    12500000.0
    >>> parse_number("(1.000)", kind="rp").value
    -1000.0
    >>> parse_number("85,5%").value
    85.5
    >>> parse_number("-", kind="rp").value, parse_number("-").status
    (0.0, 'missing')
    >>> r = parse_number("1.234")
    >>> r.value, r.status, r.alternative
    (1234.0, 'ambiguous', 1.234)
    >>> parse_number("1.234", decimal=",").status
    'ok'
    >>> parse_number("dua belas").status
    'invalid'
    """
    if value is None:
        return ParseResult(None, "missing", "empty")
    if isinstance(value, bool):
        return ParseResult(None, "invalid", "number_invalid")
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if math.isnan(number):
            return ParseResult(None, "missing", "empty")
        if math.isinf(number):
            return ParseResult(None, "invalid", "number_invalid")
        return ParseResult(number, "ok")
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return ParseResult(None, "invalid", "number_is_date")
    if not isinstance(value, str):
        return ParseResult(None, "invalid", "number_invalid")
    text = _clean_text(value)
    lowered = text.casefold()
    if lowered in MISSING_TOKENS:
        return ParseResult(None, "missing", "empty")
    if lowered in DASHES:
        return ParseResult(0.0, "ok") if kind == "rp" else ParseResult(None, "missing", "dash")
    return _parse_text(lowered, kind=kind, decimal=decimal)


def _parse_text(lowered: str, *, kind: Kind, decimal: Decimal) -> ParseResult:
    """Parse a non-empty casefolded cell text: sign, brackets, currency, percent, then the digits."""
    token = lowered
    negative = False
    if token.startswith("(") and token.endswith(")"):
        negative, token = True, token[1:-1].strip()
    token = _CURRENCY.sub("", token)
    if token.endswith("%"):
        token = token[:-1].strip()
    if token[:1] in {"-", "−", "+"}:
        negative = negative or token[0] != "+"
        token = token[1:].strip()
    token = _CURRENCY.sub("", token)
    core = token.replace(" ", "")
    if not core or (not core[0].isdigit() and core[0] not in ".,"):
        return ParseResult(None, "invalid", "number_invalid")
    result = _core_value(core, kind=kind, decimal=decimal)
    if not negative or result.value is None:
        return result
    alternative = None if result.alternative is None else -result.alternative
    return ParseResult(-result.value, result.status, result.reason, alternative)


def _core_token(lowered: str) -> str:
    """The digits-and-separators part of a cell text, for convention evidence."""
    token = _CURRENCY.sub("", lowered.strip("()% -+−"))
    return token.replace(" ", "")


def column_decimal(texts: pd.Series | list[str]) -> Decimal:
    """Decimal separator the unambiguous values of a text column show: ``","``, ``"."`` or None.

    >>> column_decimal(["12,5", "1.234", "7"])
    ','
    >>> column_decimal(["85.5", "1.234"])
    '.'
    >>> column_decimal(["1.234", "12,5", "85.5"]) is None
    True
    """
    # Plain re over the distinct tokens: a pandas string method per call costs milliseconds.
    tokens = {_core_token(str(t).casefold()) for t in texts if isinstance(t, str) or pd.notna(t)}
    has_id = any(_ID_EVIDENCE.fullmatch(t) for t in tokens)
    has_en = any(_EN_EVIDENCE.fullmatch(t) for t in tokens)
    if has_id == has_en:
        return None
    return "," if has_id else "."


def parse_range(value: object, *, decimal: Decimal = None) -> tuple[float, float] | None:
    """Parse a range target such as ``72,28 - 73,77`` or ``70 s/d 75`` into (low, high).

    Returns None when the text is not two numbers joined by a dash or "s/d"/"sampai"; the bounds
    are returned in ascending order.

    >>> parse_range("72,28 - 73,77")
    (72.28, 73.77)
    >>> parse_range("70 s/d 75%")
    (70.0, 75.0)
    >>> parse_range("12,5") is None
    True
    """
    if not isinstance(value, str):
        return None
    match = _RANGE.match(_clean_text(value))
    if not match:
        return None
    low = parse_number(match.group(1).rstrip("%"), decimal=decimal)
    high = parse_number(match.group(2), decimal=decimal)
    if low.value is None or high.value is None or "invalid" in (low.status, high.status):
        return None
    return (min(low.value, high.value), max(low.value, high.value))


@dataclass(frozen=True)
class ParsedColumn:
    """Numbers of a whole column and the cells that need a log line.

    ``numbers`` is a float array (NaN for missing or invalid); ``issues`` maps the position of every
    ambiguous or invalid cell to its :class:`ParseResult`.
    """

    numbers: np.ndarray
    issues: dict[int, ParseResult]


_NUMERIC_KINDS = frozenset({"floating", "integer", "mixed-integer-float", "empty"})


def blank_cells(raw: np.ndarray) -> np.ndarray:
    """True where a cell of an object array (of any shape) is empty: ``""``, None or NaN.

    >>> blank_cells(np.array([["", None, 0.0], [float("nan"), " ", "x"]], dtype=object)).tolist()
    [[True, True, False], [True, False, False]]
    """
    return (raw == "") | pd.isna(raw)


def numeric_columns(cells: np.ndarray, blank: np.ndarray) -> list[np.ndarray | None]:
    """:func:`numeric_values` of each column of a 2-D object array, worked out all at once.

    ``blank`` is :func:`blank_cells` of ``cells`` (the reader has it already).

    >>> cells = np.array([[1, "", "2,5"], [2.5, 3.0, 1.0]], dtype=object)
    >>> [None if c is None else c.tolist() for c in numeric_columns(cells, blank_cells(cells))]
    [[1.0, 2.5], [nan, 3.0], None]
    """
    filled = np.where(blank, np.nan, cells)
    return [
        filled[:, j].astype(float)
        if pd.api.types.infer_dtype(filled[:, j], skipna=True) in _NUMERIC_KINDS
        else None
        for j in range(cells.shape[1])
    ]


def numeric_values(values: pd.Series | np.ndarray | list) -> np.ndarray | None:
    """The floats of a column whose filled cells are all numbers (blanks give NaN), else None.

    The fast path of :func:`parse_numbers`: numeric spreadsheet cells need no text work at all.

    >>> numeric_values([1, 2.5, "", None]).tolist()
    [1.0, 2.5, nan, nan]
    >>> numeric_values([1.5, "2,5"]) is None
    True
    """
    if isinstance(values, pd.Series):
        if values.dtype.kind in "fiu":
            return values.to_numpy(dtype=float)
        values = values.to_numpy(dtype=object)
    raw = np.empty(len(values), dtype=object)
    raw[:] = values
    filled = np.where(blank_cells(raw), np.nan, raw)
    if pd.api.types.infer_dtype(filled, skipna=True) in _NUMERIC_KINDS:
        return filled.astype(float)
    return None


def parse_numbers(
    values: pd.Series | np.ndarray | list, *, kind: Kind = "k", decimal: Decimal = None
) -> ParsedColumn:
    """Parse a whole column; numeric cells pass straight through, only text cells are parsed.

    Text cells are parsed once per distinct text, with the column's own decimal convention
    (:func:`column_decimal`) settling ambiguous shapes; when the column shows none, ``decimal``
    (e.g. the convention of the whole file) is used.

    >>> col = parse_numbers([1.5, "", "2,5", "x", "-"], kind="rp")
    >>> col.numbers.tolist()
    [1.5, nan, 2.5, nan, 0.0]
    >>> {i: r.status for i, r in col.issues.items()}
    {3: 'invalid'}
    """
    numbers = numeric_values(values)
    if numbers is not None:
        return ParsedColumn(numbers, {})
    raw = pd.Series(values, dtype=object).to_numpy()
    blank = blank_cells(raw)
    raw = np.where(blank, None, raw)
    is_text = np.fromiter((isinstance(v, str) for v in raw), dtype=bool, count=len(raw))
    out = np.full(len(raw), np.nan)
    plain = ~is_text & ~blank
    issues: dict[int, ParseResult] = {}
    if plain.any():
        results = [parse_number(v, kind=kind) for v in raw[plain]]
        out[plain] = [np.nan if r.value is None else r.value for r in results]
        issues.update(
            (int(i), r)
            for i, r in zip(np.flatnonzero(plain), results, strict=True)
            if r.status in ("ambiguous", "invalid")
        )
    if is_text.any():
        texts = pd.Series(raw[is_text], dtype="str")
        codes, uniques = pd.factorize(texts)
        hint = column_decimal(pd.Series(uniques)) or decimal
        parsed = [parse_number(t, kind=kind, decimal=hint) for t in uniques]
        unique_values = np.array([np.nan if r.value is None else r.value for r in parsed])
        out[is_text] = unique_values[codes]
        bad = {j for j, r in enumerate(parsed) if r.status in ("ambiguous", "invalid")}
        if bad:
            positions = np.flatnonzero(is_text)
            issues.update((int(positions[k]), parsed[c]) for k, c in enumerate(codes) if c in bad)
    return ParsedColumn(out, dict(sorted(issues.items())))
