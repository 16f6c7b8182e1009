"""One OPD in the catalogues and the quality log: its name, the problems to chase with the agency."""

from __future__ import annotations

import pandas as pd

from sae_analysis.ingest import catalogues as catalogues_mod


def opd_issues(quality: pd.DataFrame, *, opd_code: str) -> pd.DataFrame:
    """The quality-log lines of one OPD, errors first (what to chase with the agency).

    >>> q = pd.DataFrame({"severity": ["warning", "error", "error"], "opd_code": ["X", "X", "Y"],
    ...     "file": ["a", "b", "c"], "row": ["3", "4", "5"], "message": ["m1", "m2", "m3"]})
    >>> opd_issues(q, opd_code="X")[["severity", "file", "message"]]
      severity file message
    0    error    b      m2
    1  warning    a      m1
    """
    rows = quality[quality["opd_code"] == opd_code]
    order = rows["severity"].map({"error": 0, "warning": 1}).fillna(2)
    return (
        rows.assign(_order=order)
        .sort_values(["_order", "file"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def opd_name(catalogues: catalogues_mod.Catalogues, opd_code: str) -> str:
    """The catalogue name of an OPD (its code when the catalogue does not list it)."""
    return catalogues.opd_name(opd_code)
