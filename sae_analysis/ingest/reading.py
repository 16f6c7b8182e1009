"""What the reader understood of one submission: the record ``sae-analysis validate --explain``
prints (:mod:`~sae_analysis.ingest.explain`), kept only when asked for."""

from __future__ import annotations

from dataclasses import dataclass, field

from sae_analysis.ingest.header import Band
from sae_analysis.ingest.identity import Origin, Title
from sae_analysis.ingest.roles import RoleMap


@dataclass
class Reading:
    """One file as read: the sheet and header band, each column's role, where the OPD and the
    period came from, and the Excel rows of each class of row.

    ``rows`` maps a class (``indicator``, ``subtotal``, ``heading`` for data rows; ``footer``,
    ``narrative``, ``signature``, ``label``, ``hidden``, ``blank`` for the others) to its Excel
    rows; ``children``: each subtotal row's rows under it; ``other_sheets``: the earlier
    quarters' sheets of a workbook read per quarter, with their quarter.
    """

    file: str
    sheet: str
    band: Band
    roles: RoleMap
    opd_code: str | None
    opd_origin: Origin
    year: int | None = None
    quarter: int | None = None
    period_origins: list[Origin] = field(default_factory=list)
    rows: dict[str, list[int]] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)
    split_rows: list[int] = field(default_factory=list)
    other_sheets: list[tuple[str, int]] = field(default_factory=list)
    hidden_columns: frozenset[int] = frozenset()
    #: The title rows and the label rows inside the table (Excel row, text).
    titles: list[Title] = field(default_factory=list)
