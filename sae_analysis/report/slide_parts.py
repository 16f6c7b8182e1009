"""The parts the slide decks share: table columns, pages of a long table, the year series.

Helpers of :mod:`sae_analysis.report.slides` and :mod:`sae_analysis.report.slides_opd`: the words
of the ``[slides]`` catalogue section, numbers through :mod:`sae_analysis.report.format`, tables
and charts drawn by :mod:`sae_analysis.report.deck`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from pptx import Presentation

from sae_analysis import text
from sae_analysis.report import deck
from sae_analysis.report import format as fmt
from sae_analysis.report.deck import Box
from sae_analysis.report.document import Report

#: Table rows per slide: a row of two wrapped lines at 14 pt is about 0.65 in, the table area 5.1 in.
ROWS_PER_SLIDE = 7
#: Bars per chart: each indicator's name stays readable at 12 pt.
BARS_PER_CHART = 8
#: Achievement axes run to 140 so that the label of a bar capped at 120 still fits.
AXIS_MAX = 140


@dataclass(frozen=True)
class Column:
    """One column of a slide table: header, width (inches), the cell's text from a row, whether
    it is a number (right-aligned), and the cell's fill colour (a rating's band) if any."""

    header: str
    width: float
    value: Callable[[Mapping[str, object]], str]
    numeric: bool = False
    fill: Callable[[Mapping[str, object]], str | None] | None = None


def pace_column(rep: Report) -> Column:
    """The pace of a cumulative indicator against its schedule, with its gap in points
    (``tertinggal (−42,7)``; :func:`sae_analysis.metrics.pace_status`), as the report shows it."""
    return Column(
        rep.t("pace"),
        1.7,
        lambda r: rep.pace(r.get("pace_label"), r.get("pace_gap_points")),
    )


def words(rep: Report, key: str, **params: object) -> str:
    """Text of ``slides.<key>`` in the report's language."""
    return text.get(f"slides.{key}", rep.lang, **params)


def pct(rep: Report, value: object) -> str:
    """An achievement or a share with one decimal, as the report writes it (``87,5``)."""
    return fmt.number(value, decimals=1, lang=rep.lang)


def points(rep: Report, value: object) -> str:
    """A change in points, signed, one decimal (``+2,2``)."""
    return fmt.number(value, decimals=1, lang=rep.lang, signed=True)


def count(value: object) -> str:
    """A count, or a dash when there is none.

    >>> count(12.0), count(float("nan"))
    ('12', '–')
    """
    return fmt.DASH if fmt.number(value) == fmt.DASH else fmt.count(value)


def short(name: object, width: int = 48) -> str:
    """A name cut to ``width`` characters with an ellipsis (a chart's category label).

    >>> short("Persentase bayi usia < 6 bulan yang mendapat ASI eksklusif", 30)
    'Persentase bayi usia < 6 bula…'
    """
    label = fmt.text(name)
    return label if len(label) <= width else f"{label[: width - 1].rstrip()}…"


def paginate(frame: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    """``frame`` in runs of ``size`` rows (one empty page for an empty frame)."""
    return [frame.iloc[i : i + size] for i in range(0, len(frame), size)] or [frame]


def titles(rep: Report, title: str, pages: int) -> list[str]:
    """``title`` for one slide, else ``title (k/n)`` on each of ``pages`` slides."""
    if pages == 1:
        return [title]
    return [words(rep, "continued", title=title, page=k, pages=pages) for k in range(1, pages + 1)]


def table(
    slide: object, rep: Report, rows: pd.DataFrame, columns: Sequence[Column], box: Box
) -> None:
    """``rows`` as a table of ``columns`` in ``box``."""
    records = rows.to_dict("records")
    fills = {
        (r, c): colour
        for r, record in enumerate(records)
        for c, column in enumerate(columns)
        if column.fill is not None and (colour := column.fill(record))
    }
    deck.table(
        slide,  # type: ignore[arg-type]
        [c.header for c in columns],
        [[c.value(record) for c in columns] for record in records],
        box,
        widths=[c.width for c in columns],
        numeric=[i for i, c in enumerate(columns) if c.numeric],
        fills=fills,
        lang=rep.lang,
    )


def paged_table(
    prs: Presentation,
    rep: Report,
    title: str,
    rows: pd.DataFrame,
    columns: Sequence[Column],
    *,
    lead: str = "",
) -> None:
    """``rows`` as a table over as many slides as it needs, the lead on the first."""
    pages = paginate(rows, ROWS_PER_SLIDE)
    for k, (shown, part) in enumerate(zip(titles(rep, title, len(pages)), pages, strict=True)):
        first = lead if k == 0 else ""
        slide = deck.titled_slide(prs, shown, lead=first, lang=rep.lang)
        box = deck.CONTENT if first else deck.CONTENT_NO_LEAD
        if len(part):
            table(slide, rep, part, columns, box)
        else:
            deck.text_box(slide, [rep.t("none")], box, size=18, lang=rep.lang)


def year_series(
    rep: Report,
    now: Sequence[float],
    prev: Sequence[float],
    *,
    now_labels: Sequence[object] | None = None,
    prev_labels: Sequence[object] | None = None,
    colours: Sequence[str | None] | None = None,
) -> list[deck.Series]:
    """Last year's and this year's bars, named by their years, labelled with the formatter."""
    year = rep.params.year
    return [
        deck.Series(
            str(year - 1),
            list(prev),
            deck.PREVIOUS,
            [pct(rep, v) for v in (prev if prev_labels is None else prev_labels)],
        ),
        deck.Series(
            str(year),
            list(now),
            deck.ACCENT,
            [pct(rep, v) for v in (now if now_labels is None else now_labels)],
            colours,
        ),
    ]


def rating_fill(rep: Report) -> Callable[[Mapping[str, object]], str | None]:
    def fill(row: Mapping[str, object]) -> str | None:
        label = row.get("rating")
        return rep.rating_colour(label).lstrip("#") if isinstance(label, str) and label else None

    return fill


def rating(rep: Report, row: Mapping[str, object]) -> str:
    label = row.get("rating")
    return rep.rating_text(label) if isinstance(label, str) and label else fmt.DASH
