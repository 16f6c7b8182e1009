"""Slide decks drawn with python-pptx: a 16:9 deck, titled slides, text, tables, native charts.

The drawing side of :mod:`sae_analysis.report.slides` (which chooses what each slide shows).
Charts are PowerPoint's own (bar charts whose data is a workbook embedded in the deck), so they
stay editable in PowerPoint and LibreOffice; their data labels carry the report formatter's text
(``87,5``), not a number format the viewer's locale would turn into ``87.5``. :func:`deck_bytes`
gives the same bytes each run (:func:`sae_analysis.workbooks.fixed_package`). Boxes are in
inches on a 13.333 × 7.5 in slide; no text is set below 11 pt.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from sae_analysis.workbooks import FIXED_TIMESTAMP, fixed_package

#: The slide, 16:9 (PowerPoint's widescreen size).
WIDTH, HEIGHT = 13.333, 7.5
#: The colours of the report's charts (``report/charts.py``): this year, last year.
ACCENT, PREVIOUS = "0B4F6C", "9AA5B1"
INK, MUTED, RULE, BAND = "1F2933", "52606D", "CBD2D9", "F0F4F8"
#: The layouts of python-pptx's default template used here.
_TITLE_SLIDE, _TITLE_ONLY = 0, 5
_LANGUAGE = {"id": MSO_LANGUAGE_ID.INDONESIAN, "en": MSO_LANGUAGE_ID.ENGLISH_UK}


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in inches."""

    left: float
    top: float
    width: float
    height: float

    def emu(self) -> tuple[Emu, Emu, Emu, Emu]:
        return Inches(self.left), Inches(self.top), Inches(self.width), Inches(self.height)


TITLE = Box(0.5, 0.3, 12.333, 0.8)
LEAD = Box(0.5, 1.1, 12.333, 0.6)
#: Below the title and its lead sentence, above the footer.
CONTENT = Box(0.5, 1.8, 12.333, 5.1)
#: Below a title without a lead sentence (a continued table).
CONTENT_NO_LEAD = Box(0.5, 1.3, 12.333, 5.6)
FOOTER = Box(0.5, 7.0, 12.333, 0.35)


@dataclass(frozen=True)
class Series:
    """One series of a bar chart: its name, values (None or NaN: no bar), colour, and optionally
    each point's label text and colour."""

    name: str
    values: Sequence[float | None]
    colour: str
    labels: Sequence[str] | None = None
    point_colours: Sequence[str | None] | None = None


def new_deck(*, title: str, subject: str, author: str, keywords: str, lang: str) -> Presentation:
    """An empty 16:9 deck with its document properties (fixed dates: the same bytes each run)."""
    prs = Presentation(io.BytesIO(_blank_deck()))
    props = prs.core_properties
    props.title, props.subject, props.keywords = title, subject, keywords
    props.author = props.last_modified_by = author
    props.language = lang
    props.comments = props.category = ""
    props.revision = 1
    props.created = props.modified = props.last_printed = FIXED_TIMESTAMP
    return prs


@functools.cache
def _blank_deck() -> bytes:
    """python-pptx's default template made 16:9, saved once per process (widening its layouts
    takes 0.2 s; a worker building many OPDs' decks opens these bytes instead)."""
    prs = Presentation()
    ratio = Inches(WIDTH) / prs.slide_width
    prs.slide_width, prs.slide_height = Inches(WIDTH), Inches(HEIGHT)
    _widen_layouts(prs, ratio)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _widen_layouts(prs: Presentation, ratio: float) -> None:
    """Stretch the template's 4:3 placeholders across the 16:9 slide, so a slide a user adds in
    PowerPoint is laid out for the new width (read every position before changing any, as layout
    placeholders inherit theirs from the master)."""
    shapes = [*prs.slide_master.placeholders]
    for layout in prs.slide_layouts:
        shapes += [*layout.placeholders]
    places = [(s, s.left, s.top, s.width, s.height) for s in shapes]
    for shape, left, top, width, height in places:
        if None in (left, top, width, height):
            continue
        shape.left, shape.top = Emu(round(left * ratio)), top
        shape.width, shape.height = Emu(round(width * ratio)), height


def write(
    frame: TextFrame,
    lines: Sequence[str],
    *,
    size: float,
    lang: str,
    bold: bool = False,
    colour: str = INK,
    align: PP_ALIGN | None = None,
) -> None:
    """Replace the text of ``frame`` by ``lines``, one paragraph each, in one style."""
    frame.word_wrap = True
    frame.clear()
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        font = run.font
        font.size, font.bold, font.color.rgb = Pt(size), bold, RGBColor.from_string(colour)
        font.language_id = _LANGUAGE.get(lang, MSO_LANGUAGE_ID.INDONESIAN)


def cover_slide(prs: Presentation, title: str, lines: Sequence[str], *, lang: str) -> Slide:
    """The title slide: the deck's title and, under it, ``lines`` (the first one bold)."""
    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_SLIDE])
    heading, subtitle = slide.placeholders[0], slide.placeholders[1]
    heading.left, heading.top, heading.width, heading.height = Box(0.8, 1.4, 11.733, 1.6).emu()
    write(heading.text_frame, [title], size=36, bold=True, colour=ACCENT, lang=lang)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = Box(0.8, 3.3, 11.733, 3.2).emu()
    write(subtitle.text_frame, lines[:1], size=24, bold=True, lang=lang)
    for line in lines[1:]:
        paragraph = subtitle.text_frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.color.rgb = Pt(20), RGBColor.from_string(MUTED)
        run.font.language_id = _LANGUAGE.get(lang, MSO_LANGUAGE_ID.INDONESIAN)
    return slide


def titled_slide(
    prs: Presentation, title: str, *, lead: str = "", notes: str = "", lang: str
) -> Slide:
    """A slide with its title (the layout's title placeholder, read by outline views and screen
    readers), when given a lead sentence under it, and speaker notes (the words with numbers the
    presenter says, :mod:`sae_analysis.report.narrative`)."""
    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_ONLY])
    if notes:
        slide.notes_slide.notes_text_frame.text = notes
    heading = slide.shapes.title
    heading.left, heading.top, heading.width, heading.height = TITLE.emu()
    heading.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    write(
        heading.text_frame,
        [title],
        size=28,
        bold=True,
        colour=ACCENT,
        align=PP_ALIGN.LEFT,
        lang=lang,
    )
    if lead:
        text_box(slide, [lead], LEAD, size=16, lang=lang)
    return slide


def text_box(
    slide: Slide,
    lines: Sequence[str],
    box: Box,
    *,
    size: float = 14,
    bold: bool = False,
    colour: str = INK,
    lang: str,
) -> None:
    """A text box holding ``lines``, one paragraph each."""
    shape = slide.shapes.add_textbox(*box.emu())
    write(shape.text_frame, lines, size=size, bold=bold, colour=colour, lang=lang)


def table(
    slide: Slide,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    box: Box,
    *,
    widths: Sequence[float],
    numeric: Sequence[int] = (),
    fills: Mapping[tuple[int, int], str] | None = None,
    size: float = 14,
    lang: str,
) -> None:
    """A table: a bold header on the accent colour, then ``rows`` (numbers right-aligned in the
    ``numeric`` columns); ``fills`` colours body cells by (row, column), e.g. a rating's band."""
    shape = slide.shapes.add_table(len(rows) + 1, len(header), *box.emu())
    grid = shape.table
    for i, width in enumerate(widths):
        grid.columns[i].width = Inches(width)
    for row in grid.rows:
        row.height = Inches(0.4)
    for c, word in enumerate(header):
        _cell(grid.cell(0, c), word, size=size, bold=True, colour="FFFFFF", fill=ACCENT, lang=lang)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            fill = (fills or {}).get((r - 1, c)) or ("FFFFFF" if r % 2 else BAND)
            align = PP_ALIGN.RIGHT if c in numeric else None
            colour = "FFFFFF" if _dark(fill) else INK
            _cell(
                grid.cell(r, c), value, size=size, fill=fill, colour=colour, align=align, lang=lang
            )


def _dark(colour: str) -> bool:
    """Whether white text reads better than ink on ``colour`` (relative luminance, WCAG).

    >>> _dark("D73027"), _dark("FEE08B"), _dark("FFFFFF")
    (True, False, False)
    """
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    # the contrast of white (1.05 / (L + 0.05)) against that of ink (#1F2933, L ~ 0.022)
    return 1.05 / (luminance + 0.05) > (luminance + 0.05) / 0.072


def _cell(
    cell: object,
    value: str,
    *,
    size: float,
    fill: str,
    lang: str,
    bold: bool = False,
    colour: str = INK,
    align: PP_ALIGN | None = None,
) -> None:
    cell.fill.solid()  # type: ignore[attr-defined]
    cell.fill.fore_color.rgb = RGBColor.from_string(fill)  # type: ignore[attr-defined]
    cell.margin_left = cell.margin_right = Inches(0.08)  # type: ignore[attr-defined]
    cell.margin_top = cell.margin_bottom = Inches(0.04)  # type: ignore[attr-defined]
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE  # type: ignore[attr-defined]
    frame = cell.text_frame  # type: ignore[attr-defined]
    write(frame, [value], size=size, bold=bold, colour=colour, align=align, lang=lang)


def _value(value: float | None) -> float | None:
    """A chart value: a finite float, else None (no bar, an empty cell in the chart's data)."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def bar_chart(
    slide: Slide,
    categories: Sequence[str],
    series: Sequence[Series],
    box: Box,
    *,
    horizontal: bool = True,
    axis_max: float | None = None,
    axis_title: str = "",
    size: float = 12,
) -> None:
    """A native clustered bar chart (horizontal bars, or columns), one bar per category and series,
    on a 0-based axis with gridlines every 20.

    Horizontal bars read top down: the first category on top, in each category the last series
    on top. A bar chart draws its first category at the bottom, and reversing the category axis
    would move the value axis to the top (python-pptx cannot make it cross at the other end), so
    the categories and points are given to the chart last first.
    """
    if horizontal:
        categories = list(categories)[::-1]
        series = [_reversed(s) for s in series]
    data = CategoryChartData(number_format="0.0")
    data.categories = list(categories)
    for s in series:
        data.add_series(s.name, [_value(v) for v in s.values])
    kind = XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = slide.shapes.add_chart(kind, *box.emu(), data).chart
    chart.font.size = Pt(size)
    chart.font.color.rgb = RGBColor.from_string(INK)
    chart.has_title = False
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    axis = chart.value_axis
    axis.minimum_scale = 0
    if axis_max is not None:
        axis.maximum_scale = axis_max
        axis.major_unit = 20
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor.from_string(RULE)
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "0", False
    if axis_title:
        axis.has_title = True
        axis.axis_title.text_frame.text = axis_title
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(size)
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False
    chart.plots[0].gap_width, chart.plots[0].overlap = 60, -10
    for spec, drawn in zip(series, chart.plots[0].series, strict=True):
        _style_series(spec, drawn, size=size)


def _reversed(spec: Series) -> Series:
    """``spec`` with its points in reverse order."""
    return Series(
        spec.name,
        list(spec.values)[::-1],
        spec.colour,
        None if spec.labels is None else list(spec.labels)[::-1],
        None if spec.point_colours is None else list(spec.point_colours)[::-1],
    )


def _style_series(spec: Series, drawn: object, *, size: float) -> None:
    """Colour a drawn series and its points, and write each point's label text."""
    drawn.format.fill.solid()  # type: ignore[attr-defined]
    drawn.format.fill.fore_color.rgb = RGBColor.from_string(spec.colour)  # type: ignore[attr-defined]
    for i, colour in enumerate(spec.point_colours or ()):
        if colour:
            point = drawn.points[i]  # type: ignore[attr-defined]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor.from_string(colour)
    for i, label in enumerate(spec.labels or ()):
        if label and _value(spec.values[i]) is not None:
            data_label = drawn.points[i].data_label  # type: ignore[attr-defined]
            data_label.position = XL_LABEL_POSITION.OUTSIDE_END
            data_label.text_frame.text = label
            data_label.text_frame.paragraphs[0].runs[0].font.size = Pt(size - 1)


def add_footers(prs: Presentation, text: str, *, lang: str) -> None:
    """A footer on every slide after the cover: ``text`` on the left, ``n / N`` on the right."""
    total = len(prs.slides)
    for n, slide in enumerate(prs.slides, start=1):
        if n == 1:
            continue
        left = Box(FOOTER.left, FOOTER.top, FOOTER.width - 1.2, FOOTER.height)
        text_box(slide, [text], left, size=11, colour=MUTED, lang=lang)
        right = Box(FOOTER.left + FOOTER.width - 1.2, FOOTER.top, 1.2, FOOTER.height)
        shape = slide.shapes.add_textbox(*right.emu())
        write(
            shape.text_frame,
            [f"{n} / {total}"],
            size=11,
            colour=MUTED,
            align=PP_ALIGN.RIGHT,
            lang=lang,
        )


def deck_bytes(prs: Presentation) -> bytes:
    """The deck as .pptx bytes, the same each run (fixed zip and document dates, chart data too)."""
    buffer = io.BytesIO()
    prs.save(buffer)
    return fixed_package(buffer.getvalue())
