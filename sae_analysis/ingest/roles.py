"""What each column of an E.81 table holds: its role, read from the labels of the header band.

Agencies fill the full Permendagri 86/2017 E.81 (or the E.79 wording: RKPD for Renja, RPJMD for
Renstra) with more columns than the canonical form, so a column is placed by what its header
says, never by its position (DESIGN §4.2 "Real forms are wider than the canonical one"). Rules
held here, where DESIGN is silent:

- the year's target is the "Target kinerja dan anggaran Renja/RKPD tahun berjalan ... yang
  dievaluasi" group (or a plain "Target"): never the Renstra/RPJMD period target ("akhir
  periode"), never the realisation to last year ("tahun lalu", "n-2");
- a quarter is named by its sub-label ("I", "Il", "Ill", "IV", "TW 1", "Triwulan I") or inside
  the label ("Realisasi TW II"); under it, K, % (the cumulative share of the target, not read)
  and Rp; a realisation "s/d TW III" is cumulative and not read;
- K or Rp comes from the lowest header cell ("K" wins over a group label "Target kinerja dan
  anggaran"); money in "Rp. (000)", "(Rp ribu)" is in thousands, "(Rp juta)" in millions
  (:func:`money_scale`), and is read into rupiah;
- a code split over several "Kode" columns is joined with dots ("1", "03", "10", "2.01" ->
  ``1.03.10.2.01``);
- two neighbouring columns under one merged "K" where one holds words (persen, orang, dok) are
  a number and its unit (:func:`with_content_roles`), and so is an untitled column of words
  inside the table when the header has no Satuan;
- the Renstra target and realisation (K and Rp) are kept as raw-frame columns; the Renstra
  realisation to last year, the year's realisation (column 13 = 9+10+11+12), the achievement
  (%) columns, the responsible unit, Sasaran, Visi, Misi and Tujuan columns are recognised and
  not read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from sae_analysis.ingest.catalogues import normalise_name
from sae_analysis.ingest.cellref import column_letter
from sae_analysis.ingest.header import quarter_alone, quarter_of
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.ingest.rawframe import QUARTERS

_VALUE_WORDS = frozenset(["target", "realisasi", "capaian", "anggaran", "pagu"])
_CUMULATIVE = re.compile(r"\b(?:s d|sd|sampai|kumulatif)\b")
_SCALES = (
    (re.compile(r"\bmiliar\b|\bmilyar\b"), 1e9),
    (re.compile(r"\bjuta\b|\bjutaan\b|000\s*\.\s*000"), 1e6),
    (re.compile(r"\bribu\b|\bribuan\b|\(\s*000\s*\)|\brp\.?\s*000\b"), 1e3),
)
_UNIT_TEXT = re.compile(r"^[^\d]{1,25}$")


def money_scale(texts: Sequence[str]) -> float:
    """Rupiah per unit written, from the header texts of an Rp column.

    >>> money_scale(["Realisasi", "Rp. (000)"]), money_scale(["Anggaran (Rp ribu)"])
    (1000.0, 1000.0)
    >>> money_scale(["Pagu (Rp juta)"]), money_scale(["Rp"])
    (1000000.0, 1.0)
    """
    text = " ".join(texts).casefold()
    for pattern, scale in _SCALES:
        if pattern.search(text):
            return scale
    return 1.0


def _measure(texts: Sequence[str], keys: Sequence[str], words: set[str]) -> str | None:
    """K, % or Rp of a column: its lowest header cell first, then its whole label."""
    if texts and texts[-1].strip() in ("%", "(%)"):
        return "pct"
    for group in (set(keys[-1].split()) if keys else set(), words):
        if "rp" in group:
            return "rp"
        if "k" in group:
            return "k"
        if group & {"anggaran", "pagu", "keuangan", "rupiah"}:
            return "rp"
    return None


def _value_role(key: str, words: set[str], quarter: int | None) -> str | None:
    """The role of a target / realisation / budget column, or None for another column."""
    if "tingkat" in words or ("capaian" in words and not words & {"realisasi", "target"}):
        return "achievement"
    renstra = bool(words & {"renstra", "rpjmd"}) or "akhir periode" in key
    prior = "tahun lalu" in key or bool(re.search(r"\bn 2\b", key))
    if "target" in words:
        this_year = "tahun berjalan" in key or "dievaluasi" in words or words & {"renja", "rkpd"}
        if renstra and not this_year:
            return "renstra_target"
        return "target_quarter" if quarter else "target"
    if "realisasi" in words:
        if renstra or prior:
            return "renstra_prior" if prior else "renstra_actual"
        if quarter:
            return "ignored" if _CUMULATIVE.search(key) else "quarter"
        return "year_actual"
    if words & {"pagu", "anggaran"}:
        return "target"
    return "quarter" if quarter else None


@functools.lru_cache(maxsize=4096)
def column_role(texts: tuple[str, ...]) -> tuple[str, str | None, int | None]:
    """(role, measure, quarter) of a column from its header texts, top to bottom.

    >>> column_role(("Target Renstra PD pada Tahun 2026 (Akhir Periode Renstra PD)", "K"))
    ('renstra_target', 'k', None)
    >>> column_role(("Realisasi Kinerja Pada Triwulan", "Ill", "Rp"))
    ('quarter', 'rp', 3)
    >>> column_role(("Target Kinerja dan Anggaran RKPD Tahun Berjalan (Tahun n-1) yang Dievaluasi", "K"))
    ('target', 'k', None)
    """
    keys = [normalise_name(t) for t in texts]
    key = " ".join(k for k in keys if k)
    words = set(key.split())
    measure = _measure(texts, keys, words)
    quarter = next((q for k in keys if (q := quarter_alone(k))), None) or quarter_of(key)
    if key in ("no", "nomor", "no urut", "nomor urut"):
        return "row_no", None, None
    for role, found in (
        ("physical", "fisik" in words),
        ("code", "kode" in words),
        ("indicator", bool(words & {"indikator", "uraian"})),
        ("responsible", "penanggung jawab" in key or key.startswith("unit ")),
        ("unit", "satuan" in words),
        ("remarks", bool(words & {"keterangan", "penghambat", "catatan", "kendala"})),
    ):
        if found:
            return role, None, None
    if not words & _VALUE_WORDS:
        if words & {"visi", "misi", "tujuan"}:
            return "ignored", None, None
        if "sasaran" in words:
            return "sasaran", None, None
        if words & {"program", "kegiatan", "urusan"}:
            return "label", None, None
    role = _value_role(key, words, quarter)
    if role is not None:
        quarter = quarter if role in ("quarter", "target_quarter") else None
        return role, measure or "k", quarter
    if "perangkat daerah" in key or words & {"opd", "skpd"}:
        return "opd", None, None
    return "ignored", None, None


_FIXED_FIELDS = {
    "row_no": "row_no",
    "code": "code",
    "label": "activity",
    "indicator": "indicator",
    "unit": "unit",
    "physical": "physical_pct",
    "remarks": "remarks",
    "opd": "opd",
}
_MEASURED_FIELDS = {
    ("target", "k"): "target",
    ("target", "rp"): "ceiling",
    ("renstra_target", "k"): "renstra_target",
    ("renstra_target", "rp"): "renstra_target_rp",
    ("renstra_actual", "k"): "renstra_actual",
    ("renstra_actual", "rp"): "renstra_actual_rp",
}


@dataclass(frozen=True)
class Column:
    """One column of the table: its 0-based index, role, K/%/Rp, quarter, header texts."""

    index: int
    role: str
    measure: str | None = None
    quarter: int | None = None
    texts: tuple[str, ...] = ()

    @property
    def field(self) -> str | None:
        """The raw-frame field this column feeds, or None for a column not read."""
        if self.role in _FIXED_FIELDS:
            return _FIXED_FIELDS[self.role]
        if self.role == "quarter" and self.measure in ("k", "rp"):
            return f"{self.measure}_tw{self.quarter}"
        if self.role == "target_quarter" and self.measure == "k":
            return f"target_tw{self.quarter}"
        return _MEASURED_FIELDS.get((self.role, self.measure or ""))

    @property
    def letter(self) -> str:
        """The Excel column letter."""
        return column_letter(self.index)

    @property
    def shown(self) -> str:
        """The column as log lines name it: ``G (Realisasi Kinerja Pada Triwulan / I / K)``."""
        return f"{self.letter} ({' / '.join(self.texts)})"

    @property
    def scale(self) -> float:
        """Rupiah per unit written (1 except for an Rp column in thousands or millions)."""
        return money_scale(self.texts) if self.measure == "rp" else 1.0


def classify_column(label: str) -> str | None:
    """The raw-frame field a header label feeds, or None for columns not read.

    >>> classify_column("realisasi kinerja pada triwulan tw ii rp")
    'rp_tw2'
    >>> classify_column("Target Renja Tahun 2026 (K)"), classify_column("Pagu")
    ('target', 'ceiling')
    >>> classify_column("Realisasi Fisik (%)"), classify_column("Target TW-III")
    ('physical_pct', 'target_tw3')
    """
    return Column(0, *column_role((label,))).field


@dataclass(frozen=True)
class RoleMap:
    """The role of every column of a table, and the raw-frame fields they feed."""

    columns: tuple[Column, ...]

    @functools.cached_property
    def fields(self) -> dict[str, int]:
        """Each raw-frame field and the (first) column feeding it; code parts under ``code``."""
        fields: dict[str, int] = {}
        for column in self.columns:
            name = column.field
            if name is not None and name not in fields:
                fields[name] = column.index
        return fields

    @functools.cached_property
    def code_columns(self) -> tuple[int, ...]:
        """The columns of the code, in order (one, or its parts split over several)."""
        return tuple(c.index for c in self.columns if c.role == "code")

    @functools.cached_property
    def display(self) -> dict[str, str]:
        """Each field's column as log lines name it."""
        return {name: self.columns[i].shown for name, i in self.fields.items()}

    @functools.cached_property
    def scales(self) -> dict[str, float]:
        """The fields whose column is in thousands or millions of rupiah, and its factor."""
        return {
            name: scale
            for name, i in self.fields.items()
            if (scale := self.columns[i].scale) != 1.0
        }

    @functools.cached_property
    def missing(self) -> list[str]:
        """The names of the required roles this header lacks (:func:`missing_roles`)."""
        return _missing(self.fields)

    def scale(self, field: str) -> float:
        """Rupiah per unit written in the column of ``field``."""
        return self.scales.get(field, 1.0)

    @property
    def width(self) -> int:
        """The number of header columns."""
        return len(self.columns)


@functools.lru_cache(maxsize=1024)
def role_map(texts: tuple[tuple[str, ...], ...]) -> RoleMap:
    """The role map of a header band's column texts; remembered: most files share a template.

    Without an Indikator column, a Sasaran column holds the rows' labels.
    """
    columns = [Column(i, *column_role(t), texts=t) for i, t in enumerate(texts)]
    if not any(c.role == "indicator" for c in columns):
        columns = [
            Column(c.index, "indicator", texts=c.texts) if c.role == "sasaran" else c
            for c in columns
        ]
    return RoleMap(tuple(columns))


def _wordy(values: np.ndarray) -> bool:
    """True when most filled cells of a column are short words without digits (units)."""
    filled = [v for v in values if v is not None and v != ""]
    if not filled:
        return False
    words = sum(isinstance(v, str) and bool(_UNIT_TEXT.match(v.strip())) for v in filled)
    return words >= 0.6 * len(filled)


def with_content_roles(roles: RoleMap, cells: np.ndarray) -> RoleMap:
    """``roles`` with a unit column found by its content (the first body rows, ``cells``): one of
    two neighbouring columns sharing a K role, or an untitled column inside the table, that
    holds words. Unchanged when the header names a Satuan column."""
    columns = list(roles.columns)
    if any(c.role == "unit" for c in columns) or not len(cells):
        return roles
    titled = [c.index for c in columns if c.texts]
    for i, column in enumerate(columns):
        same = [
            n
            for n in (
                columns[i - 1] if i else None,
                columns[i + 1] if i + 1 < len(columns) else None,
            )
            if n is not None
            and (n.role, n.measure, n.quarter) == (column.role, column.measure, column.quarter)
        ]
        untitled = not column.texts and titled and titled[0] < i < titled[-1]
        candidate = (same and column.measure == "k") or untitled
        if candidate and i < cells.shape[1] and _wordy(cells[:, i]):
            columns[i] = Column(i, "unit", texts=column.texts)
            return RoleMap(tuple(columns))
    return roles


#: The roles a table cannot do without, with the names used in the message.
_REQUIRED = {
    "indicator": "Indikator Kinerja",
    "target": "Target kinerja Renja/RKPD tahun berjalan (K)",
    "k_tw": "Realisasi kinerja triwulan I..IV (K)",
}


def header_said(roles: RoleMap, limit: int = 400) -> str:
    """The header as written, column by column (``A No | B Indikator Kinerja | ...``)."""
    text = " | ".join(f"{c.letter} {' / '.join(c.texts)}" for c in roles.columns if c.texts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def missing_roles(roles: RoleMap) -> list[str]:
    """The names of the required roles the header lacks."""
    return roles.missing


def _missing(fields: Iterable[str]) -> list[str]:
    present = set(fields)
    if any(f"k_tw{q}" in present for q in QUARTERS):
        present.add("k_tw")
    return [label for name, label in _REQUIRED.items() if name not in present]


def check_roles(
    roles: RoleMap, *, shown: str, sheet: str, header_row: int, log: QualityLog
) -> None:
    """Log, in one line, the required roles a header lacks and what the header said (the rows
    still flow with those fields empty)."""
    missing = missing_roles(roles)
    if missing:
        log.add(
            "error",
            "columns_missing",
            file=shown,
            sheet=sheet,
            row=header_row,
            detail=", ".join(missing),
            header=header_said(roles),
        )
