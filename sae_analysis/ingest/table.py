"""One table of a submission read into raw-frame field arrays: its roles, its data rows' cells,
its hierarchy, and what the reader understood of it.

The steps :mod:`~sae_analysis.ingest.e81` runs on the sheet it reads (and on the earlier
quarters' sheets of a workbook read per quarter): the role map, with a unit column found by its
content (:func:`table_roles`); two numbered indicators in one cell split
(:func:`split_indicators`); formulas saved without their result named
(:func:`formulas_without_value`); the cells read (:func:`table_fields`; a cell that makes reading
fail is found again cell by cell, :func:`failing_cell`); hierarchy rows and subtotals marked and
checked (:func:`mark_hierarchy`); the rows of each class kept for ``--explain``
(:func:`row_classes`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sae_analysis.ingest import hierarchy
from sae_analysis.ingest.cells import CellContext
from sae_analysis.ingest.fields import field_values, numeric_fields
from sae_analysis.ingest.grid import Sheet
from sae_analysis.ingest.header import Band
from sae_analysis.ingest.quality import QualityLog, format_number
from sae_analysis.ingest.rawframe import RP_FIELDS
from sae_analysis.ingest.reading import Reading
from sae_analysis.ingest.roles import Column, RoleMap, role_map, with_content_roles
from sae_analysis.ingest.rows import Body, grid, split_numbered

#: Fields whose cells a row numbering several indicators splits alike.
_SPLIT_FIELDS = ("unit", "target", *[f"target_tw{q}" for q in (1, 2, 3, 4)],
                 *[f"k_tw{q}" for q in (1, 2, 3, 4)])  # fmt: skip


def table_roles(sheet: Sheet, band: Band) -> RoleMap:
    """The role map of a table, with a unit column found by its content where the header has
    none (the first rows under the header are looked at)."""
    roles = role_map(band.texts)
    if "unit" in roles.fields:
        return roles
    head = sheet.rows[band.body_start : band.body_start + 40]
    return with_content_roles(roles, grid(head, width=roles.width))


def label_columns(roles: RoleMap) -> list[int]:
    """The columns that label a row: No, Kode, Program/Kegiatan, Indikator, Satuan."""
    named = [
        roles.fields[f] for f in ("row_no", "activity", "indicator", "unit") if f in roles.fields
    ]
    return [*named, *roles.code_columns]


def split_indicators(body: Body, roles: RoleMap, context: CellContext) -> list[int]:
    """Rows numbering several indicators in one cell become one row each (logged); returns
    their Excel rows."""
    fields = roles.fields
    if "indicator" not in fields:
        return []
    columns = [fields[f] for f in _SPLIT_FIELDS if f in fields]
    split = split_numbered(body, indicator=fields["indicator"], columns=columns)
    for row in split:
        context.log.add(
            "warning",
            "indicator_split",
            file=context.file,
            sheet=context.sheet,
            row=row,
            column=roles.display["indicator"],
            opd_code=context.opd_code,
        )
    return split


def formulas_without_value(sheet: Sheet, body: Body, roles: RoleMap, context: CellContext) -> None:
    """Log each formula cell the table reads that was saved without its result."""
    if not sheet.marks.formulas_without_value:
        return
    read = {i: roles.columns[i].shown for i in roles.fields.values()}
    rows = set(body.rows.tolist())
    for row, column in sorted(sheet.marks.formulas_without_value):
        if row + 1 in rows and column in read:
            context.log.add(
                "error",
                "formula_no_value",
                file=context.file,
                sheet=context.sheet,
                row=row + 1,
                column=read[column],
                opd_code=context.opd_code,
            )


def mark_hierarchy(
    out: dict[str, np.ndarray], codes: np.ndarray, roles: RoleMap, context: CellContext
) -> np.ndarray:
    """Set each row's level and whether its Rp is a subtotal; warn about subtotals that are not
    the sum of the rows under them. Returns each row's parent (-1 at the top)."""
    labels = out["activity"] if "activity" in roles.fields else out["indicator_label"]
    levels = hierarchy.row_levels(codes.tolist(), labels.tolist(), out["row_no"].tolist())
    fixed, loose, shown = hierarchy.level_tree(levels)
    if not loose and (fixed < 0).all():  # no row under another: no subtotal (most files)
        out["level"] = shown
        out["rp_subtotal"] = np.zeros(len(levels), dtype=bool)
        return fixed
    values = np.column_stack([out[name] for name in RP_FIELDS])
    filled = ~np.isnan(values)
    amounts = np.nan_to_num(values)
    parent, derived = hierarchy.tree(levels, amounts, filled)
    subtotal = hierarchy.subtotals(parent, filled.any(axis=1))
    out["level"] = derived
    out["rp_subtotal"] = subtotal
    rows = out["source_row"]
    for s, children, j in hierarchy.subtotal_mismatches(parent, subtotal, amounts, filled):
        name = RP_FIELDS[j]
        context.log.add(
            "warning",
            "subtotal_mismatch",
            file=context.file,
            sheet=context.sheet,
            row=int(rows[s]),
            column=roles.display.get(name, name),
            value=format_number(amounts[s, j], context.log.lang),
            opd_code=context.opd_code,
            total=format_number(amounts[children, j].sum(), context.log.lang),
            children=", ".join(str(int(rows[c])) for c in children) or "-",
        )
    return parent


def table_fields(
    sheet: Sheet, body: Body, roles: RoleMap, context: CellContext, place: Place
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The field arrays of a table's data rows (cells logged), with their Excel rows and codes;
    a cell that makes reading fail is named in ``place``."""
    fields = roles.fields
    context.number_cells = body.cells[:, [fields[n] for n in numeric_fields(fields)]]
    formulas_without_value(sheet, body, roles, context)
    try:
        out, codes = field_values(body.cells, body.blank, body.rows, roles=roles, context=context)
    except Exception:
        place.row, place.column = failing_cell(body, roles, context)
        raise
    out["source_row"] = body.rows
    return out, codes


@dataclass
class Place:
    """Where the reader is in a file and what it is doing (a ``read_stage`` key), so that a
    failure names the sheet, row and column in its message."""

    stage: str = "open"
    sheet: str = ""
    row: int | None = None
    column: str = ""


def failing_cell(body: Body, roles: RoleMap, context: CellContext) -> tuple[int | None, str]:
    """The first cell (Excel row, column as shown) whose reading fails on its own; read again
    cell by cell, only after the whole table failed."""
    scratch = CellContext(context.file, context.sheet, context.opd_code, QualityLog())
    for i, row in enumerate(body.rows):
        cells, blank = body.cells[i : i + 1], body.blank[i : i + 1]
        for column in roles.columns:
            if column.field is None:
                continue
            alone = RoleMap(
                tuple(c if c is column else Column(c.index, "ignored") for c in roles.columns)
            )
            scratch.number_cells = cells[:, [alone.fields[n] for n in numeric_fields(alone.fields)]]
            try:
                field_values(cells, blank, body.rows[i : i + 1], roles=alone, context=scratch)
            except Exception:
                return int(row), column.shown
    return None, ""


def row_classes(
    reading: Reading, body: Body, out: dict[str, np.ndarray], keep: np.ndarray, parent: np.ndarray
) -> None:
    """The Excel rows of each class, and each subtotal's children, into ``reading``."""
    rows = out["source_row"]
    subtotal = out["rp_subtotal"]
    subtotals = set(rows[subtotal].tolist())  # a split row's second indicator is on its row
    counted = set(rows[keep].tolist()) - subtotals
    classes = {
        "indicator": sorted(counted),
        "subtotal": sorted(subtotals),
        "heading": sorted(set(rows[~keep].tolist()) - counted - subtotals),
    }
    reading.rows = {k: v for k, v in {**classes, **body.skipped}.items() if v}
    has_rp = np.column_stack([~np.isnan(out[name]) for name in RP_FIELDS]).any(axis=1)
    for s in np.flatnonzero(subtotal):  # the rows it sums: its children with Rp
        children = np.flatnonzero((parent == s) & has_rp)
        reading.children[int(rows[s])] = rows[children].tolist()
