"""The data rows of an E.81 table into raw-frame field arrays, read by the role of each column.

Text fields are stripped; the code is one Kode column or its parts joined with dots; numbers are
parsed (:mod:`~sae_analysis.ingest.cells`, every bad cell logged) and money in thousands or
millions becomes rupiah. Rows are then kept or dropped (:func:`kept_rows`): a row that matches
the catalogue is an indicator row; a label that does not match but carries K values is kept with
``indicator_code`` None and an error; a row with only Rp values is a program row (kept for the
budget, no error); a label with no values at all (a section heading) is dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sae_analysis.ingest.cells import (
    CellContext,
    drop_negative,
    parse_field,
    parse_target,
    text_values,
)
from sae_analysis.ingest.numbers import numeric_columns
from sae_analysis.ingest.rawframe import (
    K_FIELDS,
    QUARTERS,
    RENSTRA_FIELDS,
    RP_FIELDS,
    TEXT_FIELDS,
)
from sae_analysis.ingest.roles import RoleMap

#: Fields whose values make a row carry K (kinerja) data.
K_DATA = (
    "target",
    "target_low",
    *[f"target_tw{q}" for q in QUARTERS],
    *[f"k_tw{q}" for q in QUARTERS],
)


def numeric_fields(fields: dict[str, int]) -> list[str]:
    """The numeric fields a header has, in the order their cells are handed to :class:`CellContext`."""
    return [n for n in (*K_FIELDS, *RP_FIELDS, "target", *RENSTRA_FIELDS) if n in fields]


def code_text(cells: np.ndarray, columns: tuple[int, ...]) -> np.ndarray:
    """The code of each row: one Kode column's text, or its parts joined with dots."""
    if not columns:
        return np.full(len(cells), None, dtype=object)
    parts = [text_values(cells[:, c]) for c in columns]
    if len(parts) == 1:
        return parts[0]
    joined = np.empty(len(cells), dtype=object)
    joined[:] = [".".join(p for p in row if p) or None for row in zip(*parts, strict=True)]
    return joined


def field_values(
    cells: np.ndarray,
    blank: np.ndarray,
    rows: np.ndarray,
    *,
    roles: RoleMap,
    context: CellContext,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every text and numeric field of the table's rows (problems logged), and the codes.

    ``rows`` are the Excel row numbers of ``cells``; ``context.number_cells`` holds the cells of
    :func:`numeric_fields`, in that order. Rupiah in thousands or millions become rupiah.
    """
    fields, display = roles.fields, roles.display
    numeric = numeric_fields(fields)
    # columns of numbers only (the usual case) need no text parsing: found for all at once
    numbers = numeric_columns(context.number_cells, blank[:, [fields[n] for n in numeric]])
    plain = dict(zip(numeric, numbers, strict=True))

    def column(name: str) -> np.ndarray:
        if name in fields:
            return cells[:, fields[name]]
        return np.full(len(rows), "", dtype=object)

    out: dict[str, np.ndarray] = {}
    for name in TEXT_FIELDS:
        source = "indicator" if name == "indicator_label" else name
        if source in fields:
            out[name] = text_values(cells[:, fields[source]])
        else:
            out[name] = np.full(len(rows), None, dtype=object)
    codes = code_text(cells, roles.code_columns)
    for name in (*K_FIELDS, *RP_FIELDS, *RENSTRA_FIELDS):
        if plain.get(name) is not None:
            out[name] = plain[name]
        elif name in fields:
            out[name] = parse_field(column(name), rows, name, display[name], context)
        else:
            out[name] = np.full(len(rows), np.nan)
    for name, scale in roles.scales.items():  # money in thousands or millions, into rupiah
        out[name] = out[name] * scale
    for name in RP_FIELDS:
        out[name] = drop_negative(out[name], rows, display.get(name, name), context)
    out.update(
        parse_target(
            column("target"),
            rows,
            display.get("target", "target"),
            context,
            numbers=plain.get("target"),
        )
    )
    return out, codes


def has_values(out: dict[str, np.ndarray], names: tuple[str, ...]) -> np.ndarray:
    """True for the rows with a value in any of the fields ``names``."""
    found = np.zeros(len(out["source_row"]), dtype=bool)
    for name in names:
        found |= ~np.isnan(out[name])
    return found


def kept_rows(
    out: dict[str, np.ndarray], codes: np.ndarray, context: CellContext, *, column: str
) -> np.ndarray:
    """Which rows to keep (drop section headings); log unknown indicators that carry K data.

    ``out`` holds the parsed fields of the file's rows, ``indicator_code`` already resolved.
    """
    labels = out["indicator_label"]
    has_k = has_values(out, K_DATA)
    has_rp = has_values(out, RP_FIELDS)
    known = pd.notna(out["indicator_code"])
    labelled = pd.notna(labels) | pd.notna(codes)
    for position in np.flatnonzero(~known & has_k & labelled):
        label = labels[position]
        context.log.add(
            "error",
            "indicator_unknown",
            file=context.file,
            sheet=context.sheet,
            row=int(out["source_row"][position]),
            column=column,
            value=label if isinstance(label, str) else codes[position],
            opd_code=context.opd_code,
        )
    return known | has_k | has_rp
