"""The ``run`` job: execute the stages of one quarter in one kernel, export the report, archive.

One process orchestrates the whole quarter: papermill's Python API executes the three notebooks in
one reused kernel (:class:`~sae_analysis.run.kernel.KernelSession`) and nbconvert's API exports
the report, so the costly imports and starts happen once (see the Performance section of the
README and ``benchmarks/``). Every output is written under a temporary name in a staging folder
and renamed, so a failed or killed run leaves the last good report in place; the processed tables
are the run's own copy, published after each stage that succeeded (:mod:`~sae_analysis.run.staging`,
why in :mod:`~sae_analysis.run.lock`). A full disk ends the run with exit 3 and a line saying what
to free (:mod:`~sae_analysis.run.faults`).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import logging
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from sae_analysis.atomic import write_atomic
from sae_analysis.params import (
    EXIT_DATA_ERRORS,
    EXIT_OK,
    EXIT_STAGE_FAILED,
    RunParams,
)
from sae_analysis.provenance import pin_source_date, provenance
from sae_analysis.run import export
from sae_analysis.run.export import BackgroundPrinter, PdfPrinter, pdf_info, report_title
from sae_analysis.run.faults import disk_full, disk_full_message
from sae_analysis.run.kernel import NOTEBOOKS, STAGES, KernelError, KernelSession
from sae_analysis.run.lock import publish_lock
from sae_analysis.run.staging import StagedTables

log = logging.getLogger("sae_analysis")


@dataclass
class RunResult:
    """What a run produced and its exit code."""

    exit_code: int
    outputs: list[Path] = field(default_factory=list)
    n_errors: int = 0
    n_warnings: int = 0
    message: str = ""


def one_line(exc: BaseException) -> str:
    """The last line of an exception's message (a notebook error's is the exception itself)."""
    text = str(exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__


def quality_counts(processed_dir: Path) -> tuple[int, int]:
    """Number of (errors, warnings) in the quality log, (0, 0) when there is none."""
    path = processed_dir / "quality_issues.csv"
    if not path.is_file():
        return 0, 0
    with path.open(encoding="utf-8", newline="") as handle:
        severities = [row.get("severity", "") for row in csv.DictReader(handle)]
    return severities.count("error"), severities.count("warning")


def archive_dir(params: RunParams) -> Path:
    """Where a run archives its executed notebooks and provenance: ``opd/<CODE>/`` for one OPD.

    One OPD's run must not overwrite the notebooks archived beside the regency report.
    """
    target = params.report_dir
    return target if params.opd == "all" else target / params.opd


def remove_stale_temporaries(report_dir: Path, processed_dir: Path) -> list[Path]:
    """Remove what a killed run left: ``.staging-*`` folders and hidden ``*.tmp`` files.

    Call it only while holding :func:`~sae_analysis.run.lock.run_lock`: then no other run is
    writing them.
    """
    stale = [p for p in Path(report_dir).glob(".staging-*") if p.is_dir()]
    for folder in (Path(report_dir), Path(processed_dir)):
        if folder.is_dir():
            stale += [p for p in folder.glob(".*.tmp") if p.is_file()]
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return sorted(stale)


def fresh_staging(report_dir: Path, processed_dir: Path, *, name: str) -> Path:
    """Clear what a killed run left, then make an empty staging folder ``report_dir/name``.

    Call it only while holding :func:`~sae_analysis.run.lock.quarter_lock` (no other run of the
    quarter writes in ``report_dir``) and :func:`~sae_analysis.run.lock.publish_lock` (runs of
    other quarters publish into ``processed_dir``).
    """
    remove_stale_temporaries(report_dir, processed_dir)
    staging = Path(report_dir) / name
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def write_provenance(staging: Path, params: RunParams) -> Path:
    """Write the run's provenance record into ``staging``; its path (notebook 03 reads it)."""
    path = staging / "provenance.json"
    write_atomic(path, json.dumps(provenance(params), indent=2, ensure_ascii=False) + "\n")
    return path


def run(
    params: RunParams,
    *,
    stages: Sequence[str] = STAGES,
    pdf: bool = True,
    session: KernelSession | None = None,
) -> RunResult:
    """Run the requested stages for one quarter and return the outputs and the exit code.

    The three notebooks share one kernel (:class:`~sae_analysis.run.kernel.KernelSession`) and
    Chromium starts in a thread while they run (:class:`~sae_analysis.run.export.BackgroundPrinter`).
    ``session``: a kernel already started by the caller (``sae-analysis run`` starts it before
    it imports this module); the run shuts it down as it does its own.
    """
    pin_source_date(params)
    archive = archive_dir(params)
    archive.mkdir(parents=True, exist_ok=True)
    with publish_lock(params.reports_dir):
        staging = fresh_staging(
            params.report_dir, params.processed_dir, name=f".staging-{os.getpid()}"
        )
    tables = StagedTables.create(params, staging / "processed")
    staged = tables.params(params)  # the kernels read and write the run's own tables
    try:
        with contextlib.ExitStack() as stack:
            session = stack.enter_context(session or KernelSession())
            closed: list[threading.Thread] = []
            stack.callback(lambda: [thread.join() for thread in closed])
            printer = (
                stack.enter_context(BackgroundPrinter(lang=params.lang))
                if pdf and "report" in stages
                else None
            )
            helper = stack.enter_context(ThreadPoolExecutor(max_workers=1))
            if "report" in stages:
                helper.submit(preload_exports)  # while the kernel starts and cleans
            write_provenance(staging, params)
            done = _execute_stages(session, stages, staged, staging, tables.publish, real=params)
            if done.failure is not None:
                return done.failure
            outputs = []
            if "report" in done.notebooks:
                assert done.summaries is not None
                outputs += export_report(
                    done.notebooks["report"],
                    staging,
                    staged,
                    printer=printer.get if printer else None,
                    xlsx=done.summaries.xlsx,
                    deck=done.summaries.deck,
                )
            # the kernel's part is done: stopped while Chromium closes (0.13 s)
            closing = threading.Thread(target=session.close, name="sae-kernel-close")
            closing.start()
            closed.append(closing)
        for notebook in done.notebooks.values():
            tables.unstage(notebook)
        outputs += _archive(staging, archive, done.notebooks)
        n_errors, n_warnings = quality_counts(tables.folder)
    except (OSError, KernelError) as exc:  # the kernel writes the XLSX and the deck
        full, path = disk_full(exc)
        if not full:
            raise
        return RunResult(EXIT_STAGE_FAILED, message=disk_full_message(path, params))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        tables.remove()
    code = EXIT_DATA_ERRORS if n_errors else EXIT_OK
    return RunResult(code, outputs, n_errors, n_warnings)


@dataclass
class _Executed:
    """What :func:`_execute_stages` did: the executed notebook of each stage that ran, the XLSX
    and the slide deck the kernel writes after 03, and the result of a failed stage."""

    notebooks: dict[str, Path] = field(default_factory=dict)
    summaries: KernelSummaries | None = None
    failure: RunResult | None = None


def _execute_stages(
    session: KernelSession,
    stages: Sequence[str],
    params: RunParams,
    staging: Path,
    publish: Callable[[], object],
    *,
    real: RunParams,
) -> _Executed:
    """Execute the stages in order into ``staging``; stop at the first failure.

    ``params`` name the run's staged tables, ``real`` the folders the messages name. After each
    stage that succeeded, ``publish`` publishes the tables it wrote; a failed stage's are not. A
    failed notebook is kept beside the report (``<stage>.failed.ipynb``) for diagnosis.
    """
    executed = _Executed()
    for stage in stages:
        out = staging / NOTEBOOKS[stage]
        log.info("tahap %s: %s", stage, NOTEBOOKS[stage])
        extra = None
        if stage == "report":
            extra = {"provenance_path": str(staging / "provenance.json")}
        try:
            session.execute(stage, params, out, extra=extra)
        except Exception as exc:
            failed = archive_dir(params) / f"{Path(NOTEBOOKS[stage]).stem}.failed.ipynb"
            outputs = []
            if out.exists():
                out.replace(failed)
                outputs.append(failed)
            full, path = disk_full(exc)
            reason = disk_full_message(path, real) if full else one_line(exc)
            executed.failure = RunResult(
                EXIT_STAGE_FAILED, outputs, message=f"tahap {stage} gagal: {reason}"
            )
            return executed
        executed.notebooks[stage] = out
        if stage == "report":
            # the XLSX and the deck, written by the kernel while the report is exported
            executed.summaries = KernelSummaries(session, staging, params)
        publish()
    return executed


def _archive(staging: Path, archive: Path, executed: dict[str, Path]) -> list[Path]:
    """Move the executed notebooks and the provenance from staging beside the report."""
    moved = []
    for stage in executed:
        name = NOTEBOOKS[stage]
        (staging / name).replace(archive / name)
        (archive / f"{Path(name).stem}.failed.ipynb").unlink(missing_ok=True)
        moved.append(archive / name)
    (staging / "provenance.json").replace(archive / "provenance.json")
    moved.append(archive / "provenance.json")
    return moved


def export_report(
    executed: Path,
    staging: Path,
    params: RunParams,
    *,
    printer: Callable[[], PdfPrinter] | None = None,
    xlsx: Callable[[], Path] | None = None,
    deck: Callable[[], Path] | None = None,
) -> list[Path]:
    """Export the executed report notebook to HTML, XLSX and the slide deck, and to PDF when
    given a printer.

    ``printer`` returns a started :class:`~sae_analysis.run.export.PdfPrinter` (it may still be
    launching); ``xlsx`` and ``deck`` wait for an XLSX and a deck already being written and give
    their paths (:class:`KernelSummaries`; without them :func:`write_xlsx` and
    :func:`write_deck` write them here). The PDF is printed as soon as the HTML is written,
    while the XLSX and the deck may still be in the making; they are waited for whatever the
    print gives, so a missing Chromium still leaves HTML, XLSX and deck.
    """
    html_path = write_html(executed, params)
    pdf_path = None
    try:
        if printer is not None:
            info = pdf_info(params)
            data = printer().print_html(html_path, title=report_title(params), info=info)
            pdf_path = params.report_dir / f"{params.report_stem}.pdf"
            write_atomic(pdf_path, data)
    finally:
        xlsx_path = xlsx() if xlsx is not None else write_xlsx(staging, params)
        deck_path = deck() if deck is not None else write_deck(staging, params)
    return [html_path, xlsx_path, deck_path, *([pdf_path] if pdf_path is not None else [])]


def preload_exports() -> None:
    """Import nbconvert and compile the HTML exporter's templates (0.3 s of CPU) while the
    kernel starts and runs the first notebooks, not after notebook 03."""
    _html_exporter(export.ReportHTMLExporter)


@functools.cache
def _html_exporter(cls: type) -> Any:
    """One exporter per process: its Jinja templates compile once (~0.13 s), not per report."""
    return cls()


def write_html(executed: Path, params: RunParams) -> Path:
    """Write the report's self-contained HTML from the executed notebook; return its path.

    Its ``<title>`` is the report's title and ``<html lang>`` the run's language: Chromium takes
    the PDF's title and language from them.
    """
    nb = nbformat.read(executed, as_version=4)
    nb.metadata["title"] = report_title(params)
    exporter = _html_exporter(export.ReportHTMLExporter)
    exporter.language_code = params.lang
    html, _ = exporter.from_notebook_node(nb)
    path = params.report_dir / f"{params.report_stem}.html"
    write_atomic(path, html)
    return path


def write_xlsx(staging: Path, params: RunParams) -> Path:
    """Write the report's XLSX summary in this process (it needs the YoY tables, not notebook
    03); its path. A run has its kernel write it (:class:`KernelSummaries`)."""
    # Imported here: the report package (pandas, matplotlib, IPython) takes 1.6 s to import on
    # this 2-core machine, which at the top would delay every run's kernel start by as much.
    from sae_analysis.report import outputs

    return outputs.write_xlsx(params, str(staging / "provenance.json"))


def write_deck(staging: Path, params: RunParams) -> Path:
    """Write the slide deck of the rakor in this process (``paparan-<Y>-TW<Q>[-<OPD>].pptx``,
    beside the report); its path. A run has its kernel write it (:class:`KernelSummaries`)."""
    from sae_analysis.report import outputs  # imported here: see write_xlsx

    return outputs.write_deck(params, str(staging / "provenance.json"))


#: Sent to the kernel after notebook 03 (``.format(parameters=…, provenance=…)``, plain
#: literals): writes the XLSX and the deck (``report.outputs.write_summaries``), leaves no name.
SUMMARIES_CODE = (
    "from sae_analysis.report import outputs as _sae_outputs\n"
    "_sae_outputs.write_summaries({parameters!r}, {provenance!r})\n"
    "del _sae_outputs\n"
)


class KernelSummaries:
    """The XLSX and the deck being written by the kernel that ran notebook 03
    (:data:`SUMMARIES_CODE`), while this process exports the HTML and the PDF.

    :meth:`xlsx` and :meth:`deck` wait for the kernel (raising what it raised) and give the
    paths; call them from the thread that uses the session.
    """

    def __init__(self, session: KernelSession, staging: Path, params: RunParams) -> None:
        code = SUMMARIES_CODE.format(
            parameters=params.notebook_parameters(), provenance=str(staging / "provenance.json")
        )
        self._work = session.submit(code)
        self._params = params

    def xlsx(self) -> Path:
        self._work.result()
        return self._params.report_dir / f"{self._params.report_stem}.xlsx"

    def deck(self) -> Path:
        self._work.result()
        return self._params.report_dir / f"{self._params.deck_stem}.pptx"
