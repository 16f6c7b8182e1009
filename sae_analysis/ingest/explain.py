"""How a submission was understood, in words an evaluator checks in a minute: the text of
``sae-analysis validate --explain`` (Indonesian by default, English with ``lang="en"``).

For each file: the sheet read, the header rows and the row of column numbers, each column's role
with its letter and its header as written, the Rupiah scale, where the OPD and the period came
from, and the rows counted per class, with the Excel rows of subtotals (and the rows under each)
and of every row skipped. A wrong guess is then one line to correct, not a silent number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sae_analysis import config, text
from sae_analysis.ingest.catalogues import normalise_name
from sae_analysis.ingest.identity import Origin
from sae_analysis.ingest.quality import Issue
from sae_analysis.ingest.reading import Reading
from sae_analysis.ingest.roles import Column

_MEASURES = {"k": "K", "rp": "Rp", "pct": "%"}
#: Classes of rows, in the order the explanation lists them.
_CLASSES = ("indicator", "subtotal", "heading", "footer", "narrative", "signature", "label",
            "hidden", "blank")  # fmt: skip


def _word(key: str, lang: str, **params: object) -> str:
    """A word of the explanation, from the ``[explain]`` section of the message catalogue."""
    return text.get(f"explain.{key}", lang, **params)


def row_ranges(rows: Iterable[int]) -> str:
    """Excel rows as people write them.

    >>> row_ranges([20, 21, 22, 25, 26, 27, 30])
    '20-22, 25-27, 30'
    """
    out: list[str] = []
    ordered = sorted(set(rows))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ", ".join(out)


def _role(column: Column, lang: str, codes: int) -> str:
    """What a column holds, in words."""
    quarter = config.QUARTER_ROMAN.get(column.quarter or 0, "")
    words = _word(f"role.{column.role}", lang, q=quarter)
    if column.role == "code" and codes > 1:
        words += f" ({_word('part', lang)})"
    if column.measure:
        words += f" ({_MEASURES[column.measure]})"
    if column.role == "unit" and "satuan" not in normalise_name(" ".join(column.texts)):
        words += f", {_word('from_content', lang)}"
    if column.field is None and column.role != "code":
        words += f", {_word('not_read', lang)}"
    return words


def _origin(origin: Origin, lang: str) -> str:
    words = _word(f"origin.{origin.kind}", lang, row=origin.row, text=origin.text)
    if origin.agrees is not None:
        words += " " + _word(f"origin.{'agrees' if origin.agrees else 'differs'}", lang)
    return words


def _columns(reading: Reading, hidden: frozenset[int], lang: str) -> list[str]:
    codes = len(reading.roles.code_columns)
    lines = []
    for column in reading.roles.columns:
        if not column.texts and column.role == "ignored":
            header = f"({_word('no_header', lang)})"
        else:
            header = f'"{" / ".join(column.texts)}"'
        extra = f" [{_word('hidden_col', lang)}]" if column.index in hidden else ""
        lines.append(f"  {column.letter:>3}  {_role(column, lang, codes)}{extra}: {header}")
    return lines


def _scale(reading: Reading, lang: str) -> str:
    scaled: dict[float, list[str]] = {}
    for column in reading.roles.columns:
        if column.measure == "rp" and column.field is not None and column.scale != 1.0:
            scaled.setdefault(column.scale, []).append(column.letter)
    if not scaled:
        return _word("rupiah", lang)
    separator = "," if lang == "en" else "."
    return "; ".join(
        f"{_word('scaled', lang, factor=f'{factor:,.0f}'.replace(',', separator))}: "
        + ", ".join(letters)
        for factor, letters in scaled.items()
    )


def _classes(reading: Reading, lang: str) -> list[str]:
    lines = []
    for kind in _CLASSES:
        rows = reading.rows.get(kind)
        if not rows:
            continue
        line = f"  {_word(f'class.{kind}', lang)}: {len(rows)} ({_word('rows', lang)} {row_ranges(rows)})"
        if kind == "subtotal":
            under = "; ".join(
                f"{row} <- {row_ranges(children) or '-'}"
                for row, children in sorted(reading.children.items())
            )
            line += f"; {_word('under', lang)}: {under}"
        lines.append(line)
    if reading.split_rows:
        lines.append(f"  {_word('split', lang)}: {row_ranges(reading.split_rows)}")
    return lines


def explain(reading: Reading, lang: str = "id") -> str:
    """One file's explanation."""
    band = reading.band
    label_rows = [r + 1 for r in band.label_rows]
    sheet = f"{_word('sheet', lang)}: '{reading.sheet}'"
    if reading.other_sheets:
        others = ", ".join(
            f"'{name}' (TW {config.QUARTER_ROMAN[q]})" for name, q in reading.other_sheets
        )
        sheet += f"; {_word('other_sheets', lang)} {others}"
    header = f"{_word('header', lang)}: {_word('rows', lang)} {row_ranges(label_rows)}"
    if band.numbers is not None:
        header += f"; {_word('numbers', lang)} {band.numbers + 1}"
    opd = reading.opd_code or _word("unknown", lang)
    period = (
        f"TW{reading.quarter} {reading.year}"
        if reading.year and reading.quarter
        else _word("unknown", lang)
    )
    lines = [
        f"== {reading.file} ==",
        sheet,
        header,
        f"{_word('columns', lang)}:",
        *_columns(reading, reading.hidden_columns, lang),
        f"{_word('scale', lang)}: {_scale(reading, lang)}",
        f"{_word('opd', lang)}: {opd} ({_origin(reading.opd_origin, lang)})",
        f"{_word('period', lang)}: {period} ("
        + "; ".join(_origin(o, lang) for o in reading.period_origins)
        + ")",
        f"{_word('classes', lang)}:",
        *_classes(reading, lang),
    ]
    return "\n".join(lines)


def explain_failure(file: str, issues: Sequence[Issue], lang: str = "id") -> str:
    """The explanation of a file that could not be placed: why, in the log's words."""
    reasons = [i.message for i in issues if i.file == file and i.severity == "error"]
    return "\n".join(
        [f"== {file} ==", f"{_word('failed', lang)}: {reasons[0] if reasons else '-'}"]
    )
