"""The work behind notebooks 01 and 02, in the steps their cells show.

``01_clean``: :func:`clean` reads and cleans in memory, the notebook shows what was read
(:mod:`sae_analysis.clean.summary`), :func:`write_cleaned` writes the tables. ``02_yoy``:
:func:`yoy` computes the YoY tables, the notebook shows them (:func:`pillar_view`,
:func:`opd_view`, ``metrics``, a chart per pillar), :func:`write_yoy` writes them.
:func:`clean_stage` and :func:`yoy_stage` are a stage in one call (tests, benchmarks).
``03_report`` is :mod:`sae_analysis.report`. Tables are named, checked against their schemas and
written by :mod:`sae_analysis.datasets`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from sae_analysis import config, datasets, metrics
from sae_analysis.clean import rules
from sae_analysis.ingest import catalogues as catalogues_mod
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.params import RunParams, check_params, known_opd_codes


def params(
    *,
    year: object = config.DEFAULT_YEAR,
    quarter: object = config.DEFAULT_QUARTER,
    raw_dir: object = None,
    processed_dir: object = None,
    reports_dir: object = None,
    opd: object = "all",
    lang: object = "id",
    **_ignored: object,
) -> RunParams:
    """Check a notebook's parameters (the same checks as ``sae-analysis run``).

    ``None`` paths mean the project's folders (or ``SAE_*_DIR``); unknown names are ignored, so an
    exploration notebook can pass its own extra parameters.

    >>> run = params(year="2026", quarter=3, raw_dir=config.RAW_DIR)
    >>> (run.year, run.quarter, run.opd, run.lang)
    (2026, 3, 'all', 'id')
    >>> params(quarter=5)
    Traceback (most recent call last):
    ...
    sae_analysis.params.ParameterError: quarter harus 1, 2, 3 atau 4 (atau 'auto'), bukan 5
    """
    raw = Path(str(raw_dir)) if raw_dir not in (None, "") else config.RAW_DIR
    return check_params(
        year=year,
        quarter=quarter,
        raw_dir=raw,
        processed_dir=processed_dir,
        reports_dir=reports_dir,
        opd=opd,
        lang=lang,
        known_opd=known_opd_codes(raw),
    )


@dataclass(frozen=True)
class Cleaned:
    """What notebook 01 read and cleaned, in memory: its tables (catalogue names) and the log."""

    performance: pd.DataFrame
    budget: pd.DataFrame
    macro: pd.DataFrame
    submissions: pd.DataFrame
    quality_issues: pd.DataFrame
    #: The quality log itself: its lines keep their message ids (revisions are told by theirs).
    log: QualityLog


def clean(p: RunParams) -> Cleaned:
    """Read and clean the raw submissions and macro tables for ``p``; nothing is written."""
    cats = catalogues_mod.load_catalogues(p.raw_dir)
    log = QualityLog(lang=p.lang)
    result = rules.clean(p.raw_dir, year=p.year, quarter=p.quarter, catalogues=cats, log=log)
    return Cleaned(
        performance=result.performance,
        budget=result.budget,
        macro=result.macro,
        submissions=result.submissions,
        quality_issues=result.quality,
        log=log,
    )


def write_cleaned(cleaned: Cleaned, p: RunParams) -> pd.DataFrame:
    """Write notebook 01's tables, each checked against its schema; per table its file and rows
    (and, for the quality log, its errors and warnings)."""
    written = [
        (name, datasets.write(getattr(cleaned, name), name, p))
        for name in ("performance", "budget", "macro", "submissions")
    ]
    written.append(("quality_issues", datasets.write_quality_log(cleaned.log, p)))
    severity = cleaned.quality_issues["severity"]
    counts = {level: int((severity == level).sum()) for level in ("error", "warning")}
    return pd.DataFrame(
        {
            "table": [name for name, _ in written],
            "file": [file.name for _, file in written],
            "rows": [len(getattr(cleaned, name)) for name, _ in written],
            **{
                f"{level}s": [
                    counts[level] if name == "quality_issues" else 0 for name, _ in written
                ]
                for level in counts
            },
        }
    )


def clean_stage(p: RunParams) -> pd.DataFrame:
    """Notebook 01 in one call: :func:`clean`, then :func:`write_cleaned`."""
    return write_cleaned(clean(p), p)


@dataclass(frozen=True)
class YoyTables:
    """Notebook 02's tables of one quarter, in memory (their names are the catalogue's)."""

    yoy_indicators: pd.DataFrame
    yoy_pillars: pd.DataFrame
    yoy_opd: pd.DataFrame
    budget_absorption: pd.DataFrame
    macro_summary: pd.DataFrame


def yoy(p: RunParams, *, catalogues: catalogues_mod.Catalogues) -> YoyTables:
    """The YoY tables of ``p``'s quarter (and OPD) from what notebook 01 wrote; nothing is written.

    One OPD's indicator and budget rows are its rows of the regency's (:func:`_regency_yoy`,
    computed once per process for the same tables): each row is computed from that OPD's rows
    alone, so the slice is what the OPD's rows alone give (``tests/test_stages.py`` checks it on
    every OPD of a sample). Its pillar and OPD figures are computed from its rows.
    """
    regency = _regency_yoy(p, catalogues)
    # copy-on-write copies: whoever changes a table returned never changes the remembered one
    budget = regency.budget.copy(deep=False)
    indicators = regency.yoy_indicators.copy(deep=False)
    absorption = regency.budget_absorption.copy(deep=False)
    if p.opd != "all":
        budget = budget[budget["opd_code"] == p.opd]
        indicators = _rows_of(indicators, p.opd)
        absorption = _rows_of(absorption, p.opd)
    return YoyTables(
        yoy_indicators=indicators,
        yoy_pillars=metrics.pillar_figures(
            indicators, bands=catalogues.rating_bands, budget=budget, lang=p.lang
        ),
        yoy_opd=metrics.opd_scorecard(indicators, bands=catalogues.rating_bands, lang=p.lang),
        budget_absorption=absorption,
        macro_summary=regency.macro_summary.copy(deep=False),
    )


def _rows_of(table: pd.DataFrame, opd: str) -> pd.DataFrame:
    """One OPD's rows of a regency-wide table, numbered from 0 as if computed alone."""
    return table[table["opd_code"] == opd].reset_index(drop=True)


@dataclass(frozen=True)
class _RegencyYoy:
    """The regency-wide tables every OPD's YoY tables are taken from, and the budget rows."""

    key: tuple
    catalogues: catalogues_mod.Catalogues
    budget: pd.DataFrame
    yoy_indicators: pd.DataFrame
    budget_absorption: pd.DataFrame
    macro_summary: pd.DataFrame


#: The last regency-wide tables computed in this process (a worker kernel builds many OPDs).
_REGENCY: _RegencyYoy | None = None


def _regency_yoy(p: RunParams, catalogues: catalogues_mod.Catalogues) -> _RegencyYoy:
    """The regency's indicator, budget and macro tables of ``p``'s quarter, remembered per content
    of the tables read (their keys), quarter, language and catalogues (the same object for the
    same files: :func:`~sae_analysis.ingest.catalogues.load_catalogues`)."""
    global _REGENCY
    performance, perf_key = datasets.read_keyed("performance", p)
    budget, budget_key = datasets.read_keyed("budget", p)
    macro, macro_key = datasets.read_keyed("macro", p)
    key = (perf_key, budget_key, macro_key, p.year, p.quarter, p.lang)
    known = _REGENCY
    if known is not None and known.key == key and known.catalogues is catalogues:
        return known
    known = _RegencyYoy(
        key=key,
        catalogues=catalogues,
        budget=budget,
        yoy_indicators=metrics.yoy_indicators(
            performance,
            year=p.year,
            quarter=p.quarter,
            catalogue=catalogues.indicators,
            lang=p.lang,
        ),
        budget_absorption=metrics.budget_yoy(
            budget, year=p.year, quarter=p.quarter, by=("opd_code",)
        ),
        macro_summary=metrics.macro_summary(
            macro,
            region_code=catalogues.profile.region_code,
            regions=catalogues.regions,
            peers=metrics.peer_codes(
                catalogues.profile.region_code,
                regions=catalogues.regions,
                group=catalogues.profile.peer_group,
                listed=catalogues.profile.peer_regions,
            ),
            lang=p.lang,
            **metrics.macro_options(catalogues.indicators),  # type: ignore[arg-type]
        ),
    )
    _REGENCY = known
    return known


def write_yoy(tables: YoyTables, p: RunParams) -> pd.DataFrame:
    """Write notebook 02's tables, each checked against its schema; per table its file and rows."""
    names = [f.name for f in fields(tables)]
    files = [datasets.write(getattr(tables, name), name, p) for name in names]
    return pd.DataFrame(
        {
            "table": names,
            "file": [file.name for file in files],
            "rows": [len(getattr(tables, name)) for name in names],
        }
    )


def yoy_stage(p: RunParams) -> pd.DataFrame:
    """Notebook 02 in one call: :func:`yoy`, then :func:`write_yoy`."""
    return write_yoy(yoy(p, catalogues=catalogues_mod.load_catalogues(p.raw_dir)), p)


#: The like-for-like figures notebook 02 shows of a pillar and of an OPD, in reading order.
_FIGURES_VIEW = [
    "mean_achievement",
    "mean_achievement_prev",
    "change_points",
    "rating",
    "n_improved",
    "n_worsened",
    "n_unchanged",
]

#: The pillar figures notebook 02 shows, in reading order.
PILLAR_VIEW = [
    "pillar_label",
    "n_indicators",
    "n_comparable",
    "n_excluded",
    *_FIGURES_VIEW,
    "absorption_pct",
    "physical_pct",
]


def pillar_view(pillars: pd.DataFrame) -> pd.DataFrame:
    """The pillar figures an evaluator reads first (:data:`PILLAR_VIEW`), one row per pillar.

    >>> pillars = pd.DataFrame({c: [1] for c in PILLAR_VIEW} | {"pillar": ["sosial"], "gap_pp": [0]})
    >>> list(pillar_view(pillars).columns) == PILLAR_VIEW
    True
    """
    return pillars[PILLAR_VIEW]


#: The OPD scorecard columns notebook 02 shows, after the OPD's code and name.
OPD_VIEW = ["n_indicators", "n_comparable", *_FIGURES_VIEW, "n_excluded"]


def opd_view(scorecard: pd.DataFrame, *, catalogues: catalogues_mod.Catalogues) -> pd.DataFrame:
    """The OPD scorecard with each OPD's catalogue name (:data:`OPD_VIEW`).

    >>> scores = pd.DataFrame({c: [1] for c in OPD_VIEW} | {"opd_code": ["DLH"]})
    >>> opd = pd.DataFrame({"opd_code": ["DLH"], "name": ["Dinas Lingkungan Hidup"]})
    >>> cats = catalogues_mod.Catalogues(opd, pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    >>> opd_view(scores, catalogues=cats).iloc[:, :3]
      opd_code                    name  n_indicators
    0      DLH  Dinas Lingkungan Hidup             1
    """
    names = scorecard["opd_code"].map(catalogues.opd_name)
    return scorecard[["opd_code"]].assign(name=names).join(scorecard[OPD_VIEW])
