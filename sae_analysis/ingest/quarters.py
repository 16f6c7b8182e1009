"""Workbooks with one sheet per quarter ("Realisasi TW I" .. "Realisasi TW III"): which sheets are
read, and how their realisations come together in one table.

Decided here, where DESIGN is silent: a workbook is read per quarter when at least two of its
sheets with an E.81 header name different quarters. The sheet of the file's quarter (the
folder's; for a loose file the latest named) is read whole: its targets, labels and hierarchy.
Every sheet of an earlier quarter gives only its realisations (K and Rp), to the rows of the
same code and label, in the quarter columns the file's own sheet leaves empty: as the
latest-file rule does across files (DESIGN §4.2), the latest sheet is authoritative. Sheets of
later quarters than the file's are not read. A sheet named for a quarter whose realisation
columns name none ("Realisasi Kinerja dan Anggaran") holds that quarter's realisation
(:func:`for_quarter`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from sae_analysis.ingest.grid import Sheet
from sae_analysis.ingest.header import Band
from sae_analysis.ingest.identity import sheet_quarter
from sae_analysis.ingest.rawframe import QUARTERS
from sae_analysis.ingest.roles import Column, RoleMap

#: A sheet with an E.81 header, its band and the quarter its name gives.
QuarterSheet = tuple[int, Sheet, Band]
#: The roles an earlier quarter's sheet is read for: what matches its rows, and its realisations.
_JOINING_ROLES = ("row_no", "code", "label", "indicator", "quarter")


def choose(
    first: tuple[Sheet, Band], rest: Iterable[tuple[Sheet, Band] | bool], wanted: int | None
) -> tuple[tuple[Sheet, Band], list[QuarterSheet]]:
    """The sheet to read whole, and the earlier quarters' sheets to take realisations from.

    ``first``: the first sheet with a header; ``rest``: the later ones (parsed only when the
    first sheet's name names a quarter); ``wanted``: the file's quarter (its folder's), if known.
    """
    quarter = sheet_quarter(first[0].name)
    if quarter is None:
        return first, []
    tables: list[QuarterSheet] = [(quarter, *first)]
    for found in rest:
        if found is not False and (q := sheet_quarter(found[0].name)) is not None:
            tables.append((q, *found))
    if len({q for q, _, _ in tables}) < 2:
        return first, []
    usable = [t for t in tables if wanted is None or t[0] <= wanted] or tables
    base = max(usable, key=lambda t: t[0])
    earlier = sorted((t for t in usable if t[0] < base[0]), key=lambda t: t[0])
    return (base[1], base[2]), earlier


def for_quarter(roles: RoleMap, quarter: int | None) -> RoleMap:
    """The roles of a sheet named for ``quarter``: when no column names a quarter, its
    realisation columns (the year's, by their header) are that quarter's."""
    if quarter is None or any(c.role == "quarter" for c in roles.columns):
        return roles
    columns = tuple(
        Column(c.index, "quarter", c.measure, quarter, c.texts) if c.role == "year_actual" else c
        for c in roles.columns
    )
    return RoleMap(columns)


def joining_roles(roles: RoleMap) -> RoleMap:
    """The roles of an earlier quarter's sheet: only what matches its rows and its realisations
    are read (its targets are the latest sheet's to give)."""
    return RoleMap(
        tuple(
            c if c.role in _JOINING_ROLES else Column(c.index, "ignored", texts=c.texts)
            for c in roles.columns
        )
    )


def _keys(out: dict[str, np.ndarray], codes: np.ndarray) -> list[tuple[object, ...]]:
    return list(zip(codes, out["indicator_label"], out["activity"], strict=True))


def join(
    base: dict[str, np.ndarray],
    base_codes: np.ndarray,
    earlier: dict[str, np.ndarray],
    earlier_codes: np.ndarray,
) -> None:
    """Fill the empty quarter cells of ``base`` (the latest sheet's fields, changed in place)
    from an earlier sheet's rows of the same code and label."""
    position = {}
    for i, key in enumerate(_keys(base, base_codes)):
        position.setdefault(key, i)
    pairs = [(position[k], j) for j, k in enumerate(_keys(earlier, earlier_codes)) if k in position]
    if not pairs:
        return
    to, source = np.array(pairs).T
    for name in (*[f"k_tw{q}" for q in QUARTERS], *[f"rp_tw{q}" for q in QUARTERS]):
        values = base[name] = base[name].copy()
        empty = np.isnan(values[to])
        values[to[empty]] = earlier[name][source[empty]]
