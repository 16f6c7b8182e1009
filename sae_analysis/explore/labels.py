"""Labels of the exploration's tables and charts: quarter names, chart words from the catalogue."""

from __future__ import annotations

import pandas as pd

from sae_analysis import text

#: Words the exploration shares with the report's charts (``charts.*`` in the catalogue).
_CHART_WORDS = ("absorption", "physical", "achievement")


def word(key: str, lang: str) -> str:
    """A chart word of the catalogue: ``charts.<key>`` when the report shares it, else ``explore.<key>``.

    >>> word("period", "en"), word("absorption", "id")
    ('Quarter', 'Serapan anggaran (%)')
    """
    section = "charts" if key in _CHART_WORDS else "explore"
    return text.get(f"{section}.{key}", lang)


def period_label(year: int, quarter: int) -> str:
    """Label of a quarter as the reports folder names it.

    >>> period_label(2026, 3)
    '2026-TW3'
    """
    return f"{int(year)}-TW{int(quarter)}"


def with_period(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``period`` column (:func:`period_label`) right after its ``quarter``.

    >>> with_period(pd.DataFrame({"year": [2026], "quarter": [3], "n": [1]}))
       year  quarter    period  n
    0  2026        3  2026-TW3  1
    """
    labels = [period_label(y, q) for y, q in zip(frame["year"], frame["quarter"], strict=True)]
    columns = list(frame.columns)
    at = columns.index("quarter") + 1
    out = frame.assign(period=pd.Series(labels, index=frame.index, dtype="str"))
    return out[[*columns[:at], "period", *columns[at:]]]
