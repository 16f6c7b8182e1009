"""The rakor's slide decks (PPTX, 16:9): the regency's paparan and one per agency.

One function per slide (a long table continues on the slides after it), each taking the deck and
the :class:`~sae_analysis.report.document.Report`: it selects, labels and formats the report's
frames, with the figures from :mod:`sae_analysis.metrics` and the words from the ``[slides]``
and ``[report]`` sections of the message catalogue. :mod:`~sae_analysis.report.deck` draws,
:mod:`~sae_analysis.report.slide_parts` holds what the slides share, and
:mod:`~sae_analysis.report.slides_opd` the agency's own slides.

- the regency (:data:`REGENCY_SLIDES`): cover, the five pillars at a glance, one slide per pillar
  (each OPD's like-for-like mean in the pillar this year against last year, and the pillar's
  three largest gains and shortfalls), "Berani jujur terhadap kekurangan", data completeness,
  macro ranks;
- one agency (:data:`OPD_SLIDES`): cover, its indicators' achievement this year against last
  year (a chart, then the table), budget absorption against physical progress, its shortcomings
  with its own Keterangan.

Hooks for what comes next: every slide's first sentence is its ``lead`` (``pillar_lead``,
``opd_lead``, ``glance_lead`` in the catalogue; a generated sentence of a pillar or an agency
takes its place in :func:`pillar_slide`, :func:`pillars_at_a_glance` or
:func:`~sae_analysis.report.slides_opd.opd_indicators`), and every table's columns are one list
(:func:`shortcoming_columns`, :func:`~sae_analysis.report.slides_opd.indicator_columns`): a
pace-status column is one more :class:`~sae_analysis.report.slide_parts.Column`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
from pptx import Presentation

from sae_analysis import config, metrics
from sae_analysis.report import deck, narrative
from sae_analysis.report import format as fmt
from sae_analysis.report.deck import Box
from sae_analysis.report.document import Report
from sae_analysis.report.slide_parts import (
    AXIS_MAX,
    Column,
    count,
    pace_column,
    paged_table,
    pct,
    points,
    rating,
    rating_fill,
    short,
    table,
    words,
    year_series,
)
from sae_analysis.report.slides_opd import opd_budget, opd_indicator_table, opd_indicators

# -- both decks ---------------------------------------------------------------------------------


def cover(prs: Presentation, rep: Report) -> None:
    """The title slide: the issuing government, the quarter, the scope, the data date."""
    p = rep.params
    period = rep.t("period", quarter=fmt.quarter(p.quarter, lang=rep.lang), year=p.year)
    dated = f"{rep.t('data_date')}: {fmt.date(rep.data_date())}"
    if rep.regency_wide:
        lines = [
            rep.catalogues.profile.text("government", rep.lang),
            period,
            f"{rep.t('scope')}: {rep.t('all_opd')}",
            dated,
        ]
    else:
        lines = [
            f"{rep.opd_name(p.opd)} ({p.opd})",
            rep.catalogues.profile.text("government", rep.lang),
            period,
            dated,
        ]
    if rep.is_sample:
        lines.append(rep.t("synthetic"))
    deck.cover_slide(prs, words(rep, "title"), lines, lang=rep.lang)


# -- the regency's deck -------------------------------------------------------------------------


def pillars_at_a_glance(prs: Presentation, rep: Report) -> None:
    """The five pillars' capped mean achievement this year against last, and their changes."""
    figure = metrics.regency_figure(rep.yoy).iloc[0]
    lead = words(
        rep,
        "glance_lead",
        now=pct(rep, figure["mean_achievement"]),
        change=points(rep, figure["change_points"]),
        prev_year=rep.params.year - 1,
        improved=count(figure["n_improved"]),
        worsened=count(figure["n_worsened"]),
        comparable=count(figure["n_comparable"]),
    )
    prof = rep.catalogues.profile
    glance = words(rep, "glance", vision=prof.vision)
    said = narrative.regency_sentence(rep.yoy, opd_names=rep.opd_names, lang=rep.lang)
    slide = deck.titled_slide(prs, glance, lead=lead, notes=said, lang=rep.lang)
    pillars = rep.pillars.assign(
        label=[config.pillar_label(p, rep.lang) for p in rep.pillars["pillar"]]
    )
    deck.bar_chart(
        slide,
        pillars["label"].tolist(),
        year_series(rep, pillars["mean_achievement"], pillars["mean_achievement_prev"]),
        Box(0.5, 1.8, 7.0, 5.1),
        axis_max=AXIS_MAX,
        axis_title=words(rep, "axis"),
    )
    columns = [
        Column(rep.t("pillar"), 1.85, lambda r: str(r["label"]).removeprefix("SAE ")),
        Column(words(rep, "points"), 0.85, lambda r: points(rep, r["change_points"]), numeric=True),
        Column(rep.t("directions.membaik"), 1.15, lambda r: count(r["n_improved"]), numeric=True),
        Column(rep.t("directions.memburuk"), 1.3, lambda r: count(r["n_worsened"]), numeric=True),
    ]
    table(slide, rep, pillars, columns, Box(7.7, 1.9, 5.15, 4.0))


def pillar_slide(prs: Presentation, rep: Report, code: str) -> None:
    """One pillar: each OPD's like-for-like mean in it this year against last (chart), and the
    pillar's three largest gains and shortfalls."""
    rows = rep.yoy[rep.yoy["pillar"] == code]
    figure = rep.pillars[rep.pillars["pillar"] == code]
    lead = words(rep, "pillar_none")
    if len(figure) and pd.notna(figure["mean_achievement"].iloc[0]):
        f = figure.iloc[0]
        lead = words(
            rep,
            "pillar_lead",
            now=pct(rep, f["mean_achievement"]),
            change=points(rep, f["change_points"]),
            prev_year=rep.params.year - 1,
            improved=count(f["n_improved"]),
            worsened=count(f["n_worsened"]),
            excluded=count(f["n_excluded"]),
        )
    said = narrative.pillar_sentence(
        rep.yoy, code, figures=rep.pillars, opd_names=rep.opd_names, lang=rep.lang
    )
    slide = deck.titled_slide(
        prs, config.pillar_label(code, rep.lang), lead=lead, notes=said, lang=rep.lang
    )
    scores = metrics.opd_scorecard(rows)
    scores = scores[scores["mean_achievement"].notna()]
    if len(scores):
        deck.bar_chart(
            slide,
            scores["opd_code"].tolist(),
            year_series(rep, scores["mean_achievement"], scores["mean_achievement_prev"]),
            Box(0.5, 1.8, 6.9, 5.1),
            axis_max=AXIS_MAX,
            axis_title=words(rep, "by_opd"),
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
                words(rep, "points"), 1.0, lambda r: points(rep, r["change_points"]), numeric=True
            ),
        ]
        if picked.empty:
            picked = pd.DataFrame({"indicator_name": [rep.t("none")], "opd_code": [""]})
            columns[0] = Column(columns[0].header, 4.15, lambda r: str(r["indicator_name"]))
            columns[1] = Column(columns[1].header, 1.0, lambda r: "", numeric=True)
        table(slide, rep, picked, columns, Box(7.6, top_inch, 5.15, 2.3))


def pillar_slides(prs: Presentation, rep: Report) -> None:
    """:func:`pillar_slide` for each pillar of the profile, in its order."""
    for code in config.PILLARS:
        pillar_slide(prs, rep, code)


def shortcoming_columns(rep: Report, *, with_opd: bool) -> list[Column]:
    """The columns of "Berani jujur terhadap kekurangan" (the agency's deck leaves out the OPD)."""
    columns = [
        Column(
            rep.t("indicator"), 2.6 if with_opd else 3.3, lambda r: fmt.text(r["indicator_name"])
        ),
        Column(rep.t("opd"), 1.35, lambda r: str(r["opd_code"])),
        Column(rep.t("achievement"), 1.45, lambda r: pct(rep, r["achievement_pct"]), numeric=True),
        Column(rep.t("rating"), 1.35, lambda r: rating(rep, r), fill=rating_fill(rep)),
        Column(
            rep.t("change"),
            1.2,
            lambda r: fmt.change(r["change"], r["change_unit"], lang=rep.lang),
            numeric=True,
        ),
        Column(rep.t("direction"), 1.15, lambda r: rep.direction(r["direction"])),
        pace_column(rep),
        Column(rep.t("remarks"), 1.9 if with_opd else 2.6, lambda r: fmt.text(r["remarks"])),
    ]
    return columns if with_opd else [c for c in columns if c.header != rep.t("opd")]


def shortcomings(prs: Presentation, rep: Report) -> None:
    """Every indicator that worsened or is rated Rendah / Sangat Rendah, as the report lists
    them (lowest achievement first), with the OPD's own Keterangan."""
    rows = metrics.shortcomings(rep.yoy, bands=rep.catalogues.rating_bands, lang=rep.lang)
    columns = shortcoming_columns(rep, with_opd=rep.regency_wide)
    lead = words(rep, "honest_lead", n=len(rows))
    paged_table(prs, rep, words(rep, "honest"), rep.with_remarks(rows), columns, lead=lead)


def completeness(prs: Presentation, rep: Report) -> None:
    """The OPDs to chase: those that sent nothing, only part, or an earlier quarter late."""
    table = rep.completeness_table()
    chase = table[table["status"] != rep.t("status_complete")]
    errors = int((rep.quality["severity"] == "error").sum()) if len(rep.quality) else 0
    lead = words(
        rep, "completeness_lead", complete=len(table) - len(chase), total=len(table), errors=errors
    )
    if chase.empty:
        slide = deck.titled_slide(prs, words(rep, "completeness"), lead=lead, lang=rep.lang)
        deck.text_box(slide, [words(rep, "completeness_all")], deck.CONTENT, size=18, lang=rep.lang)
        return
    columns = [
        Column(rep.t("opd"), 4.6, lambda r: f"{r['name']} ({r['opd_code']})"),
        Column(rep.t("status"), 3.2, lambda r: str(r["status"])),
        Column(rep.t("no_file"), 1.8, lambda r: str(r["no_file"])),
        Column(
            words(rep, "reported"),
            1.6,
            lambda r: f"{r['reported']} / {r['expected']}",
            numeric=True,
        ),
        Column(rep.t("errors"), 1.1, lambda r: count(r["error"]), numeric=True),
    ]
    paged_table(prs, rep, words(rep, "completeness"), chase, columns, lead=lead)


def macro_ranks(prs: Presentation, rep: Report) -> None:
    """The region's macro indicators: value, last year, direction, rank among the regions."""
    indicators = rep.catalogues.indicators
    names = dict(zip(indicators["indicator_code"], indicators["name"], strict=True))
    macro = rep.macro
    if not macro.empty:  # an empty table may come without its columns
        macro = macro.assign(
            name=macro["indicator_code"].map(names).fillna(macro["indicator_code"])
        )

    def rank(row: Mapping[str, object]) -> str:
        if fmt.number(row["rank"]) == fmt.DASH:
            return fmt.DASH
        return words(rep, "rank_of", rank=fmt.count(row["rank"]), n=count(row["n_regions"]))

    columns = [
        Column(rep.t("indicator"), 3.6, lambda r: str(r["name"])),
        Column(rep.t("year"), 0.9, lambda r: fmt.year(r["year"]), numeric=True),
        Column(rep.t("actual"), 1.2, lambda r: fmt.number(r["value"], lang=rep.lang), numeric=True),
        Column(
            rep.t("prev"), 1.2, lambda r: fmt.number(r["value_prev"], lang=rep.lang), numeric=True
        ),
        Column(rep.t("direction"), 1.3, lambda r: rep.direction(r["direction"])),
        Column(rep.t("rank_of"), 1.3, rank, numeric=True),
        Column(rep.t("source_col"), 2.8, lambda r: short(r["source"], 70)),
    ]
    paged_table(prs, rep, words(rep, "macro"), macro, columns, lead=words(rep, "macro_lead"))


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
        title=words(rep, "title") + " · " + period,
        subject=words(rep, "subject", quarter=quarter, year=p.year),
        author=rep.catalogues.profile.text("government", rep.lang),
        keywords=words(
            rep, "keywords", vision=rep.catalogues.profile.vision, quarter=quarter, year=p.year
        ),
        lang=rep.lang,
    )
    for part in REGENCY_SLIDES if rep.regency_wide else OPD_SLIDES:
        part(prs, rep)
    who = (
        rep.catalogues.profile.text("government", rep.lang)
        if rep.regency_wide
        else rep.opd_name(p.opd)
    )
    footer = " · ".join([who, period, *([words(rep, "sample")] if rep.is_sample else [])])
    deck.add_footers(prs, footer, lang=rep.lang)
    return deck.deck_bytes(prs)
