"""The rakor's slide decks (PPTX, 16:9): the regency's paparan and one per agency.

One function per slide (a long table continues on the slides after it), each taking the deck and
the :class:`~sae_analysis.report.document.Report`: it selects, labels and formats the report's
frames, with the figures from :mod:`sae_analysis.metrics` and the words from the ``[slides]``
and ``[report]`` sections of the message catalogue; :mod:`~sae_analysis.report.deck` draws.

- the regency (:data:`REGENCY_SLIDES`): cover, the five pillars at a glance, one slide per pillar
  (each OPD's like-for-like mean in the pillar this year against last year, and the pillar's
  largest gains and shortfalls), "Berani jujur terhadap kekurangan", data completeness, macro
  ranks;
- one agency (:data:`OPD_SLIDES`): cover, its indicators' achievement this year against last
  year (a chart, then the table), budget absorption against physical progress, its shortcomings
  with its own Keterangan.

Where more goes after this: every slide's first sentence is its ``lead`` (the generated
sentences of a pillar or an agency take its place), and every table's columns are one list
(:func:`indicator_columns`, :func:`shortcoming_columns`: a pace-status column is one more
:class:`Column`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from pptx import Presentation

from sae_analysis import config, metrics, text
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


def _t(rep: Report, key: str, **params: object) -> str:
    return text.get(f"slides.{key}", rep.lang, **params)


def _pct(rep: Report, value: object) -> str:
    return fmt.number(value, decimals=1, lang=rep.lang)


def _points(rep: Report, value: object) -> str:
    return fmt.number(value, decimals=1, lang=rep.lang, signed=True)


def _count(value: object) -> str:
    return fmt.DASH if fmt.number(value) == fmt.DASH else fmt.count(value)


def _short(name: object, width: int = 48) -> str:
    label = fmt.text(name)
    return label if len(label) <= width else f"{label[: width - 1].rstrip()}…"


def _pages(frame: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    return [frame.iloc[i : i + size] for i in range(0, len(frame), size)] or [frame]


def _titles(rep: Report, title: str, pages: int) -> list[str]:
    """``title`` for one slide, else ``title (k/n)`` on each of ``pages`` slides."""
    if pages == 1:
        return [title]
    return [_t(rep, "continued", title=title, page=k, pages=pages) for k in range(1, pages + 1)]


def _table(slide: object, rep: Report, rows: pd.DataFrame, columns: Sequence[Column], box: Box):
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


def _paged_table(
    prs: Presentation,
    rep: Report,
    title: str,
    rows: pd.DataFrame,
    columns: Sequence[Column],
    *,
    lead: str = "",
) -> None:
    """``rows`` as a table over as many slides as it needs, the lead on the first."""
    pages = _pages(rows, ROWS_PER_SLIDE)
    for k, (shown, part) in enumerate(zip(_titles(rep, title, len(pages)), pages, strict=True)):
        slide = deck.titled_slide(prs, shown, lead=lead if k == 0 else "", lang=rep.lang)
        if len(part):
            _table(slide, rep, part, columns, deck.CONTENT)
        else:
            deck.text_box(slide, [rep.t("none")], deck.CONTENT, size=18, lang=rep.lang)


def _year_series(
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
            [_pct(rep, v) for v in (prev if prev_labels is None else prev_labels)],
        ),
        deck.Series(
            str(year),
            list(now),
            deck.ACCENT,
            [_pct(rep, v) for v in (now if now_labels is None else now_labels)],
            colours,
        ),
    ]


def _rating_fill(rep: Report) -> Callable[[Mapping[str, object]], str | None]:
    def fill(row: Mapping[str, object]) -> str | None:
        label = row.get("rating")
        return rep.rating_colour(label).lstrip("#") if isinstance(label, str) and label else None

    return fill


def _rating(rep: Report, row: Mapping[str, object]) -> str:
    label = row.get("rating")
    return rep.rating_text(label) if isinstance(label, str) and label else fmt.DASH


# -- both decks ---------------------------------------------------------------------------------


def cover(prs: Presentation, rep: Report) -> None:
    """The title slide: the issuing government, the quarter, the scope, the data date."""
    p = rep.params
    period = rep.t("period", quarter=fmt.quarter(p.quarter, lang=rep.lang), year=p.year)
    dated = f"{rep.t('data_date')}: {fmt.date(rep.data_date())}"
    if rep.regency_wide:
        lines = [rep.t("gov"), period, f"{rep.t('scope')}: {rep.t('all_opd')}", dated]
    else:
        lines = [f"{rep.opd_name(p.opd)} ({p.opd})", rep.t("gov"), period, dated]
    if rep.is_sample:
        lines.append(rep.t("synthetic"))
    deck.cover_slide(prs, _t(rep, "title"), lines, lang=rep.lang)


# -- the regency's deck -------------------------------------------------------------------------


def pillars_at_a_glance(prs: Presentation, rep: Report) -> None:
    """The five pillars' capped mean achievement this year against last, and their changes."""
    figure = metrics.regency_figure(rep.yoy).iloc[0]
    lead = _t(
        rep,
        "glance_lead",
        now=_pct(rep, figure["mean_achievement"]),
        change=_points(rep, figure["change_points"]),
        prev_year=rep.params.year - 1,
        improved=_count(figure["n_improved"]),
        worsened=_count(figure["n_worsened"]),
        comparable=_count(figure["n_comparable"]),
    )
    slide = deck.titled_slide(prs, _t(rep, "glance"), lead=lead, lang=rep.lang)
    pillars = rep.pillars.assign(
        label=[config.pillar_label(p, rep.lang) for p in rep.pillars["pillar"]]
    )
    deck.bar_chart(
        slide,
        pillars["label"].tolist(),
        _year_series(rep, pillars["mean_achievement"], pillars["mean_achievement_prev"]),
        Box(0.5, 1.8, 7.0, 5.1),
        axis_max=AXIS_MAX,
        axis_title=_t(rep, "axis"),
    )
    columns = [
        Column(rep.t("pillar"), 1.85, lambda r: str(r["label"]).removeprefix("SAE ")),
        Column(_t(rep, "points"), 0.85, lambda r: _points(rep, r["change_points"]), numeric=True),
        Column(rep.t("directions.membaik"), 1.15, lambda r: _count(r["n_improved"]), numeric=True),
        Column(rep.t("directions.memburuk"), 1.3, lambda r: _count(r["n_worsened"]), numeric=True),
    ]
    _table(slide, rep, pillars, columns, Box(7.7, 1.9, 5.15, 4.0))


def pillar_slide(prs: Presentation, rep: Report, code: str) -> None:
    """One pillar: each OPD's like-for-like mean in it this year against last (chart), and the
    pillar's three largest gains and shortfalls."""
    rows = rep.yoy[rep.yoy["pillar"] == code]
    figure = rep.pillars[rep.pillars["pillar"] == code]
    lead = _t(rep, "pillar_none")
    if len(figure) and pd.notna(figure["mean_achievement"].iloc[0]):
        f = figure.iloc[0]
        lead = _t(
            rep,
            "pillar_lead",
            now=_pct(rep, f["mean_achievement"]),
            change=_points(rep, f["change_points"]),
            prev_year=rep.params.year - 1,
            improved=_count(f["n_improved"]),
            worsened=_count(f["n_worsened"]),
            excluded=_count(f["n_excluded"]),
        )
    slide = deck.titled_slide(prs, config.pillar_label(code, rep.lang), lead=lead, lang=rep.lang)
    scores = metrics.opd_scorecard(rows)
    scores = scores[scores["mean_achievement"].notna()]
    if len(scores):
        deck.bar_chart(
            slide,
            scores["opd_code"].tolist(),
            _year_series(rep, scores["mean_achievement"], scores["mean_achievement_prev"]),
            Box(0.5, 1.8, 6.9, 5.1),
            axis_max=AXIS_MAX,
            axis_title=_t(rep, "by_opd"),
        )
    top = metrics.top_changes(rows, n=3)
    for group, top_inch in (("gain", 1.9), ("shortfall", 4.45)):
        picked = top[top["group"] == group]
        columns = [
            Column(
                rep.t("gains" if group == "gain" else "shortfalls"),
                4.15,
                lambda r: f"{fmt.text(r['indicator_name'])} ({r['opd_code']})",
            ),
            Column(
                _t(rep, "points"), 1.0, lambda r: _points(rep, r["change_points"]), numeric=True
            ),
        ]
        if picked.empty:
            picked = pd.DataFrame({"indicator_name": [rep.t("none")], "opd_code": [""]})
            columns[0] = Column(columns[0].header, 4.15, lambda r: str(r["indicator_name"]))
            columns[1] = Column(columns[1].header, 1.0, lambda r: "", numeric=True)
        _table(slide, rep, picked, columns, Box(7.6, top_inch, 5.15, 2.3))


def pillar_slides(prs: Presentation, rep: Report) -> None:
    """:func:`pillar_slide` for each pillar of the profile, in its order."""
    for code in config.PILLARS:
        pillar_slide(prs, rep, code)


def shortcoming_columns(rep: Report, *, with_opd: bool) -> list[Column]:
    """The columns of "Berani jujur terhadap kekurangan" (the agency's deck leaves out the OPD)."""
    columns = [
        Column(
            rep.t("indicator"), 3.1 if with_opd else 3.8, lambda r: fmt.text(r["indicator_name"])
        ),
        Column(rep.t("opd"), 1.35, lambda r: str(r["opd_code"])),
        Column(rep.t("achievement"), 1.45, lambda r: _pct(rep, r["achievement_pct"]), numeric=True),
        Column(rep.t("rating"), 1.35, lambda r: _rating(rep, r), fill=_rating_fill(rep)),
        Column(
            rep.t("change"),
            1.2,
            lambda r: fmt.change(r["change"], r["change_unit"], lang=rep.lang),
            numeric=True,
        ),
        Column(rep.t("direction"), 1.15, lambda r: rep.direction(r["direction"])),
        Column(rep.t("remarks"), 2.7 if with_opd else 3.4, lambda r: fmt.text(r["remarks"])),
    ]
    return columns if with_opd else [c for c in columns if c.header != rep.t("opd")]


def shortcomings(prs: Presentation, rep: Report) -> None:
    """Every indicator that worsened or is rated Rendah / Sangat Rendah, as the report lists
    them (lowest achievement first), with the OPD's own Keterangan."""
    rows = metrics.shortcomings(rep.yoy, bands=rep.catalogues.rating_bands, lang=rep.lang)
    columns = shortcoming_columns(rep, with_opd=rep.regency_wide)
    lead = _t(rep, "honest_lead", n=len(rows))
    _paged_table(prs, rep, _t(rep, "honest"), rep.with_remarks(rows), columns, lead=lead)


def completeness(prs: Presentation, rep: Report) -> None:
    """The OPDs to chase: those that sent nothing, only part, or an earlier quarter late."""
    table = rep.completeness_table()
    chase = table[table["status"] != rep.t("status_complete")]
    errors = int((rep.quality["severity"] == "error").sum()) if len(rep.quality) else 0
    lead = _t(
        rep, "completeness_lead", complete=len(table) - len(chase), total=len(table), errors=errors
    )
    if chase.empty:
        slide = deck.titled_slide(prs, _t(rep, "completeness"), lead=lead, lang=rep.lang)
        deck.text_box(slide, [_t(rep, "completeness_all")], deck.CONTENT, size=18, lang=rep.lang)
        return
    columns = [
        Column(rep.t("opd"), 4.6, lambda r: f"{r['name']} ({r['opd_code']})"),
        Column(rep.t("status"), 3.2, lambda r: str(r["status"])),
        Column(rep.t("no_file"), 1.8, lambda r: str(r["no_file"])),
        Column(
            _t(rep, "reported"), 1.6, lambda r: f"{r['reported']} / {r['expected']}", numeric=True
        ),
        Column(rep.t("errors"), 1.1, lambda r: _count(r["error"]), numeric=True),
    ]
    _paged_table(prs, rep, _t(rep, "completeness"), chase, columns, lead=lead)


def macro_ranks(prs: Presentation, rep: Report) -> None:
    """The region's macro indicators: value, last year, direction, rank among the regions."""
    indicators = rep.catalogues.indicators
    names = dict(zip(indicators["indicator_code"], indicators["name"], strict=True))
    macro = rep.macro.assign(
        name=rep.macro["indicator_code"].map(names).fillna(rep.macro["indicator_code"])
    )

    def rank(row: Mapping[str, object]) -> str:
        if fmt.number(row["rank"]) == fmt.DASH:
            return fmt.DASH
        return _t(rep, "rank_of", rank=fmt.count(row["rank"]), n=_count(row["n_regions"]))

    columns = [
        Column(rep.t("indicator"), 3.6, lambda r: str(r["name"])),
        Column(rep.t("year"), 0.9, lambda r: fmt.year(r["year"]), numeric=True),
        Column(rep.t("actual"), 1.2, lambda r: fmt.number(r["value"], lang=rep.lang), numeric=True),
        Column(
            rep.t("prev"), 1.2, lambda r: fmt.number(r["value_prev"], lang=rep.lang), numeric=True
        ),
        Column(rep.t("direction"), 1.3, lambda r: rep.direction(r["direction"])),
        Column(rep.t("rank_of"), 1.3, rank, numeric=True),
        Column(rep.t("source_col"), 2.8, lambda r: _short(r["source"], 70)),
    ]
    _paged_table(prs, rep, _t(rep, "macro"), macro, columns, lead=_t(rep, "macro_lead"))


# -- one agency's deck --------------------------------------------------------------------------


def _opd_lead(rep: Report) -> str:
    row = rep.opd_scores[rep.opd_scores["opd_code"] == rep.params.opd]
    if row.empty:
        return ""
    f = row.iloc[0]
    return _t(
        rep,
        "opd_lead",
        now=_pct(rep, f["mean_achievement"]),
        change=_points(rep, f["change_points"]),
        prev_year=rep.params.year - 1,
        rating=_rating(rep, f.to_dict()),
        improved=_count(f["n_improved"]),
        worsened=_count(f["n_worsened"]),
    )


def opd_indicators(prs: Presentation, rep: Report) -> None:
    """The agency's indicators: achievement this year (in its rating colour) against last year,
    bars capped at 0-120 and labelled with the real value."""
    rows = rep.yoy.sort_values(["pillar", "indicator_code"], kind="stable")
    pages = _pages(rows, BARS_PER_CHART)
    title = _t(rep, "indicators", year=rep.params.year, prev_year=rep.params.year - 1)
    for k, (shown, part) in enumerate(zip(_titles(rep, title, len(pages)), pages, strict=True)):
        slide = deck.titled_slide(prs, shown, lead=_opd_lead(rep) if k == 0 else "", lang=rep.lang)
        if part.empty:
            deck.text_box(slide, [rep.t("none")], deck.CONTENT, size=18, lang=rep.lang)
            continue
        colours = metrics.rating_colour(part["rating"], bands=rep.catalogues.rating_bands)
        series = _year_series(
            rep,
            metrics.capped(part["achievement_pct"]),
            metrics.capped(part["achievement_prev"]),
            now_labels=part["achievement_pct"],
            prev_labels=part["achievement_prev"],
            colours=[c.lstrip("#") for c in colours],
        )
        names = [_short(n) for n in part["indicator_name"]]
        deck.bar_chart(
            slide, names, series, deck.CONTENT, axis_max=AXIS_MAX, axis_title=_t(rep, "axis_capped")
        )


def _target(rep: Report, row: Mapping[str, object]) -> str:
    """The year's target, or its range ``low–high`` when the target is a range."""
    if fmt.number(row["target"]) == fmt.DASH and fmt.number(row["target_low"]) != fmt.DASH:
        low, high = (fmt.number(row[k], lang=rep.lang) for k in ("target_low", "target_high"))
        return f"{low}–{high}"
    return fmt.number(row["target"], lang=rep.lang)


def indicator_columns(rep: Report) -> list[Column]:
    """The columns of the agency's indicator table."""
    year = rep.params.year
    return [
        Column(rep.t("indicator"), 3.6, lambda r: fmt.text(r["indicator_name"])),
        Column(rep.t("unit"), 1.2, lambda r: fmt.text(r["unit"])),
        Column(rep.t("target"), 1.3, lambda r: _target(rep, r), numeric=True),
        Column(
            rep.t("actual"), 1.3, lambda r: fmt.number(r["actual"], lang=rep.lang), numeric=True
        ),
        Column(
            rep.t("now", year=year), 1.2, lambda r: _pct(rep, r["achievement_pct"]), numeric=True
        ),
        Column(rep.t("rating"), 1.4, lambda r: _rating(rep, r), fill=_rating_fill(rep)),
        Column(
            rep.t("now", year=year - 1),
            1.2,
            lambda r: _pct(rep, r["achievement_prev"]),
            numeric=True,
        ),
        Column(rep.t("direction"), 1.1, lambda r: rep.direction(r["direction"])),
    ]


def opd_indicator_table(prs: Presentation, rep: Report) -> None:
    """The agency's indicators as figures: target, realisation, achievement, rating, last year."""
    rows = rep.yoy.sort_values(["pillar", "indicator_code"], kind="stable")
    _paged_table(prs, rep, _t(rep, "indicator_table"), rows, indicator_columns(rep))


def opd_budget(prs: Presentation, rep: Report) -> None:
    """Budget absorption against physical progress, this year and last, with the money."""
    rows = rep.budget[rep.budget["opd_code"] == rep.params.opd]
    title = _t(rep, "budget")
    if rows.empty:
        deck.titled_slide(prs, title, lead=_t(rep, "budget_none"), lang=rep.lang)
        return
    b = rows.iloc[0]
    lead = _t(
        rep,
        "budget_lead",
        ceiling=fmt.rupiah(b["ceiling"], lang=rep.lang),
        spent=fmt.rupiah(b["spent"], lang=rep.lang),
        absorption=fmt.percent(b["absorption_pct"], lang=rep.lang),
        physical=fmt.percent(b["physical_pct"], lang=rep.lang),
    )
    slide = deck.titled_slide(prs, title, lead=lead, lang=rep.lang)
    categories = [text.get(f"charts.{k}", rep.lang) for k in ("absorption", "physical")]
    series = _year_series(
        rep,
        [b["absorption_pct"], b["physical_pct"]],
        [b["absorption_pct_prev"], b["physical_pct_prev"]],
    )
    deck.bar_chart(
        slide, categories, series, Box(0.5, 1.8, 8.0, 5.1), horizontal=False, axis_max=120
    )
    gap = _t(
        rep, "budget_gap", gap=_points(rep, b["gap_pp"]), gap_prev=_points(rep, b["gap_pp_prev"])
    )
    deck.text_box(slide, [gap], Box(8.8, 2.2, 4.0, 2.0), size=18, lang=rep.lang)


#: The regency's deck, slide function by slide function.
REGENCY_SLIDES: tuple[Callable[[Presentation, Report], None], ...] = (
    cover, pillars_at_a_glance, pillar_slides, shortcomings, completeness, macro_ranks,
)  # fmt: skip
#: One agency's deck.
OPD_SLIDES: tuple[Callable[[Presentation, Report], None], ...] = (
    cover, opd_indicators, opd_indicator_table, opd_budget, shortcomings,
)  # fmt: skip


def deck_pptx(rep: Report) -> bytes:
    """The deck of ``rep`` as .pptx bytes (the same each run): the regency's, or one OPD's."""
    p = rep.params
    quarter = fmt.quarter(p.quarter, lang=rep.lang)
    period = rep.t("period", quarter=quarter, year=p.year)
    prs = deck.new_deck(
        title=_t(rep, "title") + " · " + period,
        subject=_t(rep, "subject", quarter=quarter, year=p.year),
        author=rep.t("gov"),
        keywords=_t(rep, "keywords", quarter=quarter, year=p.year),
        lang=rep.lang,
    )
    for part in REGENCY_SLIDES if rep.regency_wide else OPD_SLIDES:
        part(prs, rep)
    who = rep.t("gov") if rep.regency_wide else rep.opd_name(p.opd)
    footer = " · ".join([who, period, *([_t(rep, "sample")] if rep.is_sample else [])])
    deck.add_footers(prs, footer, lang=rep.lang)
    return deck.deck_bytes(prs)
