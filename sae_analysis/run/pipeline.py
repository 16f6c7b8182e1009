"""The ``run`` job: check parameters, execute the notebooks with papermill, export the report.

One process orchestrates the whole quarter: papermill's Python API executes the three notebooks in
one reused kernel (:class:`KernelSession`) and nbconvert's API exports the report, so the costly
imports and starts happen once (see the Performance section of the README and ``benchmarks/``).
:func:`run_opd_reports` builds every OPD's report in one run, in parallel. Every output is written
under a temporary name and renamed, so a failed or killed run leaves the last good report in place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import functools
import hashlib
import json
import logging
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sae_analysis import config

if TYPE_CHECKING:
    from sae_analysis.run.export import PdfPrinter

log = logging.getLogger("sae_analysis")

# papermill imports nbformat, nbformat imports jsonschema, and jsonschema's format checker imports
# rfc3987_syntax, which compiles about forty lark grammars on import: ~1 s of every run, for an IRI
# format no notebook field uses. Marking the module absent makes jsonschema skip that one format.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

STAGES = ("clean", "yoy", "report")
NOTEBOOKS = {"clean": "01_clean.ipynb", "yoy": "02_yoy.ipynb", "report": "03_report.ipynb"}
KERNEL_NAME = "sae-analysis"

EXIT_OK = 0
EXIT_DATA_ERRORS = 1
EXIT_USAGE = 2
EXIT_STAGE_FAILED = 3

YEAR_RANGE = (2000, 2100)
OPD_CODE_PATTERN = re.compile(r"^[A-Z0-9_]{2,20}$")

PROVENANCE_PACKAGES = (
    "sae-analysis",
    "pandas",
    "numpy",
    "pyarrow",
    "python-calamine",
    "openpyxl",
    "pandera",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "nbclient",
    "playwright",
)


class ParameterError(ValueError):
    """A run parameter is unusable; the message is one line for the user (exit code 2)."""


@dataclass(frozen=True)
class RunParams:
    """Validated parameters of one run (DESIGN §7)."""

    year: int
    quarter: int
    raw_dir: Path
    processed_dir: Path
    reports_dir: Path
    opd: str = "all"
    lang: str = "id"

    def notebook_parameters(self) -> dict[str, object]:
        """Parameters as papermill injects them: plain literals only."""
        return {
            "year": self.year,
            "quarter": self.quarter,
            "raw_dir": str(self.raw_dir),
            "processed_dir": str(self.processed_dir),
            "reports_dir": str(self.reports_dir),
            "opd": self.opd,
            "lang": self.lang,
        }

    @property
    def report_dir(self) -> Path:
        """Folder of this run's report: ``<YEAR>-TW<Q>/``, or its ``opd/`` for one OPD's report
        (beside ``opd/index.html``, so the regency report's folder stays readable)."""
        folder = config.report_dir(self.reports_dir, self.year, self.quarter)
        return folder if self.opd == "all" else folder / "opd"

    @property
    def report_stem(self) -> str:
        """File stem of the report: ``laporan-evaluasi-2026-TW3`` (``-DINKES`` for one OPD)."""
        stem = f"laporan-evaluasi-{self.year}-TW{self.quarter}"
        return stem if self.opd == "all" else f"{stem}-{self.opd}"


def last_finished_quarter(today: dt.date) -> tuple[int, int]:
    """The (year, quarter) of the last quarter that has ended on ``today``.

    >>> last_finished_quarter(dt.date(2026, 11, 28))
    (2026, 3)
    >>> last_finished_quarter(dt.date(2026, 2, 1))
    (2025, 4)
    """
    current = (today.month - 1) // 3 + 1
    return (today.year - 1, 4) if current == 1 else (today.year, current - 1)


def _as_int(name: str, value: object) -> int:
    if isinstance(value, bool):
        raise ParameterError(f"{name} harus bilangan bulat, bukan {value!r}")
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,4}", text):
        raise ParameterError(f"{name} harus bilangan bulat, bukan {value!r}")
    return int(text)


def check_params(
    *,
    year: object,
    quarter: object,
    raw_dir: object = None,
    processed_dir: object = None,
    reports_dir: object = None,
    opd: object = "all",
    lang: object = "id",
    known_opd: Sequence[str] | None = None,
    today: dt.date | None = None,
) -> RunParams:
    """Validate run parameters before any kernel starts; raise :class:`ParameterError`.

    ``quarter="auto"`` (and ``year="auto"``) take the last finished quarter of ``today``.

    >>> check_params(year=2026, quarter=5).quarter
    Traceback (most recent call last):
    ...
    sae_analysis.run.pipeline.ParameterError: quarter harus 1, 2, 3 atau 4 (atau 'auto'), bukan 5
    """
    auto_year, auto_quarter = last_finished_quarter(today or dt.date.today())
    year_unset = year is None or str(year).strip().lower() in ("", "none")
    if str(quarter).strip().lower() == "auto":
        quarter_value = auto_quarter
        year = auto_year if year_unset else year
    else:
        quarter_value = _as_int("quarter", quarter)
        year = config.DEFAULT_YEAR if year_unset else year
    if str(year).strip().lower() == "auto":
        year = auto_year
    year_value = _as_int("year", year)
    if not YEAR_RANGE[0] <= year_value <= YEAR_RANGE[1]:
        raise ParameterError(
            f"year harus antara {YEAR_RANGE[0]} dan {YEAR_RANGE[1]}, bukan {year_value}"
        )
    if quarter_value not in (1, 2, 3, 4):
        raise ParameterError(f"quarter harus 1, 2, 3 atau 4 (atau 'auto'), bukan {quarter_value}")
    lang_value = str(lang).strip().lower()
    if lang_value not in config.LANGUAGES:
        raise ParameterError(f"lang harus 'id' atau 'en', bukan {lang!r}")
    raw = Path(str(raw_dir)) if raw_dir not in (None, "") else config.RAW_DIR
    if not raw.is_dir():
        raise ParameterError(f"folder data mentah tidak ada: {raw}")
    for name in ("opd.csv", "indicators.csv"):  # without them nothing can be read: exit 2, not 3
        if not (raw / config.REFERENCE_SUBDIR / name).is_file():
            raise ParameterError(f"katalog tidak ditemukan: {raw / config.REFERENCE_SUBDIR / name}")
    opd_value = str(opd).strip()
    if opd_value.lower() != "all":
        opd_value = opd_value.upper()
        if not OPD_CODE_PATTERN.fullmatch(opd_value) or (
            known_opd is not None and opd_value not in set(known_opd)
        ):
            raise ParameterError(
                f"kode OPD tidak dikenal: {opd!r} (lihat {raw / config.REFERENCE_SUBDIR / 'opd.csv'})"
            )
    else:
        opd_value = "all"
    return RunParams(
        year=year_value,
        quarter=quarter_value,
        raw_dir=raw.resolve(),
        processed_dir=Path(str(processed_dir)).resolve()
        if processed_dir not in (None, "")
        else config.PROCESSED_DIR,
        reports_dir=Path(str(reports_dir)).resolve()
        if reports_dir not in (None, "")
        else config.REPORTS_DIR,
        opd=opd_value,
        lang=lang_value,
    )


def known_opd_codes(raw_dir: Path) -> list[str] | None:
    """OPD codes of the catalogue in ``raw_dir``, or None when there is no catalogue."""
    if not (Path(raw_dir) / config.REFERENCE_SUBDIR / "opd.csv").is_file():
        return None
    return list(opd_catalogue(raw_dir))


# --- locking -----------------------------------------------------------------------------------


class RunLockedError(RuntimeError):
    """Another run holds the lock of this reports folder."""


@contextlib.contextmanager
def run_lock(reports_dir: Path, *, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock on ``reports_dir`` for one run; two runs never interleave writes."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / ".sae-analysis.lock"
    with path.open("a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "?"
                    raise RunLockedError(
                        f"proses lain sedang membuat laporan di {reports_dir} (pid {holder}); "
                        "tunggu sampai selesai lalu jalankan lagi"
                    ) from None
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# --- provenance --------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(raw_dir: Path, *, year: int, quarter: int) -> list[Path]:
    """The raw files a run reads: catalogues, macro tables, and submissions up to (year, quarter)."""
    files: list[Path] = []
    for sub in (config.REFERENCE_SUBDIR, config.MAKRO_SUBDIR):
        folder = raw_dir / sub
        if folder.is_dir():
            files.extend(p for p in folder.iterdir() if p.is_file())
    for year_dir in raw_dir.iterdir():
        if not (year_dir.is_dir() and year_dir.name.isdigit() and int(year_dir.name) <= year):
            continue
        for q_dir in year_dir.glob("TW[1-4]"):
            if int(year_dir.name) == year and int(q_dir.name[2:]) > quarter:
                continue
            files.extend(p for p in q_dir.iterdir() if p.is_file())
    return sorted(files)


def pin_source_date(params: RunParams) -> int:
    """Default ``SOURCE_DATE_EPOCH`` to the newest input file's time and return it.

    The PDF's creation date is pinned to it (:func:`sae_analysis.run.export.pin_pdf_dates`), so two
    runs on the same inputs give the same bytes; a value already in the environment wins.
    """
    if "SOURCE_DATE_EPOCH" not in os.environ:
        files = input_files(params.raw_dir, year=params.year, quarter=params.quarter)
        newest = max((int(f.stat().st_mtime) for f in files), default=0)
        os.environ["SOURCE_DATE_EPOCH"] = str(newest)
    return int(os.environ["SOURCE_DATE_EPOCH"])


def git_revision(root: Path = config.PROJECT_ROOT) -> str:
    """The git revision of the project (with '+dirty' when the tree has changes), or 'unknown'."""
    try:
        rev = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{rev}+dirty" if dirty else rev


def package_versions() -> dict[str, str]:
    """Versions of the packages that shape the numbers and the report."""
    versions = {"python": platform.python_version()}
    for name in PROVENANCE_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def provenance(params: RunParams) -> dict[str, object]:
    """Everything needed to trace the report to its inputs: parameters, hashes, versions, revision."""
    files = input_files(params.raw_dir, year=params.year, quarter=params.quarter)
    return {
        "parameters": {
            **params.notebook_parameters(),
            "raw_dir": str(params.raw_dir),
        },
        "inputs": [
            {"file": str(p.relative_to(params.raw_dir)), "sha256": file_sha256(p)} for p in files
        ],
        "packages": package_versions(),
        "git_revision": git_revision(),
    }


# --- execution ---------------------------------------------------------------------------------


@dataclass
class RunResult:
    """What a run produced and its exit code."""

    exit_code: int
    outputs: list[Path] = field(default_factory=list)
    n_errors: int = 0
    n_warnings: int = 0
    message: str = ""


def kernel_name() -> str:
    """The project's registered kernel when present, else the kernel of this interpreter."""
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    return KERNEL_NAME if KERNEL_NAME in specs else "python3"


#: Run in a reused kernel before each notebook: the notebooks must not see each other's names,
#: outputs, figures or prompt numbers (the archived notebooks count from 1 as if run alone).
#: IPython's ``%reset -f`` would do it too, but its two full garbage collections cost 0.17 s
#: per notebook, two notebooks per OPD report (``make bench``).
RESET_CODE = """\
def _sae_reset(ip):
    import sys
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    for name in [n for n in ip.user_ns if n not in ip.user_ns_hidden]:
        del ip.user_ns[name]
    ip.history_manager.reset(new_session=True)  # In and Out, prompt numbers in a new session
    ip.execution_count = 1
_sae_reset(get_ipython())
"""

#: Imports a kernel needs for any notebook, run as soon as it starts (see :class:`KernelSession`).
WARM_UP = "import sae_analysis.stages"

#: papermill engine name of :class:`KernelSession` (registered on first use).
SHARED_KERNEL_ENGINE = "sae-shared-kernel"


def _register_shared_kernel_engine() -> None:
    """Register a papermill engine that executes in a kernel it is given and leaves it running."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class SharedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            *,
            km: Any,
            kc: Any,
            log_output: bool = False,
            start_timeout: int = 60,
            execution_timeout: int | None = None,
            **_ignored: Any,
        ) -> Any:
            client = PapermillNotebookClient(
                nb_man,
                km=km,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logging.getLogger("papermill"),
                log_output=log_output,
            )
            # the session's connected client, kept for its next notebook (nbclient leaves a
            # client it did not create alone): a new client per notebook waited 0.2 s in
            # wait_for_ready for its first IOPub message (ZeroMQ's slow joiner)
            client.kc = kc
            reply = client.wait_for_reply(kc.execute(RESET_CODE, silent=True, store_history=False))
            if reply is None or reply["content"]["status"] != "ok":
                raise RuntimeError("kernel namespace reset failed")
            return client.execute()

    papermill_engines.register(SHARED_KERNEL_ENGINE, SharedKernelEngine)


class KernelSession:
    """One kernel that executes several notebooks in turn, each in a fresh namespace.

    A kernel start and the imports of pandas/matplotlib cost about 2 s; reusing the kernel pays
    them once per run instead of once per notebook. Use as a context manager::

        with KernelSession() as session:
            session.execute("clean", params, out_path)
    """

    def __init__(self, *, cwd: Path = config.NOTEBOOKS_DIR, warm_up: str = WARM_UP) -> None:
        self.cwd = cwd
        self.warm_up = warm_up
        self._km: Any = None
        self._kc: Any = None
        self._ready = False  # the kernel has answered the client

    def __enter__(self) -> KernelSession:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the kernel (in the notebooks' folder, like papermill's ``cwd``) and warm it up.

        The warm-up imports run in the kernel while this process goes on (papermill, Chromium,
        provenance); the first notebook's cells queue behind them.
        """
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        _register_shared_kernel_engine()
        self._km = AsyncKernelManager(kernel_name=kernel_name())
        # the kernel's own warnings (e.g. "running over TCP without encryption" on a local
        # loopback kernel) would land in every cron mail; its errors still show
        # no input history on disk: a pipeline kernel's cells are in its output notebooks
        run_sync(self._km.start_kernel)(
            cwd=str(self.cwd),
            extra_arguments=["--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False"],
        )
        # one client for every notebook of the session (see _register_shared_kernel_engine);
        # the warm-up is sent now and the client waits for the kernel only when first used
        self._kc = self._km.client()
        self._kc.allow_stdin = False
        self._kc.start_channels()
        self._ready = False
        if self.warm_up:
            self._kc.execute(self.warm_up, silent=True, store_history=False)

    def close(self) -> None:
        """Shut the kernel down."""
        if self._km is None:
            return
        from jupyter_core.utils import run_sync

        try:
            if self._kc is not None:
                self._kc.stop_channels()
            # it holds nothing to save (no history on disk): stop it at once (0.1 s, not 0.3 s)
            run_sync(self._km.shutdown_kernel)(now=True)
        finally:
            self._km = self._kc = None

    def execute(
        self, stage: str, params: RunParams, out_path: Path, *, extra: dict | None = None
    ) -> None:
        """Execute one pipeline notebook with papermill into ``out_path``."""
        self.execute_path(
            config.NOTEBOOKS_DIR / NOTEBOOKS[stage],
            out_path,
            parameters={**params.notebook_parameters(), **(extra or {})},
        )

    def execute_path(self, notebook: Path, out_path: Path, *, parameters: dict) -> None:
        """Execute any notebook with papermill in this kernel, in a fresh namespace."""
        if self._km is None:
            self.start()
        import papermill

        papermill.execute_notebook(
            str(notebook),
            str(out_path),
            parameters=parameters,
            engine_name=SHARED_KERNEL_ENGINE,
            kernel_name=kernel_name(),
            # one write at the end (or with the error) instead of one per cell
            request_save_on_cell_execute=False,
            progress_bar=False,
            km=self._km,
            kc=self._client(),
        )

    def _client(self) -> Any:
        """The session's kernel client, once the kernel answers (the first call waits for it)."""
        if not self._ready:
            from jupyter_core.utils import run_sync

            run_sync(self._kc.wait_for_ready)(timeout=60)
            self._ready = True
        return self._kc


def quality_counts(processed_dir: Path) -> tuple[int, int]:
    """Number of (errors, warnings) in the quality log, (0, 0) when there is none."""
    path = processed_dir / "quality_issues.csv"
    if not path.is_file():
        return 0, 0
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        severities = [row.get("severity", "") for row in csv.DictReader(handle)]
    return severities.count("error"), severities.count("warning")


class BackgroundPrinter:
    """Launch Chromium in a thread while the kernel works; :meth:`get` waits for it.

    A launch error (no Chromium) is raised by :meth:`get`, so the HTML and XLSX written before
    the PDF are kept.
    """

    def __init__(self, *, lang: str = "id") -> None:
        self.lang = lang
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sae-chromium")
        self._started: Future[PdfPrinter] | None = None

    def __enter__(self) -> BackgroundPrinter:
        self._started = self._pool.submit(self._start)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._started is not None and self._started.exception() is None:
                self._started.result().close()
        finally:
            self._pool.shutdown(wait=True)

    def _start(self) -> PdfPrinter:
        # nbconvert's import (about 1.3 s) happens here too, off the main thread
        from sae_analysis.run.export import PdfPrinter

        printer = PdfPrinter(lang=self.lang)
        printer.start()
        return printer

    def get(self) -> PdfPrinter:
        """The started printer (raises the launch error, if any)."""
        assert self._started is not None, "use BackgroundPrinter as a context manager"
        return self._started.result()


def archive_dir(params: RunParams) -> Path:
    """Where a run archives its executed notebooks and provenance: ``opd/<CODE>/`` for one OPD.

    One OPD's run must not overwrite the notebooks archived beside the regency report.
    """
    target = params.report_dir
    return target if params.opd == "all" else target / params.opd


def remove_stale_temporaries(report_dir: Path, processed_dir: Path) -> list[Path]:
    """Remove what a killed run left: ``.staging-*`` folders and hidden ``*.tmp`` files.

    Call it only while holding :func:`run_lock`: then no other run is writing them.
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

    Call it only while holding :func:`run_lock` (see :func:`remove_stale_temporaries`).
    """
    remove_stale_temporaries(report_dir, processed_dir)
    staging = Path(report_dir) / name
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def run(params: RunParams, *, stages: Sequence[str] = STAGES, pdf: bool = True) -> RunResult:
    """Run the requested stages for one quarter and return the outputs and the exit code.

    The three notebooks share one kernel (:class:`KernelSession`) and Chromium starts in a
    thread while they run (:class:`BackgroundPrinter`).
    """
    from sae_analysis.run.export import write_atomic

    pin_source_date(params)
    target = params.report_dir
    archive = archive_dir(params)
    archive.mkdir(parents=True, exist_ok=True)
    staging = fresh_staging(target, params.processed_dir, name=f".staging-{os.getpid()}")
    outputs: list[Path] = []
    try:
        with contextlib.ExitStack() as stack:
            session = stack.enter_context(KernelSession())
            printer = (
                stack.enter_context(BackgroundPrinter(lang=params.lang))
                if pdf and "report" in stages
                else None
            )
            # the XLSX needs the YoY tables only: built in a thread while notebook 03 runs
            helper = stack.enter_context(ThreadPoolExecutor(max_workers=1))
            xlsx: Future[Path] | None = None
            record = provenance(params)
            write_atomic(
                staging / "provenance.json",
                json.dumps(record, indent=2, ensure_ascii=False) + "\n",
            )
            executed: dict[str, Path] = {}
            for stage in stages:
                out = staging / NOTEBOOKS[stage]
                log.info("tahap %s: %s", stage, NOTEBOOKS[stage])
                extra = (
                    {"provenance_path": str(staging / "provenance.json")}
                    if stage == "report"
                    else None
                )
                if stage == "report":
                    xlsx = helper.submit(write_xlsx, staging, params)
                try:
                    session.execute(stage, params, out, extra=extra)
                except Exception as exc:
                    # keep the failed notebook beside the report for diagnosis
                    failed = archive / f"{Path(NOTEBOOKS[stage]).stem}.failed.ipynb"
                    if out.exists():
                        out.replace(failed)
                        outputs.append(failed)
                    return RunResult(
                        EXIT_STAGE_FAILED, outputs, message=f"tahap {stage} gagal: {_one_line(exc)}"
                    )
                executed[stage] = out
            if "report" in executed:
                outputs += export_report(
                    executed["report"],
                    staging,
                    params,
                    printer=printer.get if printer else None,
                    xlsx=xlsx,
                )
        for stage in executed:
            name = NOTEBOOKS[stage]
            (staging / name).replace(archive / name)
            (archive / f"{Path(name).stem}.failed.ipynb").unlink(missing_ok=True)
            outputs.append(archive / name)
        (staging / "provenance.json").replace(archive / "provenance.json")
        outputs.append(archive / "provenance.json")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    n_errors, n_warnings = quality_counts(params.processed_dir)
    code = EXIT_DATA_ERRORS if n_errors else EXIT_OK
    return RunResult(code, outputs, n_errors, n_warnings)


def export_report(
    executed: Path,
    staging: Path,
    params: RunParams,
    *,
    printer: Callable[[], PdfPrinter] | None = None,
    xlsx: Future[Path] | None = None,
) -> list[Path]:
    """Export the executed report notebook to HTML and XLSX, and to PDF when given a printer.

    ``printer`` returns a started :class:`~sae_analysis.run.export.PdfPrinter` (it may still be
    launching); ``xlsx`` is an XLSX already being written (:func:`write_xlsx`). HTML and XLSX
    are written first, so a missing Chromium still leaves them.
    """
    from sae_analysis.run.export import write_atomic

    html_path = write_html(executed, params)
    xlsx_path = xlsx.result() if xlsx is not None else write_xlsx(staging, params)
    written = [html_path, xlsx_path]
    if printer is not None:
        data = printer().print_html(html_path, title=report_title(params))
        pdf_path = params.report_dir / f"{params.report_stem}.pdf"
        write_atomic(pdf_path, data)
        written.append(pdf_path)
    return written


@functools.cache
def _html_exporter(cls: type) -> Any:
    """One exporter per process: its Jinja templates compile once (~0.13 s), not per report."""
    return cls()


def write_html(executed: Path, params: RunParams) -> Path:
    """Write the report's self-contained HTML from the executed notebook; return its path."""
    import nbformat

    from sae_analysis.run.export import ReportHTMLExporter, write_atomic

    nb = nbformat.read(executed, as_version=4)
    html, _ = _html_exporter(ReportHTMLExporter).from_notebook_node(nb)
    path = params.report_dir / f"{params.report_stem}.html"
    write_atomic(path, html)
    return path


def write_xlsx(staging: Path, params: RunParams) -> Path:
    """Write the report's XLSX summary (it needs the YoY tables, not notebook 03); its path."""
    from sae_analysis import report
    from sae_analysis.run.export import write_atomic

    rep = report.Report.load(params, provenance_path=str(staging / "provenance.json"))
    path = params.report_dir / f"{params.report_stem}.xlsx"
    write_atomic(path, report.summary_xlsx(rep))
    return path


def report_title(params: RunParams) -> str:
    """Running header of the report pages."""
    roman = config.QUARTER_ROMAN[params.quarter]
    if params.lang == "en":
        return f"OPD Performance Evaluation Report · Kabupaten Probolinggo · Q{params.quarter} {params.year}"
    return f"Laporan Evaluasi Kinerja Perangkat Daerah · Kabupaten Probolinggo · Triwulan {roman} {params.year}"


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__


def params_dict(params: RunParams) -> dict[str, object]:
    """Parameters as a JSON-friendly dict."""
    return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(params).items()}


# --- per-OPD reports ---------------------------------------------------------------------------

#: The kernel of a pool worker (one per worker process, reused for every OPD it builds).
_WORKER_SESSION: KernelSession | None = None


def _worker_start() -> None:
    """Pool initializer: a kernel for this worker, shut down when the worker exits."""
    import asyncio
    from multiprocessing import util

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


def _worker_opd(params: RunParams, staging: Path) -> OpdOutcome:
    """Execute 02_yoy and 03_report for one OPD in this worker's kernel; export HTML and XLSX."""
    out = staging / params.opd
    out.mkdir(parents=True, exist_ok=True)
    for stage in ("yoy", "report"):
        path = out / NOTEBOOKS[stage]
        extra = {"provenance_path": str(staging / "provenance.json")} if stage == "report" else None
        try:
            _worker_execute(stage, params, path, extra)
        except Exception as exc:
            return OpdOutcome(params.opd, message=f"tahap {stage} gagal: {_one_line(exc)}")
    html_path = write_html(out / NOTEBOOKS["report"], params)
    xlsx_path = write_xlsx(staging, params)
    return OpdOutcome(params.opd, html_path, (html_path, xlsx_path), opd_headline(params))


def opd_headline(params: RunParams) -> dict[str, object]:
    """The headline of one OPD's report: indicators, mean achievement, its change, rating."""
    import pandas as pd

    from sae_analysis import datasets

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


def opd_catalogue(raw_dir: Path) -> dict[str, str]:
    """OPD code -> name from the catalogue, in catalogue order (empty without a catalogue)."""
    path = Path(raw_dir) / config.REFERENCE_SUBDIR / "opd.csv"
    if not path.is_file():
        return {}
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["opd_code"].strip().upper(): row["name"].strip() for row in csv.DictReader(handle)
        }


def opd_codes_with_data(params: RunParams) -> list[str]:
    """OPDs with performance or budget rows in the requested year, in catalogue order."""
    import pyarrow.parquet as pq

    found: set[str] = set()
    for name in ("performance", "budget"):
        path = params.processed_dir / f"{name}.parquet"
        if path.is_file():
            table = pq.read_table(path, columns=["year", "opd_code"]).to_pydict()
            found.update(
                str(code)
                for year, code in zip(table["year"], table["opd_code"], strict=True)
                if year == params.year and code
            )
    order = list(opd_catalogue(params.raw_dir))
    return sorted(found, key=lambda c: (order.index(c) if c in order else len(order), c))


INDEX_TEXT = {
    "id": {
        "title": "Laporan per perangkat daerah",
        "code": "Kode",
        "name": "Perangkat daerah",
        "n": "Indikator",
        "mean": "Capaian rata-rata (%)",
        "change": "Perubahan (poin)",
        "rating": "Predikat",
        "report": "Laporan",
        "failed": "gagal",
        "regency": "Laporan kabupaten",
    },
    "en": {
        "title": "Reports per agency",
        "code": "Code",
        "name": "Agency",
        "n": "Indicators",
        "mean": "Mean achievement (%)",
        "change": "Change (points)",
        "rating": "Rating",
        "report": "Report",
        "failed": "failed",
        "regency": "Regency report",
    },
}


def opd_index_html(
    outcomes: Sequence[OpdOutcome], *, params: RunParams, names: dict[str, str]
) -> str:
    """The index page of the per-OPD reports: one row per OPD, its headline and links.

    Links are relative to ``<report dir>/opd/``; text from the catalogue is escaped.
    """
    import html

    from sae_analysis import report

    text = INDEX_TEXT[params.lang]
    stem = f"laporan-evaluasi-{params.year}-TW{params.quarter}"
    rows = []
    for item in outcomes:
        head = item.headline
        if item.message:
            links = f'<span class="failed">{html.escape(text["failed"])}: {html.escape(item.message)}</span>'
        else:
            links = " · ".join(
                f'<a href="{stem}-{item.opd}.{ext}">{ext.upper()}</a>' for ext in ("pdf", "html")
            )
        cells = [
            html.escape(item.opd),
            html.escape(names.get(item.opd, item.opd)),
            report.fmt_number(head.get("n_indicators"), decimals=0, lang=params.lang),
            report.fmt_number(head.get("mean_achievement"), decimals=1, lang=params.lang),
            report.fmt_number(head.get("change_points"), decimals=1, lang=params.lang, signed=True),
            html.escape(str(head.get("rating") or "–")),
            links,
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    header = "".join(
        f"<th>{html.escape(text[k])}</th>"
        for k in ("code", "name", "n", "mean", "change", "rating", "report")
    )
    title = f"{text['title']} · {config.REGION_NAME} · {params.year} TW{params.quarter}"
    return (
        f'<!DOCTYPE html>\n<html lang="{params.lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#1f2933}"
        "table{border-collapse:collapse}td,th{border-bottom:1px solid #cbd2d9;padding:.3em .6em;"
        "text-align:left}td:nth-child(n+3):nth-child(-n+5){text-align:right}.failed{color:#b42318}"
        f"</style></head><body><h1>{html.escape(title)}</h1>"
        f'<p><a href="../{stem}.pdf">{html.escape(text["regency"])}</a></p>'
        f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</body></html>\n"
    )


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
    the year). Run it under :func:`run_lock`.
    """
    import multiprocessing

    from sae_analysis.run.export import write_atomic

    if params.opd != "all":
        raise ParameterError("laporan per OPD dibuat untuk semua OPD: opd harus 'all'")
    pin_source_date(params)
    target = params.report_dir
    folder = target / "opd"
    folder.mkdir(parents=True, exist_ok=True)
    staging = fresh_staging(target, params.processed_dir, name=f".staging-opd-{os.getpid()}")
    outputs: list[Path] = []
    outcomes: list[OpdOutcome] = []
    # fork the workers before any thread or event loop exists in this process
    pool = multiprocessing.get_context("fork").Pool(jobs or default_jobs(), _worker_start)
    try:
        with contextlib.ExitStack() as stack:
            printer = stack.enter_context(BackgroundPrinter(lang=params.lang)) if pdf else None
            write_atomic(
                staging / "provenance.json",
                json.dumps(provenance(params), indent=2, ensure_ascii=False) + "\n",
            )
            log.info("tahap clean: %s", NOTEBOOKS["clean"])
            try:
                pool.apply(_worker_execute, ("clean", params, staging / NOTEBOOKS["clean"], None))
            except Exception as exc:
                failed = folder / f"{Path(NOTEBOOKS['clean']).stem}.failed.ipynb"
                if (staging / NOTEBOOKS["clean"]).exists():
                    (staging / NOTEBOOKS["clean"]).replace(failed)
                    outputs.append(failed)
                return RunResult(
                    EXIT_STAGE_FAILED, outputs, message=f"tahap clean gagal: {_one_line(exc)}"
                )
            codes = [c for c in opd_codes_with_data(params) if only is None or c in set(only)]
            log.info("laporan per OPD: %d OPD, %d proses", len(codes), jobs or default_jobs())
            tasks = [(replace(params, opd=code), staging) for code in codes]
            for outcome in pool.imap_unordered(_star_worker_opd, tasks):
                outcomes.append(outcome)
                outputs.extend(outcome.outputs)
                if outcome.message:
                    log.warning("OPD %s: %s", outcome.opd, outcome.message)
                    continue
                if printer is not None and outcome.html is not None:
                    opd_params = replace(params, opd=outcome.opd)
                    data = printer.get().print_html(outcome.html, title=report_title(opd_params))
                    pdf_path = opd_params.report_dir / f"{opd_params.report_stem}.pdf"
                    write_atomic(pdf_path, data)
                    outputs.append(pdf_path)
                log.info("OPD %s: selesai", outcome.opd)
        outputs += _archive_opd_notebooks(staging, folder, outcomes)
        order = {code: i for i, code in enumerate(codes)}
        outcomes.sort(key=lambda o: order[o.opd])
        index = folder / "index.html"
        write_atomic(
            index, opd_index_html(outcomes, params=params, names=opd_catalogue(params.raw_dir))
        )
        outputs.append(index)
    except BaseException:
        # do not wait for the OPDs still queued; orphaned kernels exit with their worker
        pool.terminate()
        raise
    finally:
        pool.close()
        pool.join()
        shutil.rmtree(staging, ignore_errors=True)
    n_errors, n_warnings = quality_counts(params.processed_dir)
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


def _star_worker_opd(task: tuple[RunParams, Path]) -> OpdOutcome:
    return _worker_opd(*task)


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
