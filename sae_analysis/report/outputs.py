"""The report's files besides the notebook: the XLSX summary and the rakor's slide deck.

Both need the YoY tables, not notebook 03. ``sae-analysis run`` has the kernel that ran notebook
03 write them (:func:`write_summaries`, sent by ``run.orchestrate.KernelSummaries``), while this process renders the HTML and Chromium prints the
PDF: the kernel has the report package imported and the report's tables loaded already (1.6 s of
imports and loading that the orchestrating process would otherwise spend), and it is idle then.
"""

from __future__ import annotations

from pathlib import Path

from sae_analysis import stages
from sae_analysis.atomic import write_atomic
from sae_analysis.params import RunParams
from sae_analysis.report.document import Report


def xlsx_path(params: RunParams) -> Path:
    """Where the report's XLSX summary goes (beside the report)."""
    return params.report_dir / f"{params.report_stem}.xlsx"


def deck_path(params: RunParams) -> Path:
    """Where the slide deck goes (``paparan-<Y>-TW<Q>[-<OPD>].pptx``, beside the report)."""
    return params.report_dir / f"{params.deck_stem}.pptx"


def write_xlsx(
    params: RunParams, provenance_path: str | None, *, rep: Report | None = None
) -> Path:
    """Write the report's XLSX summary (from ``rep`` when loaded already); its path."""
    from sae_analysis.report import xlsx

    if rep is None:
        rep = Report.load(params, provenance_path=provenance_path)
    path = xlsx_path(params)
    write_atomic(path, xlsx.summary_xlsx(rep))
    return path


def write_deck(
    params: RunParams, provenance_path: str | None, *, rep: Report | None = None
) -> Path:
    """Write the slide deck of the rakor (from ``rep`` when loaded already); its path."""
    # python-pptx and lxml (0.1 s) only where a deck is made
    from sae_analysis.report import slides

    if rep is None:
        rep = Report.load(params, provenance_path=provenance_path)
    path = deck_path(params)
    write_atomic(path, slides.deck_pptx(rep))
    return path


def write_summaries(parameters: dict, provenance_path: str | None) -> list[Path]:
    """Both files of the run with these notebook parameters (checked as a notebook's are), from
    one :class:`Report` (neither changes it; a load is 40 ms of an OPD's report)."""
    params = stages.params(**parameters)
    rep = Report.load(params, provenance_path=provenance_path)
    return [
        write_xlsx(params, provenance_path, rep=rep),
        write_deck(params, provenance_path, rep=rep),
    ]
