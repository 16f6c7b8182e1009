"""The parameters of a run, checked before any kernel starts, and the exit codes (DESIGN §7-§8).

Both sides import it: the CLI and ``run/`` check the parameters, the kernels (``stages``,
``report``, ``explore``) check a notebook's parameters the same way. Standard library and
``config`` only, so the CLI starts fast and the kernels never import the orchestrator.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from sae_analysis import config, profile

EXIT_OK = 0
EXIT_DATA_ERRORS = 1
EXIT_USAGE = 2
EXIT_STAGE_FAILED = 3

YEAR_RANGE = (2000, 2100)
OPD_CODE_PATTERN = re.compile(r"^[A-Z0-9_]{2,20}$")


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

    @property
    def deck_stem(self) -> str:
        """File stem of the slide deck (paparan): ``paparan-2026-TW3`` (``-DINKES`` for one OPD)."""
        stem = f"paparan-{self.year}-TW{self.quarter}"
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
    sae_analysis.params.ParameterError: quarter harus 1, 2, 3 atau 4 (atau 'auto'), bukan 5
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
    raw = _checked_raw_dir(raw_dir)
    try:  # a malformed profile is a configuration error (exit 2) before any kernel starts
        profile.activate(profile.in_folder(raw / config.REFERENCE_SUBDIR))
    except profile.ProfileError as exc:
        raise ParameterError(str(exc)) from exc
    opd_value = _checked_opd(opd, known_opd=known_opd, raw=raw)
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


def _checked_raw_dir(raw_dir: object) -> Path:
    """The raw folder (default: the project's), which must hold the two catalogues."""
    raw = Path(str(raw_dir)) if raw_dir not in (None, "") else config.RAW_DIR
    if not raw.is_dir():
        raise ParameterError(f"folder data mentah tidak ada: {raw}")
    for name in ("opd.csv", "indicators.csv"):  # without them nothing can be read: exit 2, not 3
        if not (raw / config.REFERENCE_SUBDIR / name).is_file():
            raise ParameterError(f"katalog tidak ditemukan: {raw / config.REFERENCE_SUBDIR / name}")
    return raw


def _checked_opd(opd: object, *, known_opd: Sequence[str] | None, raw: Path) -> str:
    """``all``, or an OPD code in upper case that the catalogue knows (when it is given)."""
    opd_value = str(opd).strip()
    if opd_value.lower() == "all":
        return "all"
    opd_value = opd_value.upper()
    if not OPD_CODE_PATTERN.fullmatch(opd_value) or (
        known_opd is not None and opd_value not in set(known_opd)
    ):
        raise ParameterError(
            f"kode OPD tidak dikenal: {opd!r} (lihat {raw / config.REFERENCE_SUBDIR / 'opd.csv'})"
        )
    return opd_value


# The OPD codes a parameter may name, read with the csv module rather than through
# ingest.catalogues.load_catalogues: that module imports pandas (0.3-0.5 s measured on this
# 2-core machine, about a tenth of `make report`), which the CLI would pay before every run
# starts its kernel.


def opd_catalogue(raw_dir: Path) -> dict[str, str]:
    """OPD code -> name from the catalogue, in catalogue order (empty without a catalogue)."""
    path = Path(raw_dir) / config.REFERENCE_SUBDIR / "opd.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["opd_code"].strip().upper(): row["name"].strip() for row in csv.DictReader(handle)
        }


def known_opd_codes(raw_dir: Path) -> list[str] | None:
    """OPD codes of the catalogue in ``raw_dir``, or None when there is no catalogue."""
    if not (Path(raw_dir) / config.REFERENCE_SUBDIR / "opd.csv").is_file():
        return None
    return list(opd_catalogue(raw_dir))


def unwritable(folder: Path) -> tuple[Path, str]:
    """(the folder checked, why this user cannot write in it), or (folder, "") when it can.

    A folder not made yet is checked at its nearest existing parent (the run makes the rest).
    The check writes: an unnamed temporary file, gone when closed (``os.access`` says yes to
    root for a folder on a read-only mount, and can be wrong where ACLs decide).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> unwritable(folder / "2026-TW3" / "logs") == (folder, "")
    True
    """
    where = Path(folder)
    while not where.exists() and where != where.parent:
        where = where.parent
    if not where.is_dir():
        return where, "bukan folder"
    try:
        with tempfile.TemporaryFile(dir=where):
            pass
    except OSError as exc:
        return where, exc.strerror or type(exc).__name__
    return where, ""


def params_dict(params: RunParams) -> dict[str, object]:
    """Parameters as a JSON-friendly dict."""
    return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(params).items()}
