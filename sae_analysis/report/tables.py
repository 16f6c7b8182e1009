"""Frames to HTML tables: which columns, their headers, and how each value shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup

from sae_analysis.report import markup


def _plain(value: object) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Column:
    """One column of an HTML table: source column, header, and how to show a value.

    ``fmt`` returns the cell's text (escaped when rendered) or :class:`~markupsafe.Markup` (kept as
    it is: a rating badge). ``source`` names a column whose text shows on a second, muted line
    under the value (where an indicator was read). Numeric columns align right.
    """

    name: str
    header: str
    fmt: Callable[[object], str] = field(default=_plain)
    numeric: bool = False
    source: str | None = None


def html_table(frame: pd.DataFrame, columns: Sequence[Column]) -> Markup:
    """An HTML table of ``frame``'s ``columns``: escaped text, right-aligned numbers.

    >>> frame = pd.DataFrame({"name": ["<b>A</b>"], "n": [3]})
    >>> print(html_table(frame, [Column("name", "Nama"), Column("n", "n", numeric=True)]))
    <table><thead><tr><th class="">Nama</th><th class="num">n</th></tr></thead><tbody>
    <tr><td class="">&lt;b&gt;A&lt;/b&gt;</td><td class="num">3</td></tr>
    </tbody></table>
    """
    rows = [
        [(c.fmt(record.get(c.name)), record.get(c.source) if c.source else None) for c in columns]
        for record in frame.to_dict("records")
    ]
    return markup.render("table.html.j2", columns=columns, rows=rows)
