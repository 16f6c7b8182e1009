"""Helpers of the researchers' notebooks in ``notebooks/explore/``: pillar and OPD deep-dives.

The figures come from :mod:`sae_analysis.metrics` (the same capped, like-for-like rules as the
report); this module only selects, reshapes over all the quarters available, and draws. Charts use
the report's style (:mod:`sae_analysis.report.charts`) and come back as ``IPython.display.SVG`` objects, so
a notebook cell shows them as they are.

:func:`load` reads what ``01_clean`` wrote to ``processed_dir``; when that is missing or was
built for another quarter it cleans the raw data in memory and writes nothing, so exploring never
changes the pipeline's outputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from IPython.display import SVG

from sae_analysis import config, metrics, stages
from sae_analysis.ingest import catalogues as catalogues_mod
from sae_analysis.report import charts
from sae_analysis.run import pipeline

TEXT = {
    "period": {"id": "Triwulan", "en": "Quarter"},
    "mean": {"id": "Rata-rata (dibatasi 0–120)", "en": "Mean (capped 0–120)"},
    "contribution": {
        "id": "Sumbangan pada perubahan pilar (poin)",
        "en": "Contribution to the pillar's change (points)",
    },
    "province": {"id": "Provinsi", "en": "Province"},
    "absorption": charts.TEXT["absorption"],
    "physical": charts.TEXT["physical"],
    "achievement": charts.TEXT["achievement"],
}


def _t(key: str, lang: str) -> str:
    return TEXT[key].get(lang, TEXT[key]["id"])


def period_label(year: int, quarter: int) -> str:
    """Label of a quarter as the reports folder names it.

    >>> period_label(2026, 3)
    '2026-TW3'
    """
    return f"{int(year)}-TW{int(quarter)}"


def check_pillar(pillar: object) -> str:
    """Return a pillar code, or raise a one-line :class:`~sae_analysis.run.pipeline.ParameterError`.

    >>> check_pillar(" Ekonomi ")
    'ekonomi'
    >>> check_pillar("budaya")
    Traceback (most recent call last):
    ...
    sae_analysis.run.pipeline.ParameterError: pilar tidak dikenal: 'budaya' (pilihan: pemerintahan, ekonomi, pendidikan_kesehatan, infrastruktur, sosial)
    """
    code = str(pillar).strip().lower()
    if code not in config.PILLARS:
        raise pipeline.ParameterError(
            f"pilar tidak dikenal: {pillar!r} (pilihan: {', '.join(config.PILLARS)})"
        )
    return code


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class Tables:
    """The processed frames of one quarter, with the catalogues, for exploration."""

    params: pipeline.RunParams
    catalogues: catalogues_mod.Catalogues
    performance: pd.DataFrame
    budget: pd.DataFrame
    macro: pd.DataFrame
    quality: pd.DataFrame
    #: ``"processed"`` (read from processed_dir) or ``"raw"`` (cleaned in memory).
    origin: str


def _processed_ready(p: pipeline.RunParams) -> bool:
    names = ("performance", "budget", "macro")
    if not all((p.processed_dir / f"{n}.parquet").is_file() for n in names):
        return False
    periods = pd.read_parquet(p.processed_dir / "performance.parquet", columns=["year", "quarter"])
    return bool((periods["year"].eq(p.year) & periods["quarter"].eq(p.quarter)).any())


def load(p: pipeline.RunParams) -> Tables:
    """Load the quarter's tables: processed ones when 01_clean wrote them, else clean in memory."""
    from sae_analysis.clean import rules
    from sae_analysis.ingest.quality import QualityLog

    cats = catalogues_mod.load_catalogues(p.raw_dir)
    quality_csv = p.processed_dir / "quality_issues.csv"
    if _processed_ready(p) and quality_csv.is_file():
        return Tables(
            params=p,
            catalogues=cats,
            performance=stages.read_table(p.processed_dir, "performance"),
            budget=stages.read_table(p.processed_dir, "budget"),
            macro=stages.read_table(p.processed_dir, "macro"),
            quality=pd.read_csv(quality_csv, dtype="str", keep_default_na=False),
            origin="processed",
        )
    result = rules.clean(
        p.raw_dir, year=p.year, quarter=p.quarter, catalogues=cats, log=QualityLog(lang=p.lang)
    )
    return Tables(
        params=p,
        catalogues=cats,
        performance=result.performance,
        budget=result.budget,
        macro=result.macro,
        quality=result.quality,
        origin="raw",
    )


def quarter_yoy(tables: Tables, *, opd_code: str | None = None) -> pd.DataFrame:
    """:func:`metrics.yoy_indicators` of the requested quarter (optionally of one OPD)."""
    p = tables.params
    performance = tables.performance
    if opd_code is not None:
        performance = performance[performance["opd_code"] == opd_code]
    return metrics.yoy_indicators(
        performance,
        year=p.year,
        quarter=p.quarter,
        catalogue=tables.catalogues.indicators,
        lang=p.lang,
    )


# --------------------------------------------------------------------------- trends over quarters


def _select(performance: pd.DataFrame, *, pillar: str | None, opd_code: str | None) -> pd.DataFrame:
    """The rows of one pillar and/or one OPD (all rows when both are None)."""
    rows = performance
    if pillar is not None:
        rows = rows[rows["pillar"] == pillar]
    if opd_code is not None:
        rows = rows[rows["opd_code"] == opd_code]
    return rows


def indicator_trends(
    performance: pd.DataFrame,
    *,
    pillar: str | None = None,
    opd_code: str | None = None,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
) -> pd.DataFrame:
    """Return every indicator's value and achievement at every quarter in ``performance``.

    ``actual`` is the year-to-date value of that quarter (DESIGN §4.1), so ``sum`` indicators
    climb within a year and start again in TW1; ``achievement_capped`` is clipped to ``cap`` as
    in every aggregate.

    >>> perf = pd.DataFrame({"year": [2026, 2025], "quarter": [1, 4], "pillar": ["sosial"] * 2,
    ...     "opd_code": ["DINSOS"] * 2, "indicator_code": ["A"] * 2,
    ...     "indicator_name": ["Aa"] * 2, "unit": ["%"] * 2, "target": [10.0, 10.0],
    ...     "actual": [14.0, 9.0], "achievement_pct": [140.0, 90.0]})
    >>> indicator_trends(perf)[["period", "actual", "achievement_capped"]]
         period  actual  achievement_capped
    0  2025-TW4     9.0                90.0
    1  2026-TW1    14.0               120.0
    """
    rows = _select(performance, pillar=pillar, opd_code=opd_code)
    columns = ["year", "quarter", "pillar", "opd_code", "indicator_code", "indicator_name"]
    columns += ["unit", "target", "actual", "achievement_pct"]
    out = rows[columns].sort_values(["year", "quarter", "opd_code", "indicator_code"])
    out = out.reset_index(drop=True)
    out.insert(
        2,
        "period",
        pd.Series(
            [period_label(y, q) for y, q in zip(out["year"], out["quarter"], strict=True)],
            index=out.index,
            dtype="str",
        ),
    )
    return out.assign(achievement_capped=metrics.capped(out["achievement_pct"], cap))


def trend_table(trends: pd.DataFrame, *, value: str = "achievement_pct") -> pd.DataFrame:
    """Indicators (rows) × quarters (columns) of one column of :func:`indicator_trends`.

    >>> trends = pd.DataFrame({"period": ["2025-TW4", "2026-TW1"], "opd_code": ["X", "X"],
    ...     "indicator_code": ["A", "A"], "indicator_name": ["Aa", "Aa"], "actual": [9.0, 14.0]})
    >>> table = trend_table(trends, value="actual")
    >>> list(table.columns), table.index[0], table.iloc[0].tolist()
    (['2025-TW4', '2026-TW1'], ('X', 'A', 'Aa'), [9.0, 14.0])
    """
    return trends.pivot_table(
        index=["opd_code", "indicator_code", "indicator_name"],
        columns="period",
        values=value,
        aggfunc="first",
        sort=True,
    )


def quarterly_history(
    performance: pd.DataFrame,
    *,
    pillar: str | None = None,
    opd_code: str | None = None,
    catalogue: pd.DataFrame | None = None,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
) -> pd.DataFrame:
    """Return one row per quarter available of the figures of a pillar, an OPD, or both.

    Columns: ``year, quarter, period, n_indicators, n_reported`` (with an achievement),
    ``mean_achievement_all`` (capped mean of every reported indicator of that quarter: the level,
    whose indicator set may change), then the figures of :func:`metrics.regency_figure` over the
    selection against the same quarter last year (like-for-like: ``mean_achievement``,
    ``mean_achievement_prev``, ``change_points``, ``n_comparable``, ``n_improved``,
    ``n_worsened``, ``n_unchanged``; NaN or 0 where last year is not in the data).

    >>> perf = pd.DataFrame({"year": [2025, 2026], "quarter": [3, 3], "pillar": ["sosial"] * 2,
    ...     "opd_code": ["DINSOS"] * 2, "indicator_code": ["A"] * 2,
    ...     "indicator_name": ["Aa"] * 2, "unit": ["%"] * 2, "polarity": ["+"] * 2,
    ...     "actual": [9.0, 14.0], "achievement_pct": [90.0, 140.0]})
    >>> quarterly_history(perf, pillar="sosial")[["period", "mean_achievement_all", "change_points"]]
         period  mean_achievement_all  change_points
    0  2025-TW3                  90.0            NaN
    1  2026-TW3                 120.0           30.0
    """
    rows = _select(performance, pillar=pillar, opd_code=opd_code)
    level = (
        rows.assign(capped=metrics.capped(rows["achievement_pct"], cap))
        .groupby(["year", "quarter"], sort=True)
        .agg(
            n_indicators=("indicator_code", "size"),
            n_reported=("capped", "count"),
            mean_achievement_all=("capped", "mean"),
        )
        .reset_index()
    )
    keep = [
        "mean_achievement",
        "mean_achievement_prev",
        "change_points",
        "n_comparable",
        "n_improved",
        "n_worsened",
        "n_unchanged",
    ]
    figures = [
        metrics.regency_figure(
            metrics.yoy_indicators(rows, year=int(y), quarter=int(q), catalogue=catalogue),
            cap=cap,
        ).loc[0, keep]
        for y, q in zip(level["year"], level["quarter"], strict=True)
    ]
    like_for_like = pd.DataFrame(figures, columns=keep, index=level.index)
    out = pd.concat([level, like_for_like], axis=1)
    out.insert(
        2,
        "period",
        pd.Series(
            [period_label(y, q) for y, q in zip(out["year"], out["quarter"], strict=True)],
            index=out.index,
            dtype="str",
        ),
    )
    counts = ["n_comparable", "n_improved", "n_worsened", "n_unchanged"]
    return out.astype(dict.fromkeys(counts, int) | dict.fromkeys(keep[:3], float))


def history_chart(
    history: pd.DataFrame, trends: pd.DataFrame, *, lang: str = "id", cap: float = 120.0
) -> SVG:
    """Lines over the quarters: each indicator's capped achievement (thin), their mean (bold)."""
    periods = list(history["period"])
    x = {p: i for i, p in enumerate(periods)}
    with charts.plt.rc_context(charts.STYLE):
        fig, ax = charts.plt.subplots(figsize=(7.0, 3.2))
        for _, one in trends.groupby(["opd_code", "indicator_code"], sort=True):
            one = one[one["period"].isin(x)]
            ax.plot(
                one["period"].map(x),
                one["achievement_capped"],
                color=charts.PREVIOUS,
                linewidth=0.6,
                alpha=0.7,
            )
        ax.plot(
            range(len(periods)),
            history["mean_achievement_all"],
            color=charts.ACCENT,
            linewidth=2.0,
            marker="o",
            markersize=3,
            label=_t("mean", lang),
        )
        ax.axhline(100, color="#52606d", linewidth=0.6, linestyle="--")
        ax.set_xticks(range(len(periods)), periods, rotation=45, ha="right")
        ax.set_ylim(0, cap + 5)
        ax.set_xlabel(_t("period", lang))
        ax.set_ylabel(_t("achievement", lang) + f" (≤ {cap:.0f})")
        ax.legend(loc="lower right", frameon=False, fontsize=7)
        return SVG(charts.to_svg(fig))


# --------------------------------------------------------------------------- OPD contributions


def opd_contributions(
    yoy: pd.DataFrame,
    *,
    pillar: str,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
    bands: pd.DataFrame | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """Split a pillar's mean achievement and its change into the parts each OPD contributes.

    The pillar mean is the mean over its comparable indicators, so it is the sum over OPDs of
    ``weight`` (the OPD's share of those indicators) × the OPD's mean: ``contribution`` and
    ``contribution_change`` add up to the pillar's ``mean_achievement`` and ``change_points``.
    Columns: those of :func:`metrics.opd_scorecard`, then ``weight``, ``contribution``,
    ``contribution_change``; sorted from the largest fall in contribution up.

    >>> yoy = pd.DataFrame({"pillar": ["sosial"] * 3, "opd_code": ["A", "A", "B"],
    ...     "comparable": [True, True, True], "achievement_pct": [100.0, 80.0, 60.0],
    ...     "achievement_prev": [90.0, 80.0, 90.0],
    ...     "direction": ["membaik", "tetap", "memburuk"], "reason": [None, None, None]})
    >>> c = opd_contributions(yoy, pillar="sosial")
    >>> c[["opd_code", "weight", "contribution", "contribution_change"]].round(2)
      opd_code  weight  contribution  contribution_change
    0        B    0.33          20.0               -10.00
    1        A    0.67          60.0                 3.33
    """
    rows = yoy[yoy["pillar"] == pillar]
    scores = metrics.opd_scorecard(rows, cap=cap, bands=bands, lang=lang)
    total = scores["n_comparable"].sum()
    weight = scores["n_comparable"] / total if total else scores["n_comparable"] * np.nan
    out = scores.assign(
        weight=weight,
        contribution=weight * scores["mean_achievement"].fillna(0),
        contribution_change=weight * scores["change_points"].fillna(0),
    )
    return out.sort_values(["contribution_change", "opd_code"], ignore_index=True)


def contribution_chart(contributions: pd.DataFrame, *, lang: str = "id") -> SVG:
    """Horizontal bars of each OPD's contribution to the pillar's change (points)."""
    with charts.plt.rc_context(charts.STYLE):
        height = max(1.6, 0.25 * len(contributions) + 0.8)
        fig, ax = charts.plt.subplots(figsize=(6.0, height))
        values = contributions["contribution_change"].to_numpy(dtype=float)
        colours = [charts.ACCENT if v >= 0 else "#c0392b" for v in values]
        y = np.arange(len(contributions))
        ax.barh(y, values, color=colours, height=0.6)
        ax.set_yticks(y, list(contributions["opd_code"]))
        ax.axvline(0, color="#52606d", linewidth=0.6)
        ax.set_xlabel(_t("contribution", lang))
        return SVG(charts.to_svg(fig))


# --------------------------------------------------------------------------- macro vs regions


def macro_options(indicators: pd.DataFrame) -> dict[str, Mapping[str, object]]:
    """Keyword arguments of :func:`metrics.macro_summary` taken from the indicator catalogue.

    >>> cat = pd.DataFrame({"indicator_code": ["ipm"], "polarity": ["+"], "unit": ["indeks"],
    ...     "break_year": ["2024"]})
    >>> macro_options(cat)
    {'polarity_by_indicator': {'ipm': '+'}, 'unit_by_indicator': {'ipm': 'indeks'}, 'break_year_by_indicator': {'ipm': 2024}}
    """
    ind = indicators.drop_duplicates("indicator_code").set_index("indicator_code")
    breaks = (
        pd.to_numeric(ind["break_year"], errors="coerce").dropna().to_dict()
        if "break_year" in ind
        else {}
    )
    return {
        "polarity_by_indicator": ind["polarity"].to_dict(),
        "unit_by_indicator": ind["unit"].to_dict(),
        "break_year_by_indicator": breaks,
    }


def pillar_macro(tables: Tables, *, pillar: str) -> pd.DataFrame:
    """:func:`metrics.macro_summary` of the region for the macro indicators of one pillar."""
    cat = tables.catalogues.indicators
    codes = set(cat.loc[cat["pillar"] == pillar, "indicator_code"])
    macro = tables.macro[tables.macro["indicator_code"].isin(codes)]
    return metrics.macro_summary(
        macro,
        region_code=config.REGION_CODE,
        regions=tables.catalogues.regions,
        lang=tables.params.lang,
        **macro_options(cat),  # type: ignore[arg-type]
    )


def macro_regions(
    macro: pd.DataFrame,
    *,
    indicator_code: str,
    indicators: pd.DataFrame,
    regions: pd.DataFrame | None = None,
    year: int | None = None,
    region_code: str = config.REGION_CODE,
    lang: str = "id",
) -> pd.DataFrame:
    """Every region's value of one macro indicator in one year, ranked as the report ranks it.

    One :func:`metrics.macro_summary` row per region (value, value_prev, change, direction, rank
    among the kabupaten/kota; the province and the nation keep a value but no rank), plus
    ``is_focus`` for the region of interest. ``year`` defaults to the region's latest year;
    sorted best first.
    """
    rows = macro[macro["indicator_code"] == indicator_code]
    if year is None:
        own = rows.loc[rows["region_code"].astype("str") == region_code, "year"]
        year = int(own.max()) if len(own) else int(rows["year"].max())
    options = macro_options(indicators)
    per_region = [
        metrics.macro_summary(
            rows, region_code=code, year=year, regions=regions, lang=lang, **options
        )  # type: ignore[arg-type]
        for code in sorted(rows["region_code"].astype("str").unique())
    ]
    out = pd.concat(per_region, ignore_index=True)
    out = out[out["value"].notna()]
    out = out.assign(is_focus=out["region_code"].eq(region_code))
    return out.sort_values(["rank", "region_code"], na_position="last", ignore_index=True)


def macro_chart(regions_table: pd.DataFrame, *, lang: str = "id") -> SVG:
    """Bars of one macro indicator over the kabupaten/kota (best first), the focus region in colour,
    the province as a dashed line."""
    ranked = regions_table[regions_table["rank"].notna()]
    others = regions_table[regions_table["rank"].isna()]
    with charts.plt.rc_context(charts.STYLE):
        height = max(2.0, 0.16 * len(ranked) + 0.8)
        fig, ax = charts.plt.subplots(figsize=(6.0, height))
        y = np.arange(len(ranked))
        colours = [charts.ACCENT if f else charts.PREVIOUS for f in ranked["is_focus"]]
        ax.barh(y, ranked["value"].to_numpy(dtype=float), color=colours, height=0.7)
        ax.set_yticks(y, list(ranked["region_name"].fillna(ranked["region_code"])), fontsize=6)
        ax.invert_yaxis()
        for value, name in zip(others["value"], others["region_name"], strict=True):
            ax.axvline(float(value), color="#52606d", linewidth=0.8, linestyle="--")
            ax.annotate(
                str(name) if isinstance(name, str) else _t("province", lang),
                (float(value), 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(2, 2),
                textcoords="offset points",
                fontsize=6,
            )
        ax.set_xlabel(str(regions_table["indicator_code"].iloc[0]) if len(regions_table) else "")
        return SVG(charts.to_svg(fig))


# --------------------------------------------------------------------------- one OPD


def budget_history(budget: pd.DataFrame, *, opd_code: str) -> pd.DataFrame:
    """Budget absorption and physical progress of one OPD at every quarter available.

    >>> b = pd.DataFrame({"year": [2026, 2026], "quarter": [1, 2], "opd_code": ["X", "X"],
    ...     "ceiling": [100.0, 100.0], "spent": [20.0, 45.0], "physical_pct": [25.0, 50.0]})
    >>> budget_history(b, opd_code="X")[["period", "absorption_pct", "gap_pp"]]
         period  absorption_pct  gap_pp
    0  2026-TW1            20.0     5.0
    1  2026-TW2            45.0     5.0
    """
    table = metrics.budget_absorption(budget[budget["opd_code"] == opd_code], by=("opd_code",))
    labels = [period_label(y, q) for y, q in zip(table["year"], table["quarter"], strict=True)]
    table.insert(2, "period", pd.Series(labels, index=table.index, dtype="str"))
    return table


def budget_chart(history: pd.DataFrame, *, lang: str = "id") -> SVG:
    """Lines over the quarters: budget absorption and physical progress (%)."""
    with charts.plt.rc_context(charts.STYLE):
        fig, ax = charts.plt.subplots(figsize=(7.0, 2.8))
        x = np.arange(len(history))
        ax.plot(
            x, history["absorption_pct"], color=charts.ACCENT, marker="o", markersize=3,
            label=_t("absorption", lang),
        )  # fmt: skip
        ax.plot(
            x, history["physical_pct"], color=charts.PREVIOUS, marker="s", markersize=3,
            label=_t("physical", lang),
        )  # fmt: skip
        ax.set_xticks(x, list(history["period"]), rotation=45, ha="right")
        ax.set_ylim(0, 105)
        ax.set_xlabel(_t("period", lang))
        ax.set_ylabel("%")
        ax.legend(loc="upper left", frameon=False, fontsize=7)
        return SVG(charts.to_svg(fig))


def opd_issues(quality: pd.DataFrame, *, opd_code: str) -> pd.DataFrame:
    """The quality-log lines of one OPD, errors first (what to chase with the agency).

    >>> q = pd.DataFrame({"severity": ["warning", "error", "error"], "opd_code": ["X", "X", "Y"],
    ...     "file": ["a", "b", "c"], "row": ["3", "4", "5"], "message": ["m1", "m2", "m3"]})
    >>> opd_issues(q, opd_code="X")[["severity", "file", "message"]]
      severity file message
    0    error    b      m2
    1  warning    a      m1
    """
    rows = quality[quality["opd_code"] == opd_code]
    order = rows["severity"].map({"error": 0, "warning": 1}).fillna(2)
    return (
        rows.assign(_order=order)
        .sort_values(["_order", "file"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def check_one_opd(opd: str) -> str:
    """The OPD of a per-OPD deep-dive: one code, not ``"all"``.

    >>> check_one_opd("DINKES")
    'DINKES'
    >>> check_one_opd("all")
    Traceback (most recent call last):
    ...
    sae_analysis.run.pipeline.ParameterError: opd harus satu kode OPD (mis. "DINKES"), bukan "all"
    """
    if opd == "all":
        raise pipeline.ParameterError('opd harus satu kode OPD (mis. "DINKES"), bukan "all"')
    return opd


def opd_name(catalogues: catalogues_mod.Catalogues, opd_code: str) -> str:
    """The catalogue name of an OPD (its code when the catalogue does not list it)."""
    names = catalogues.opd.set_index("opd_code")["name"]
    return str(names.get(opd_code, opd_code))
