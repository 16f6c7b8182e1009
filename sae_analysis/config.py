"""Paths, fixed codes and run defaults. Only constants live here; no logic beyond path helpers.

The government, its vision and its pillars are not constants: they are the active profile's
(:mod:`sae_analysis.profile`). :data:`PILLARS`, :func:`pillar_label`, ``REGION_CODE`` and
``REGION_NAME`` read it on each use, so code written against the constants keeps working.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from sae_analysis import profile as _profile

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


class _ActivePillars(Mapping[str, tuple[str, str]]):
    """The active profile's pillars, code -> (Indonesian label, English label), in its order."""

    def __getitem__(self, code: str) -> tuple[str, str]:
        pillar = _profile.active().pillar(code)
        return pillar.label_id, pillar.label_en

    def __iter__(self) -> Iterator[str]:
        return iter(_profile.active().pillar_codes)

    def __len__(self) -> int:
        return len(_profile.active().pillars)

    def __repr__(self) -> str:
        return repr(dict(self))


#: The pillars of the active profile's vision: code -> (Indonesian label, English label).
PILLARS: Mapping[str, tuple[str, str]] = _ActivePillars()


def __getattr__(name: str) -> str:
    """``REGION_CODE`` and ``REGION_NAME``: the active profile's region (BPS code and name)."""
    if name == "REGION_CODE":
        return _profile.active().region_code
    if name == "REGION_NAME":
        return _profile.active().region_name
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Achievement values are kept as computed; aggregation clips them to this range (DESIGN §6).
ACHIEVEMENT_CAP = (0.0, 120.0)

LANGUAGES = ("id", "en")

#: Roman numerals used for quarters (triwulan) in submissions and reports.
QUARTER_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def pillar_label(code: str, lang: str = "id") -> str:
    """Return the human label of a pillar code in the given language (the active profile's).

    >>> _ = _profile.activate(_profile.bundled())
    >>> pillar_label("ekonomi"), pillar_label("ekonomi", "en")
    ('SAE Ekonomi', 'SAE Economy')
    """
    return _profile.active().pillar_label(code, lang)


def pillar_colour(code: str) -> str:
    """The colour (``#RRGGBB``) of a pillar code in the active profile."""
    return _profile.active().pillar(code).colour


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
