"""The ``run`` job: check parameters, execute the notebooks with papermill, export the report.

One process orchestrates the whole quarter: papermill's Python API executes the three notebooks and
nbconvert's API exports the report, so the costly imports happen once (see the Performance section
of the README). Every output is written under a temporary name and renamed, so a failed or killed
run leaves the last good report in place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
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
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from sae_analysis import config

log = logging.getLogger("sae_analysis")

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
        """Folder of this run's report."""
        return config.report_dir(self.reports_dir, self.year, self.quarter)

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
    sae_analysis.pipeline.ParameterError: quarter harus 1, 2, 3 atau 4 (atau 'auto'), bukan 5
    """
    auto_year, auto_quarter = last_finished_quarter(today or dt.date.today())
    if str(quarter).strip().lower() == "auto":
        quarter_value = auto_quarter
        year = auto_year if str(year).strip().lower() in ("auto", "", "none") else year
    else:
        quarter_value = _as_int("quarter", quarter)
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
    path = Path(raw_dir) / config.REFERENCE_SUBDIR / "opd.csv"
    if not path.is_file():
        return None
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row["opd_code"].strip().upper() for row in csv.DictReader(handle)]


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


def execute_notebook(
    stage: str, params: RunParams, out_path: Path, *, extra: dict | None = None
) -> None:
    """Execute one pipeline notebook with papermill into ``out_path``."""
    import papermill

    papermill.execute_notebook(
        str(config.NOTEBOOKS_DIR / NOTEBOOKS[stage]),
        str(out_path),
        parameters={**params.notebook_parameters(), **(extra or {})},
        kernel_name=kernel_name(),
        progress_bar=sys.stderr.isatty(),
        cwd=str(config.NOTEBOOKS_DIR),
    )


def quality_counts(processed_dir: Path) -> tuple[int, int]:
    """Number of (errors, warnings) in the quality log, (0, 0) when there is none."""
    path = processed_dir / "quality_issues.csv"
    if not path.is_file():
        return 0, 0
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        severities = [row.get("severity", "") for row in csv.DictReader(handle)]
    return severities.count("error"), severities.count("warning")


def run(params: RunParams, *, stages: Sequence[str] = STAGES, pdf: bool = True) -> RunResult:
    """Run the requested stages for one quarter and return the outputs and the exit code."""
    from sae_analysis.export import write_atomic

    target = params.report_dir
    target.mkdir(parents=True, exist_ok=True)
    staging = target / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    outputs: list[Path] = []
    try:
        record = provenance(params)
        write_atomic(
            staging / "provenance.json", json.dumps(record, indent=2, ensure_ascii=False) + "\n"
        )
        executed: dict[str, Path] = {}
        for stage in stages:
            out = staging / NOTEBOOKS[stage]
            log.info("tahap %s: %s", stage, NOTEBOOKS[stage])
            extra = (
                {"provenance_path": str(staging / "provenance.json")} if stage == "report" else None
            )
            try:
                execute_notebook(stage, params, out, extra=extra)
            except Exception as exc:
                # keep the failed notebook beside the report for diagnosis
                failed = target / f"{Path(NOTEBOOKS[stage]).stem}.failed.ipynb"
                if out.exists():
                    out.replace(failed)
                    outputs.append(failed)
                return RunResult(
                    EXIT_STAGE_FAILED, outputs, message=f"tahap {stage} gagal: {_one_line(exc)}"
                )
            executed[stage] = out
        if "report" in executed:
            outputs += export_report(executed["report"], staging, params, pdf=pdf)
        for stage in executed:
            name = NOTEBOOKS[stage]
            (staging / name).replace(target / name)
            (target / f"{Path(name).stem}.failed.ipynb").unlink(missing_ok=True)
            outputs.append(target / name)
        (staging / "provenance.json").replace(target / "provenance.json")
        outputs.append(target / "provenance.json")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    n_errors, n_warnings = quality_counts(params.processed_dir)
    code = EXIT_DATA_ERRORS if n_errors else EXIT_OK
    return RunResult(code, outputs, n_errors, n_warnings)


def export_report(
    executed: Path, staging: Path, params: RunParams, *, pdf: bool = True
) -> list[Path]:
    """Export the executed report notebook to HTML, XLSX and PDF in the report folder.

    HTML and XLSX are written first, so that a missing or crashing Chromium still leaves them.
    """
    import nbformat

    from sae_analysis import report
    from sae_analysis.export import PdfPrinter, ReportHTMLExporter, write_atomic

    nb = nbformat.read(executed, as_version=4)
    html, _ = ReportHTMLExporter().from_notebook_node(nb)
    target = params.report_dir
    html_path = target / f"{params.report_stem}.html"
    write_atomic(html_path, html)
    xlsx_path = target / f"{params.report_stem}.xlsx"
    rep = report.Report.load(params, provenance_path=str(staging / "provenance.json"))
    write_atomic(xlsx_path, report.summary_xlsx(rep))
    written = [html_path, xlsx_path]
    if pdf:
        with PdfPrinter(lang=params.lang) as printer:
            data = printer.print_html(html, title=report_title(params))
        pdf_path = target / f"{params.report_stem}.pdf"
        write_atomic(pdf_path, data)
        written.append(pdf_path)
    return written


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
