"""One agency's slides: its indicators this year against last, its table, its budget.

The slide functions of :data:`sae_analysis.report.slides.OPD_SLIDES` that only the agency's deck
has (its cover and its shortcomings are the regency deck's functions, which show one OPD when the
report is one OPD's). Hook: :func:`indicator_columns` is the indicator table's one list of
columns (a pace status is one more :class:`~sae_analysis.report.slide_parts.Column`).
"""

from __future__ import annotations

from collections.abc import Mapping

from pptx import Presentation

from sae_analysis import metrics, text
from sae_analysis.report import deck, narrative
from sae_analysis.report import format as fmt
from sae_analysis.report.deck import Box
from sae_analysis.report.document import Report
from sae_analysis.report.slide_parts import (
    AXIS_MAX,
    BARS_PER_CHART,
    Column,
    count,
    pace_column,
    paged_table,
    paginate,
    pct,
    points,
    rating,
    rating_fill,
    short,
    titles,
    words,
    year_series,
)


def _opd_lead(rep: Report) -> str:
    row = rep.opd_scores[rep.opd_scores["opd_code"] == rep.params.opd]
    if row.empty:
        return ""
    f = row.iloc[0]
    return words(
        rep,
        "opd_lead",
        now=pct(rep, f["mean_achievement"]),
        change=points(rep, f["change_points"]),
        prev_year=rep.params.year - 1,
        rating=rating(rep, f.to_dict()),
        improved=count(f["n_improved"]),
        worsened=count(f["n_worsened"]),
    )


def opd_indicators(prs: Presentation, rep: Report) -> None:
    """The agency's indicators: achievement this year (in its rating colour) against last year,
    bars capped at 0-120 and labelled with the real value."""
    rows = rep.yoy.sort_values(["pillar", "indicator_code"], kind="stable")
    pages = paginate(rows, BARS_PER_CHART)
    title = words(rep, "indicators", year=rep.params.year, prev_year=rep.params.year - 1)
    lead = _opd_lead(rep)  # the first page's lead and notes; the pages after carry neither
    said = narrative.opd_sentence(
        rep.yoy, rep.params.opd, scores=rep.opd_scores, opd_names=rep.opd_names, lang=rep.lang
    )
    for k, (shown, part) in enumerate(zip(titles(rep, title, len(pages)), pages, strict=True)):
        slide = deck.titled_slide(
            prs, shown, lead=lead if k == 0 else "", notes=said if k == 0 else "", lang=rep.lang
        )
        if part.empty:
            deck.text_box(slide, [rep.t("none")], deck.CONTENT, size=18, lang=rep.lang)
            continue
        colours = metrics.rating_colour(part["rating"], bands=rep.catalogues.rating_bands)
        series = year_series(
            rep,
            metrics.capped(part["achievement_pct"]),
            metrics.capped(part["achievement_prev"]),
            now_labels=part["achievement_pct"],
            prev_labels=part["achievement_prev"],
            colours=[c.lstrip("#") for c in colours],
        )
        names = [short(n) for n in part["indicator_name"]]
        deck.bar_chart(
            slide,
            names,
            series,
            deck.CONTENT,
            axis_max=AXIS_MAX,
            axis_title=words(rep, "axis_capped"),
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
        Column(rep.t("indicator"), 2.4, lambda r: fmt.text(r["indicator_name"])),
        Column(rep.t("unit"), 1.0, lambda r: fmt.text(r["unit"])),
        Column(rep.t("target"), 1.05, lambda r: _target(rep, r), numeric=True),
        Column(
            rep.t("actual"), 1.05, lambda r: fmt.number(r["actual"], lang=rep.lang), numeric=True
        ),
        Column(
            rep.t("now", year=year), 1.3, lambda r: pct(rep, r["achievement_pct"]), numeric=True
        ),
        Column(rep.t("rating"), 1.3, lambda r: rating(rep, r), fill=rating_fill(rep)),
        Column(
            rep.t("now", year=year - 1),
            1.3,
            lambda r: pct(rep, r["achievement_prev"]),
            numeric=True,
        ),
        Column(rep.t("direction"), 1.2, lambda r: rep.direction(r["direction"])),
        pace_column(rep),
    ]


def opd_indicator_table(prs: Presentation, rep: Report) -> None:
    """The agency's indicators as figures: target, realisation, achievement, rating, last year."""
    rows = rep.yoy.sort_values(["pillar", "indicator_code"], kind="stable")
    paged_table(prs, rep, words(rep, "indicator_table"), rows, indicator_columns(rep))


def opd_budget(prs: Presentation, rep: Report) -> None:
    """Budget absorption against physical progress, this year and last, with the money."""
    rows = rep.budget[rep.budget["opd_code"] == rep.params.opd]
    title = words(rep, "budget")
    if rows.empty:
        deck.titled_slide(prs, title, lead=words(rep, "budget_none"), lang=rep.lang)
        return
    b = rows.iloc[0]
    lead = words(
        rep,
        "budget_lead",
        ceiling=fmt.rupiah(b["ceiling"], lang=rep.lang),
        spent=fmt.rupiah(b["spent"], lang=rep.lang),
        absorption=fmt.percent(b["absorption_pct"], lang=rep.lang),
        physical=fmt.percent(b["physical_pct"], lang=rep.lang),
    )
    slide = deck.titled_slide(prs, title, lead=lead, lang=rep.lang)
    categories = [text.get(f"charts.{k}", rep.lang) for k in ("absorption", "physical")]
    series = year_series(
        rep,
        [b["absorption_pct"], b["physical_pct"]],
        [b["absorption_pct_prev"], b["physical_pct_prev"]],
    )
    deck.bar_chart(
        slide, categories, series, Box(0.5, 1.8, 8.0, 5.1), horizontal=False, axis_max=120
    )
    gap = words(
        rep, "budget_gap", gap=points(rep, b["gap_pp"]), gap_prev=points(rep, b["gap_pp_prev"])
    )
    deck.text_box(slide, [gap], Box(8.8, 2.2, 4.0, 2.0), size=18, lang=rep.lang)
