"""The files the fuzzer starts from: one per layout class the tests know, each in its own raw folder.

Every seed is written by the test fixtures' own writers: :mod:`raw_files` (the canonical E.81 in
its variants: two- and three-row header, quarterly targets, a sheet before the table), the
bad-input corpus (the .xls fixture and a Windows-1252 CSV) and :mod:`real_forms` (one builder per
class of real agency form, among them HTML and MHTML web exports saved as .xls). A seed lives at
its usual place under its own raw folder, beside the catalogues its writer belongs to, so the
reader identifies its OPD and period as it would in a real inbox.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import real_forms as rf
from bad_input import make_corpus
from raw_files import BBLR, LAYANAN, Row, write_catalogues, write_e81

#: The catalogue family of a seed: its writer's catalogues.
CATALOGUES: dict[str, Callable[[Path], object]] = {
    "e81": write_catalogues,
    "real": rf.write_reference,
}


@dataclass(frozen=True)
class Seed:
    """One seed file: its name, its catalogue family, its path relative to its raw folder."""

    name: str
    family: str
    relative: str
    data: bytes

    @property
    def suffix(self) -> str:
        return Path(self.relative).suffix.lower()

    @property
    def kind(self) -> str:
        """``xlsx`` (a zip workbook openpyxl can edit), ``text`` (CSV, HTML, MHTML) or ``binary``."""
        if self.data.startswith(b"PK\x03\x04"):
            return "xlsx"
        head = self.data[:512].lstrip().lower()
        if self.suffix == ".csv" or head.startswith((b"<", b"mime-version")):
            return "text"
        return "binary"


def _rows() -> list[Row]:
    return [
        Row(LAYANAN, "orang", 1200, 50_000_000, (300, 310, 320, ""), (1e7, 1.2e7, 1.1e7, "")),
        Row(BBLR, "%", "2,5", 20_000_000, (2.4, 2.3, "2,1", ""), (5e6, 5e6, 4e6, ""), kode="bblr"),
        Row(
            "Cakupan imunisasi dasar lengkap",
            "%",
            "90 - 95",
            1.5e7,
            (88, 91, 93, ""),
            (1, 2, 3, ""),
        ),
    ]


def _e81(**options: object) -> Callable[[Path], Path]:
    def write(raw: Path) -> Path:
        return write_e81(raw / "2026" / "TW3" / "E81_DINKES_TW3_2026.xlsx", _rows(), **options)  # type: ignore[arg-type]

    return write


def _corpus(case_file: str) -> Callable[[Path], Path]:
    case = next(c for c in make_corpus.CASES if c.file.endswith(case_file))
    return lambda raw: make_corpus.write_case(raw, case)


#: name -> (catalogue family, writer into a raw folder returning the file).
WRITERS: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "e81": ("e81", _e81()),
    "e81_three_row_header": ("e81", _e81(three_row_header=True)),
    "e81_quarterly_targets": ("e81", _e81(quarterly_targets=True)),
    "e81_sheet_before": ("e81", _e81(sheets_before=1, footer=False)),
    "e81_merged_from_b": ("e81", _corpus("header_aneh.xlsx")),
    "xls_biff8": ("e81", _corpus("e81_dinsos_tw2_2026.xls")),
    "csv_cp1252": ("e81", _corpus("dinkes_cp1252.csv")),
    **{
        name.removeprefix("write_"): ("real", getattr(rf, name))
        for name in (
            "write_full_e81",
            "write_e79_wording",
            "write_header_band",
            "write_blank_e81_xls",
            "write_blank_e79",
            "write_split_codes",
            "write_hierarchy",
            "write_money_scale",
            "write_unit_in_k",
            "write_footer_blocks",
            "write_label_row",
            "write_hidden_and_formulas",
            "write_period_in_sheets",
            "write_two_indicators",
            "write_web_export_html",
            "write_web_export_mhtml",
        )
    },
}


def build_seeds(folder: Path) -> list[Seed]:
    """Write every seed into its own raw folder under ``folder``; the seeds, by name."""
    seeds = []
    for name, (family, write) in WRITERS.items():
        raw = folder / name
        path = write(raw)
        seeds.append(Seed(name, family, path.relative_to(raw).as_posix(), path.read_bytes()))
        shutil.rmtree(raw)
    return seeds


def scratch_raw(folder: Path, family: str) -> Path:
    """A raw folder holding ``family``'s catalogues, where mutated files are written one by one."""
    raw = folder / f"raw-{family}"
    if not (raw / "reference").is_dir():
        CATALOGUES[family](raw)
    return raw
