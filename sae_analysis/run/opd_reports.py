"""Every OPD's report in one run: clean once, then yoy + report per OPD in a pool of workers.

Each worker process keeps one kernel (:class:`~sae_analysis.run.kernel.KernelSession`) for all
the OPDs it builds and exports their HTML and XLSX; the parent prints every PDF with one
Chromium while the workers go on, and writes the index page ``<report dir>/opd/index.html``.
Workers start as :mod:`sae_analysis.pools` says (fork on Linux, spawn elsewhere): the functions
the pool runs are top-level and their arguments pickle.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from multiprocessing import util
from multiprocessing.pool import Pool
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from sae_analysis import config, datasets, pools
from sae_analysis.atomic import write_atomic
from sae_analysis.params import (
    EXIT_DATA_ERRORS,
    EXIT_OK,
    EXIT_STAGE_FAILED,
    ParameterError,
    RunParams,
    opd_catalogue,
)
from sae_analysis.provenance import pin_source_date
from sae_analysis.report.index_page import opd_index_html
from sae_analysis.run.export import BackgroundPrinter, pdf_info, report_title
from sae_analysis.run.kernel import NOTEBOOKS, KernelError, KernelSession
from sae_analysis.run.lock import publish_lock
from sae_analysis.run.orchestrate import (
    KernelSummaries,
    RunResult,
    fresh_staging,
    one_line,
    quality_counts,
    write_html,
    write_provenance,
)
from sae_analysis.run.staging import StagedTables

log = logging.getLogger("sae_analysis")

#: The kernel of a pool worker (one per worker process, reused for every OPD it builds).
_WORKER_SESSION: KernelSession | None = None


def _worker_start() -> None:
    """Pool initializer: a kernel for this worker, shut down when the worker exits."""
    global _WORKER_SESSION
    # a loop inherited through fork shares its selector with the parent's
    asyncio.set_event_loop(asyncio.new_event_loop())
    _WORKER_SESSION = KernelSession()
    util.Finalize(None, _WORKER_SESSION.close, exitpriority=10)


def _worker_execute(stage: str, params: RunParams, out: Path, extra: dict | None) -> None:
    assert _WORKER_SESSION is not None
    _WORKER_SESSION.execute(stage, params, out, extra=extra)


@dataclass(frozen=True)
class OpdOutcome:
    """One OPD's report: its HTML (printed to PDF by the parent), headline figures, failure."""

    opd: str
    html: Path | None = None
    outputs: tuple[Path, ...] = ()
    headline: dict[str, object] = field(default_factory=dict)
    message: str = ""


def _worker_opd(task: tuple[RunParams, Path]) -> OpdOutcome:
    """Execute 02_yoy and 03_report for one OPD in this worker's kernel; export the HTML while
    the kernel writes the XLSX and the OPD's slide deck."""
    params, staging = task
    out = staging / params.opd
    out.mkdir(parents=True, exist_ok=True)
    for stage in ("yoy", "report"):
        path = out / NOTEBOOKS[stage]
        extra = {"provenance_path": str(staging / "provenance.json")} if stage == "report" else None
        try:
            _worker_execute(stage, params, path, extra)
        except Exception as exc:
            return OpdOutcome(params.opd, message=f"tahap {stage} gagal: {one_line(exc)}")
    assert _WORKER_SESSION is not None
    # the kernel writes the XLSX and the deck while this worker renders the HTML
    summaries = KernelSummaries(_WORKER_SESSION, staging, params)
    html_path = write_html(out / NOTEBOOKS["report"], params)
    try:
        outputs = (html_path, summaries.xlsx(), summaries.deck())
    except KernelError as exc:
        return OpdOutcome(params.opd, message=f"XLSX/paparan gagal: {exc}")
    return OpdOutcome(params.opd, html_path, outputs, opd_headline(params))


def opd_headline(params: RunParams) -> dict[str, object]:
    """The headline of one OPD's report: indicators, mean achievement, its change, rating."""
    scores = pd.read_parquet(datasets.path("yoy_opd", params))
    row = scores[scores["opd_code"] == params.opd]
    if row.empty:
        return {}
    first = row.iloc[0]
    return {
        key: (None if pd.isna(first[key]) else first[key])
        for key in ("n_indicators", "mean_achievement", "change_points", "rating")
        if key in row.columns
    }


def opd_codes_with_data(params: RunParams) -> list[str]:
    """OPDs with performance or budget rows in the requested year, in catalogue order."""
    found: set[str] = set()
    for name in ("performance", "budget"):
        path = datasets.path(name, params)
        if path.is_file():
            table = pq.read_table(path, columns=["year", "opd_code"]).to_pydict()
            found.update(
                str(code)
                for year, code in zip(table["year"], table["opd_code"], strict=True)
                if year == params.year and code
            )
    order = list(opd_catalogue(params.raw_dir))
    return sorted(found, key=lambda c: (order.index(c) if c in order else len(order), c))


def default_jobs() -> int:
    """Worker processes for per-OPD reports: the cores this process may use."""
    return config.cores()


def run_opd_reports(
    params: RunParams,
    *,
    jobs: int | None = None,
    pdf: bool = True,
    only: Sequence[str] | None = None,
) -> RunResult:
    """Build every OPD's report in one run: clean once, then yoy + report per OPD in parallel.

    ``jobs`` worker processes each keep one kernel for all the OPDs they build; the parent
    prints every PDF with one Chromium while the workers go on, and writes
    ``<report dir>/opd/index.html``. ``only`` limits the OPDs (default: every OPD with data in
    the year). Run it under :func:`~sae_analysis.run.lock.quarter_lock`. The processed tables
    are the run's own copy (:mod:`~sae_analysis.run.staging`), published after the clean and at
    the end.
    """
    if params.opd != "all":
        raise ParameterError("laporan per OPD dibuat untuk semua OPD: opd harus 'all'")
    pin_source_date(params)
    folder = params.report_dir / "opd"
    folder.mkdir(parents=True, exist_ok=True)
    with publish_lock(params.reports_dir):
        staging = fresh_staging(
            params.report_dir, params.processed_dir, name=f".staging-opd-{os.getpid()}"
        )
    tables = StagedTables.create(params, staging / "processed")
    staged = tables.params(params)  # the kernels read and write the run's own tables
    outcomes: list[OpdOutcome] = []
    # start the workers before any thread or event loop exists in this process (fork)
    pool = pools.context().Pool(jobs or default_jobs(), _worker_start)
    try:
        with contextlib.ExitStack() as stack:
            printer = stack.enter_context(BackgroundPrinter(lang=params.lang)) if pdf else None
            write_provenance(staging, params)
            failed = _clean(pool, staged, staging, folder)
            if failed is not None:
                return failed
            tables.publish()
            codes = [c for c in opd_codes_with_data(staged) if only is None or c in set(only)]
            log.info("laporan per OPD: %d OPD, %d proses", len(codes), jobs or default_jobs())
            tasks = [(replace(staged, opd=code), staging) for code in codes]
            outputs = []
            for outcome in pool.imap_unordered(_worker_opd, tasks):
                outcomes.append(outcome)
                outputs += _finish_opd(outcome, params, printer)
        tables.publish()
        for notebook in staging.rglob("*.ipynb"):
            tables.unstage(notebook)
        outputs += _archive_opd_notebooks(staging, folder, outcomes)
        order = {code: i for i, code in enumerate(codes)}
        outcomes.sort(key=lambda o: order[o.opd])
        index = folder / "index.html"
        page = opd_index_html(outcomes, params=params, names=opd_catalogue(params.raw_dir))
        write_atomic(index, page)
        outputs.append(index)
        return _result(params, outputs, outcomes, quality=tables.folder)
    except BaseException:
        # do not wait for the OPDs still queued; orphaned kernels exit with their worker
        pool.terminate()
        raise
    finally:
        pool.close()
        pool.join()
        shutil.rmtree(staging, ignore_errors=True)
        tables.remove()


def _clean(pool: Pool, params: RunParams, staging: Path, folder: Path) -> RunResult | None:
    """Execute 01_clean once, in a worker's kernel; on failure keep the notebook, its result."""
    log.info("tahap clean: %s", NOTEBOOKS["clean"])
    try:
        pool.apply(_worker_execute, ("clean", params, staging / NOTEBOOKS["clean"], None))
    except Exception as exc:
        outputs = []
        failed = folder / f"{Path(NOTEBOOKS['clean']).stem}.failed.ipynb"
        if (staging / NOTEBOOKS["clean"]).exists():
            (staging / NOTEBOOKS["clean"]).replace(failed)
            outputs.append(failed)
        return RunResult(EXIT_STAGE_FAILED, outputs, message=f"tahap clean gagal: {one_line(exc)}")
    return None


def _finish_opd(
    outcome: OpdOutcome, params: RunParams, printer: BackgroundPrinter | None
) -> list[Path]:
    """The files of one OPD's finished report, printing its PDF when there is a printer."""
    if outcome.message:
        log.warning("OPD %s: %s", outcome.opd, outcome.message)
        return list(outcome.outputs)
    outputs = list(outcome.outputs)
    if printer is not None and outcome.html is not None:
        opd_params = replace(params, opd=outcome.opd)
        data = printer.get().print_html(
            outcome.html, title=report_title(opd_params), info=pdf_info(opd_params)
        )
        pdf_path = opd_params.report_dir / f"{opd_params.report_stem}.pdf"
        write_atomic(pdf_path, data)
        outputs.append(pdf_path)
    log.info("OPD %s: selesai", outcome.opd)
    return outputs


def _result(
    params: RunParams, outputs: list[Path], outcomes: list[OpdOutcome], *, quality: Path
) -> RunResult:
    """The run's result: a failed OPD fails the run (exit 3), else the data errors decide
    (counted in the quality log of the processed folder ``quality``)."""
    n_errors, n_warnings = quality_counts(quality)
    failed_opd = [o.opd for o in outcomes if o.message]
    if failed_opd:
        return RunResult(
            EXIT_STAGE_FAILED,
            outputs,
            n_errors,
            n_warnings,
            message=f"laporan OPD gagal: {', '.join(failed_opd)}",
        )
    return RunResult(EXIT_DATA_ERRORS if n_errors else EXIT_OK, outputs, n_errors, n_warnings)


def _archive_opd_notebooks(
    staging: Path, folder: Path, outcomes: Sequence[OpdOutcome]
) -> list[Path]:
    """Move the executed notebooks and the provenance from staging into ``opd/``."""
    moved = []
    for name in (NOTEBOOKS["clean"], "provenance.json"):
        (staging / name).replace(folder / name)
        moved.append(folder / name)
    for outcome in outcomes:
        source, dest = staging / outcome.opd, folder / outcome.opd
        dest.mkdir(parents=True, exist_ok=True)
        for stage in ("yoy", "report"):
            name = NOTEBOOKS[stage]
            if (source / name).exists():
                suffix = f"{Path(name).stem}.failed.ipynb" if outcome.message else name
                (source / name).replace(dest / suffix)
                moved.append(dest / suffix)
                if not outcome.message:
                    (dest / f"{Path(name).stem}.failed.ipynb").unlink(missing_ok=True)
    return moved
