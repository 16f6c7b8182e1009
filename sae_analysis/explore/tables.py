"""The exploration notebooks' starting point: their parameter checks and the quarter's tables.

:func:`load` reads what ``01_clean`` wrote to ``processed_dir``; when that is missing or was
built for another quarter it cleans the raw data in memory as notebook 01 does
(:func:`sae_analysis.stages.clean`) and writes nothing, so exploring never changes the pipeline's
outputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sae_analysis import config, datasets, metrics, stages
from sae_analysis.ingest import catalogues as catalogues_mod
from sae_analysis.params import ParameterError, RunParams


def check_pillar(pillar: object) -> str:
    """Return a pillar code, or raise a one-line :class:`~sae_analysis.params.ParameterError`.

    >>> check_pillar(" Ekonomi ")
    'ekonomi'
    >>> check_pillar("budaya")
    Traceback (most recent call last):
    ...
    sae_analysis.params.ParameterError: pilar tidak dikenal: 'budaya' (pilihan: pemerintahan, ekonomi, pendidikan_kesehatan, infrastruktur, sosial)
    """
    code = str(pillar).strip().lower()
    if code not in config.PILLARS:
        raise ParameterError(
            f"pilar tidak dikenal: {pillar!r} (pilihan: {', '.join(config.PILLARS)})"
        )
    return code


def check_one_opd(opd: str) -> str:
    """The OPD of a per-OPD deep-dive: one code, not ``"all"``.

    >>> check_one_opd("DINKES")
    'DINKES'
    >>> check_one_opd("all")
    Traceback (most recent call last):
    ...
    sae_analysis.params.ParameterError: opd harus satu kode OPD (mis. "DINKES"), bukan "all"
    """
    if opd == "all":
        raise ParameterError('opd harus satu kode OPD (mis. "DINKES"), bukan "all"')
    return opd


@dataclass(frozen=True)
class Tables:
    """The processed frames of one quarter, with the catalogues, for exploration."""

    params: RunParams
    catalogues: catalogues_mod.Catalogues
    performance: pd.DataFrame
    budget: pd.DataFrame
    macro: pd.DataFrame
    quality: pd.DataFrame
    #: ``"processed"`` (read from processed_dir) or ``"raw"`` (cleaned in memory).
    origin: str


def _processed_ready(p: RunParams) -> bool:
    names = ("performance", "budget", "macro", "quality_issues")
    if not all(datasets.path(n, p).is_file() for n in names):
        return False
    periods = pd.read_parquet(datasets.path("performance", p), columns=["year", "quarter"])
    return bool((periods["year"].eq(p.year) & periods["quarter"].eq(p.quarter)).any())


def load(p: RunParams) -> Tables:
    """Load the quarter's tables: processed ones when 01_clean wrote them, else clean in memory."""
    cats = catalogues_mod.load_catalogues(p.raw_dir)
    if _processed_ready(p):
        return Tables(
            params=p,
            catalogues=cats,
            performance=datasets.read("performance", p),
            budget=datasets.read("budget", p),
            macro=datasets.read("macro", p),
            quality=datasets.read("quality_issues", p),
            origin="processed",
        )
    cleaned = stages.clean(p)
    return Tables(
        params=p,
        catalogues=cats,
        performance=cleaned.performance,
        budget=cleaned.budget,
        macro=cleaned.macro,
        quality=cleaned.quality_issues,
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
