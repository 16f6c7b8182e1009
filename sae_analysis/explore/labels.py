"""Labels of the exploration's tables and charts: quarter names, chart words from the catalogue."""

from __future__ import annotations

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
