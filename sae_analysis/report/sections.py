"""The report's parts, one function per cell of notebook 03: a table, a chart or a block as HTML.

Each function takes the :class:`~sae_analysis.report.document.Report` and returns an
``IPython.display.HTML`` object rendered from ``templates/sections/<function>.html.j2``; the
section headings and narrative between them are markdown cells of the notebook. The figures come
from :mod:`sae_analysis.metrics`; here they are only selected, labelled and formatted. A part that
compares OPDs (the heatmap, the absorption chart) renders nothing in one OPD's report.

Why this module is a little over 400 lines: it is twenty short functions, one per cell of notebook
03 in the notebook's order, sharing a few private helpers (``_render``, ``_num``, ``_with_pace``);
an evaluator who edits the notebook finds every cell's function here, in the same order.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup

from sae_analysis import config, metrics, text
from sae_analysis.report import charts, markup, narrative
from sae_analysis.report import format as fmt
from sae_analysis.report.document import Report
from sae_analysis.report.tables import Column, html_table


def _render(template: str, rep: Report, **context: object) -> HTML:
    return HTML(str(markup.render(template, lang=rep.lang, t=rep.t, **context)))


def _num(rep: Report, decimals: int = 2, *, signed: bool = False) -> Callable[[object], str]:
    return lambda v: fmt.number(v, decimals=decimals, lang=rep.lang, signed=signed)


def _badge(rep: Report) -> Callable[[object], str]:
    """A rating label in its band colour."""

    def show(label: object) -> str:
        if not isinstance(label, str) or not label:
            return fmt.DASH
        return markup.macro("badge")(text=rep.rating_text(label), colour=rep.rating_colour(label))

    return show


def _with_pace(rep: Report, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with ``pace_shown``: the pace in words and its gap (:meth:`Report.pace`)."""
    shown = [
        rep.pace(label, gap)
        for label, gap in zip(rows["pace_label"], rows["pace_gap_points"], strict=True)
    ]
    return rows.assign(pace_shown=shown)


def _pace_column(rep: Report) -> Column:
    return Column("pace_shown", rep.t("pace"))


def _rating_columns(rep: Report) -> list[Column]:
    return [
        Column("achievement_pct", rep.t("achievement"), _num(rep, 1), numeric=True),
        Column("rating", rep.t("rating"), _badge(rep)),
    ]


# -- cover and executive summary ---------------------------------------------------------------


def _data_uri(path: Path | None) -> str:
    """A logo file as a ``data:`` URI (the HTML stays one self-contained file); "" without one."""
    if path is None:
        return ""
    kind = _IMAGE_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


def cover(rep: Report) -> HTML:
    """Cover page: the profile's logo, government, title and issuer; quarter and year, data
    date, scope, synthetic-data notice."""
    p = rep.params
    scope = rep.t("all_opd") if rep.regency_wide else f"{rep.opd_name(p.opd)} ({p.opd})"
    prof = rep.catalogues.profile
    return _render(
        "cover.html.j2",
        rep,
        gov=prof.text("government", rep.lang),
        title=text.report_title(rep.lang),
        issuer=prof.text("issuer", rep.lang),
        logo=_data_uri(prof.logo),
        quarter=fmt.quarter(p.quarter, lang=rep.lang),
        year=p.year,
        data_date=fmt.date(rep.data_date()),
        scope=scope,
        sample=rep.is_sample,
    )


def contents(rep: Report) -> HTML:
    """The table of contents after the cover: its title and an empty list, which the PDF printer
    fills from the headings with their page numbers (``run.pdfnav``); not shown on screen."""
    return _render("contents.html.j2", rep, title=text.get("pdf.contents", rep.lang))


def summary_cards(rep: Report) -> HTML:
    """The regency's (or the OPD's) mean achievement and change, the counts improved and worsened."""
    figure = metrics.regency_figure(rep.yoy).iloc[0].to_dict()
    headline = rep.t("regency" if rep.regency_wide else "opd_mean")
    if rep.regency_wide:
        words = narrative.regency_sentence(rep.yoy, opd_names=rep.opd_names, lang=rep.lang)
    else:
        words = narrative.opd_sentence(
            rep.yoy, rep.params.opd, scores=rep.opd_scores, opd_names=rep.opd_names, lang=rep.lang
        )
    return _render("summary_cards.html.j2", rep, fig=figure, headline=headline, sentence=words)


def pillar_table(rep: Report) -> HTML:
    """Each pillar's capped mean achievement this year and last, its change and its counts."""
    y = rep.params.year
    count = _num(rep, 0)
    columns = [
        Column("label", rep.t("pillar")),
        Column("mean_achievement", rep.t("now", year=y), _num(rep, 1), numeric=True),
        Column("mean_achievement_prev", rep.t("now", year=y - 1), _num(rep, 1), numeric=True),
        Column("change_points", rep.t("change_pts"), _num(rep, 1, signed=True), numeric=True),
        Column("n_improved", rep.t("directions.membaik"), count, numeric=True),
        Column("n_worsened", rep.t("directions.memburuk"), count, numeric=True),
        Column("n_unchanged", rep.t("directions.tetap"), count, numeric=True),
        Column("n_comparable", rep.t("comparable"), count, numeric=True),
        Column("n_excluded", rep.t("excluded"), count, numeric=True),
    ]
    labels = [config.pillar_label(x, rep.lang) for x in rep.pillars["pillar"]]
    table = html_table(rep.pillars.assign(label=labels), columns)
    return _render("pillar_table.html.j2", rep, table=table)


def pillar_chart(rep: Report) -> HTML:
    """Bars of each pillar's mean achievement, this year beside last year."""
    chart = Markup(charts.pillar_comparison(rep.pillars, lang=rep.lang))
    return _render("pillar_chart.html.j2", rep, chart=chart)


def top_changes(rep: Report, *, group: str) -> HTML:
    """The five largest gains (``group="gain"``) or shortfalls (``"shortfall"``) in points."""
    top = metrics.top_changes(rep.yoy, n=5)
    rows = top[top["group"] == group]
    table = None
    if len(rows):
        rows = rows.assign(opd_label=[rep.opd_name(c) for c in rows["opd_code"]])
        columns = [
            Column("indicator_name", rep.t("indicator")),
            Column("opd_label", rep.t("opd")),
            Column("achievement_prev", rep.t("prev"), _num(rep, 1), numeric=True),
            Column("achievement_pct", rep.t("achievement"), _num(rep, 1), numeric=True),
            Column("change_points", rep.t("change_pts"), _num(rep, 1, signed=True), numeric=True),
        ]
        table = html_table(rows, columns)
    title = rep.t({"gain": "gains", "shortfall": "shortfalls"}[group])
    return _render("top_changes.html.j2", rep, title=title, table=table)


# -- pillars ----------------------------------------------------------------------------------


def _below_target_table(rep: Report, rows: pd.DataFrame) -> Markup:
    return html_table(
        _with_pace(rep, rep.with_remarks(rows)),
        [
            Column("indicator_name", rep.t("indicator")),
            Column("opd_code", rep.t("opd")),
            Column("unit", rep.t("unit")),
            Column("target", rep.t("target"), _num(rep), numeric=True),
            Column("actual", rep.t("actual"), _num(rep), numeric=True),
            *_rating_columns(rep),
            _pace_column(rep),
            Column("remarks", rep.t("remarks"), fmt.text),
        ],
    )


def pillar_sections(rep: Report) -> HTML:
    """Per pillar of the profile: its figures, a chart of its indicators, the indicators below
    target and what was not compared with last year (one OPD's report: its own pillars only)."""
    excluded = metrics.exclusions(rep.yoy, lang=rep.lang)
    pillars = []
    for code in config.PILLARS:
        rows = rep.yoy[rep.yoy["pillar"] == code]
        if rows.empty and not rep.regency_wide:
            continue
        figure = rep.pillars[rep.pillars["pillar"] == code]
        shown = rows[rows["achievement_pct"].notna()]
        chart = None
        if len(shown):
            colours = metrics.rating_colour(shown["rating"], bands=rep.catalogues.rating_bands)
            chart = charts.indicator_achievement(shown, colours=pd.Series(colours), lang=rep.lang)
        below = rows[rows["achievement_pct"] < 100].sort_values("achievement_pct")
        pillar_excluded = excluded[excluded["pillar"] == code]
        excluded_columns = [
            Column("reason_label", rep.t("reason")),
            Column("n_excluded", rep.t("count"), _num(rep, 0), numeric=True),
            Column("indicators", rep.t("indicators")),
        ]
        pillars.append(
            {
                "label": config.pillar_label(code, rep.lang),
                "colour": config.pillar_colour(code),
                "sentence": narrative.pillar_sentence(
                    rep.yoy, code, figures=rep.pillars, opd_names=rep.opd_names, lang=rep.lang
                ),
                "figure": figure.iloc[0].to_dict() if len(figure) else None,
                "chart": Markup(chart) if chart else None,
                "below": _below_target_table(rep, below) if len(below) else None,
                "excluded": html_table(pillar_excluded, excluded_columns)
                if len(pillar_excluded)
                else None,
            }
        )
    return _render("pillar_sections.html.j2", rep, pillars=pillars, year=rep.params.year)


# -- OPDs -------------------------------------------------------------------------------------


def opd_heatmap(rep: Report) -> HTML:
    """Heatmap of the mean capped achievement, OPD × pillar (the regency's report only)."""
    matrix = metrics.opd_pillar_matrix(rep.yoy) if rep.regency_wide else pd.DataFrame()
    chart = Markup(charts.opd_pillar_heatmap(matrix, lang=rep.lang)) if len(matrix) else None
    return _render("opd_heatmap.html.j2", rep, chart=chart)


def opd_ranking(rep: Report) -> HTML:
    """The OPDs ranked by mean achievement, with their change and budget absorption."""
    ranking = metrics.opd_ranking(rep.opd_scores, budget=rep.budget)
    ranking = ranking.assign(name=[rep.opd_name(c) for c in ranking["opd_code"]])
    columns = [
        Column("rank", rep.t("rank"), _num(rep, 0), numeric=True),
        Column("name", rep.t("opd")),
        Column("mean_achievement", rep.t("achievement"), _num(rep, 1), numeric=True),
        Column("change_points", rep.t("change_pts"), _num(rep, 1, signed=True), numeric=True),
        Column("absorption_pct", rep.t("absorption"), _num(rep, 1), numeric=True),
        Column("physical_pct", rep.t("physical"), _num(rep, 1), numeric=True),
        Column("gap_pp", rep.t("gap"), _num(rep, 1, signed=True), numeric=True),
    ]
    return _render("opd_ranking.html.j2", rep, table=html_table(ranking, columns))


def opd_sentences(rep: Report) -> HTML:
    """Each OPD in a sentence or two (:func:`narrative.opd_sentence`; the regency's report only:
    one OPD's report says it in its summary)."""
    codes = list(rep.opd_scores["opd_code"]) if rep.regency_wide else []
    sentences = narrative.opd_sentences(
        rep.yoy, codes, scores=rep.opd_scores, opd_names=rep.opd_names, lang=rep.lang
    )
    return _render("opd_sentences.html.j2", rep, sentences=sentences)


def budget_chart(rep: Report) -> HTML:
    """Budget absorption against physical progress per OPD (the regency's report only)."""
    chart = None
    if len(rep.budget) and rep.regency_wide:
        chart = Markup(charts.budget_vs_physical(rep.budget, lang=rep.lang))
    return _render("budget_chart.html.j2", rep, chart=chart)


def macro_table(rep: Report) -> HTML:
    """The macro indicators against the other regions (one OPD's report: those it answers for):
    the region's value and rank among its peers, the province's and the nation's values beside
    it as references (columns shown only when a table holds them)."""
    macro = rep.macro
    ind = rep.catalogues.indicators
    if not rep.regency_wide:
        own = ind.loc[ind["opd_code"] == rep.params.opd, "indicator_code"]
        macro = macro[macro["indicator_code"].isin(own)]
    table = None
    if not macro.empty:
        names = dict(zip(ind["indicator_code"], ind["name"], strict=True))
        shown = macro.assign(
            name=macro["indicator_code"].map(names).fillna(macro["indicator_code"])
        )
        columns = [
            Column("name", rep.t("indicator")),
            Column("year", rep.t("year"), fmt.year, numeric=True),
            Column("value", rep.t("actual"), _num(rep, 2), numeric=True),
            Column(
                "province_value", rep.catalogues.profile.province_name, _num(rep, 2), numeric=True
            ),
            Column("national_value", rep.t("national"), _num(rep, 2), numeric=True),
            Column("value_prev", rep.t("prev"), _num(rep, 2), numeric=True),
            Column("direction", rep.t("direction"), rep.direction),
            Column("rank", rep.t("rank_of"), _num(rep, 0), numeric=True),
            Column("n_regions", "n", _num(rep, 0), numeric=True),
            Column("source", rep.t("source_col")),
        ]
        present = [
            c
            for c in columns
            if c.name in shown.columns
            and (c.name not in _REFERENCES or shown[c.name].notna().any())
        ]
        table = html_table(shown, present)
    return _render("macro_table.html.j2", rep, table=table)


#: Reference columns of the macro table, shown only when some table holds their rows.
_REFERENCES = ("province_value", "national_value")


# -- shortcomings and completeness ------------------------------------------------------------


def shortcomings(rep: Report) -> HTML:
    """Every indicator that worsened or is rated Rendah / Sangat Rendah, without softening."""
    rows = metrics.shortcomings(rep.yoy, bands=rep.catalogues.rating_bands, lang=rep.lang)
    table = None
    if len(rows):
        shown = _with_pace(rep, rep.with_remarks(rows)).assign(
            opd_name=[rep.opd_name(c) for c in rows["opd_code"]],
            change_shown=[
                fmt.change(v, u, lang=rep.lang)
                for v, u in zip(rows["change"], rows["change_unit"], strict=True)
            ],
        )
        columns = [
            Column("indicator_name", rep.t("indicator")),
            Column("opd_name", rep.t("opd")),
            *_rating_columns(rep),
            Column("achievement_prev", rep.t("prev"), _num(rep, 1), numeric=True),
            Column("change_shown", rep.t("change"), numeric=True),
            Column("direction", rep.t("direction"), rep.direction),
            _pace_column(rep),
            Column("remarks", rep.t("remarks"), fmt.text),
        ]
        table = html_table(shown, columns)
    return _render("shortcomings.html.j2", rep, n=len(rows), table=table)


def completeness(rep: Report) -> HTML:
    """Which OPDs sent nothing, only part, or late (:func:`metrics.completeness`)."""
    count = _num(rep, 0)
    columns = [
        Column("name", rep.t("opd")),
        Column("status", rep.t("status")),
        Column("no_file", rep.t("no_file")),
        Column("reported", rep.t("submitted_rows"), count, numeric=True),
        Column("expected", rep.t("expected_rows"), count, numeric=True),
        Column("error", rep.t("errors"), count, numeric=True),
        Column("warning", rep.t("warnings"), count, numeric=True),
    ]
    return HTML(str(html_table(rep.completeness_table(), columns)))


def data_problems(rep: Report) -> HTML:
    """The quality log's errors, by OPD and file, in words an OPD can act on."""
    problems = rep.quality[rep.quality["severity"] == "error"]
    table = None
    if len(problems):
        columns = [
            Column("opd_code", rep.t("opd")),
            Column("file", rep.t("file")),
            Column("sheet", rep.t("sheet")),
            Column("row", rep.t("row")),
            Column("column", rep.t("column")),
            Column("value", rep.t("value")),
            Column("message", rep.t("message")),
        ]
        table = html_table(problems.sort_values(["opd_code", "file"], kind="stable"), columns)
    return _render("data_problems.html.j2", rep, n=len(problems), table=table)


# -- appendix ---------------------------------------------------------------------------------


def indicator_appendix(rep: Report) -> HTML:
    """Every indicator of the quarter with its source (file:row), figures and notes."""
    rows = rep.with_remarks(rep.yoy)
    # the indicator cell carries its source (file:row) on a second line, and one notes cell
    # carries why it was not compared and the OPD's remarks: ten columns fit a portrait page
    rows = rows.assign(
        source_line=[
            f"{f}:{int(r)}" if isinstance(f, str) and pd.notna(r) else fmt.DASH
            for f, r in zip(rows["source_file"], rows["source_row"], strict=True)
        ],
        notes=[
            "; ".join(fmt.text(v) for v in (reason, remark) if fmt.text(v) != fmt.DASH) or fmt.DASH
            for reason, remark in zip(rows["reason_label"], rows["remarks"], strict=True)
        ],
    )
    columns = [
        Column("opd_code", rep.t("opd")),
        Column("indicator_name", rep.t("source"), source="source_line"),
        Column("unit", rep.t("unit")),
        Column("target", rep.t("target"), _num(rep), numeric=True),
        Column("actual", rep.t("actual"), _num(rep), numeric=True),
        *_rating_columns(rep),
        Column("actual_prev", rep.t("prev"), _num(rep), numeric=True),
        Column("direction", rep.t("direction"), rep.direction),
        Column("notes", rep.t("notes")),
    ]
    return _render("indicator_appendix.html.j2", rep, table=html_table(rows, columns))


def provenance(rep: Report) -> HTML:
    """The provenance record: parameters, code revision, package versions, input files."""
    record = rep.provenance
    params = record.get("parameters", {})
    packages = record.get("packages", {})
    return _render(
        "provenance.html.j2",
        rep,
        parameters=html_table(
            pd.DataFrame({"k": list(params), "v": [str(v) for v in params.values()]}),
            [Column("k", rep.t("parameters")), Column("v", "")],
        ),
        revision=str(record.get("git_revision", "?")),
        packages=html_table(
            pd.DataFrame({"k": list(packages), "v": list(packages.values())}),
            [Column("k", rep.t("packages")), Column("v", "")],
        ),
        inputs=rep.own_inputs(),
    )
