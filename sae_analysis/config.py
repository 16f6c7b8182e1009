"""Paths, fixed codes and run defaults. Only constants live here; no logic beyond path helpers."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The environment can point the notebooks' default parameters elsewhere (nbval runs them on a
# small fixture this way); explicit parameters always win.
RAW_DIR = Path(os.environ.get("SAE_RAW_DIR", PROJECT_ROOT / "data" / "raw"))
PROCESSED_DIR = Path(os.environ.get("SAE_PROCESSED_DIR", PROJECT_ROOT / "data" / "processed"))
REPORTS_DIR = Path(os.environ.get("SAE_REPORTS_DIR", PROJECT_ROOT / "reports"))
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"

#: Sub-folders of a raw directory (DESIGN §3).
REFERENCE_SUBDIR = "reference"
MAKRO_SUBDIR = "makro"

#: The bundled sample's default quarter.
DEFAULT_YEAR = 2026
DEFAULT_QUARTER = 3

#: Region of interest for BPS-style tables: Kabupaten Probolinggo.
REGION_CODE = "3513"
REGION_NAME = "Kabupaten Probolinggo"

#: The five pillars of the regent's SAE vision: code -> (Indonesian label, English label).
PILLARS: dict[str, tuple[str, str]] = {
    "pemerintahan": ("SAE Pemerintahan", "SAE Governance"),
    "ekonomi": ("SAE Ekonomi", "SAE Economy"),
    "pendidikan_kesehatan": ("SAE Pendidikan dan Kesehatan", "SAE Education and Health"),
    "infrastruktur": ("SAE Infrastruktur", "SAE Infrastructure"),
    "sosial": ("SAE Sosial", "SAE Social"),
}

#: Achievement values are kept as computed; aggregation clips them to this range (DESIGN §6).
ACHIEVEMENT_CAP = (0.0, 120.0)

LANGUAGES = ("id", "en")

#: Roman numerals used for quarters (triwulan) in submissions and reports.
QUARTER_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def pillar_label(code: str, lang: str = "id") -> str:
    """Return the human label of a pillar code in the given language.

    >>> pillar_label("ekonomi")
    'SAE Ekonomi'
    >>> pillar_label("ekonomi", "en")
    'SAE Economy'
    """
    label_id, label_en = PILLARS[code]
    return label_en if lang == "en" else label_id


def quarter_dir(raw_dir: Path, year: int, quarter: int) -> Path:
    """Folder of the OPD submissions of one quarter: ``<raw>/<YEAR>/TW<Q>``."""
    return Path(raw_dir) / str(year) / f"TW{quarter}"


def report_dir(reports_dir: Path, year: int, quarter: int) -> Path:
    """Folder of one quarter's report: ``<reports>/<YEAR>-TW<Q>``."""
    return Path(reports_dir) / f"{year}-TW{quarter}"


#: Year-over-year changes smaller than this count as "tetap" (unchanged): percentage points for
#: percent/rate units, relative percent for other units (sae_analysis.metrics).
YOY_TOLERANCE_PP = 0.05
YOY_TOLERANCE_PCT = 0.5

#: A submission larger than this is refused before it is opened: one OPD's E.81 form is tens of
#: kilobytes, and a huge file would stall a scheduled run (raise it here if real forms need it).
MAX_SUBMISSION_BYTES = 20 * 1024 * 1024
#: An .xlsx whose zip directory declares more uncompressed bytes than this is refused before
#: parsing (zip bomb); XML compresses about tenfold, so a 20 MB workbook stays well inside.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
#: A worksheet holding a value farther from A1 than this many cells (last row x last column) is
#: refused before parsing: calamine builds a sheet's grid densely, so one value at XFD1048576
#: would ask for 17 billion cells and abort the process. One OPD's form spans a few hundred rows
#: by a few dozen columns (under 20,000 cells).
MAX_SHEET_CELLS = 1_000_000
#: Achievements above this percentage are logged as implausible (a unit or decimal-mark slip).
ACHIEVEMENT_SUSPECT_PCT = 1000.0


def cores() -> int:
    """CPU cores this process may use (its affinity on Linux)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
