"""What notebook 01 shows an auditor about a clean: files read per OPD, tables read, issues, revisions.

Small pure functions over frames the clean already holds in memory (no reading, no figures): each
returns a new frame for one cell of the notebook.
"""

from __future__ import annotations

from dataclasses import asdict, fields

import pandas as pd

from sae_analysis import config
from sae_analysis.ingest.quality import Issue, QualityLog

#: Shown for a quality line that belongs to no OPD (a file whose OPD could not be told).
NO_OPD = "–"


def files_per_opd(submissions: pd.DataFrame) -> pd.DataFrame:
    """Per OPD: the files of the year read, the data rows in them and the quarters they are of.

    ``submissions`` is the clean's ``submissions`` table (one row per file).

    >>> subs = pd.DataFrame({"year": [2026] * 3, "quarter": [1, 2, 3],
    ...     "opd_code": ["DINKES", "DINKES", "DLH"], "source_file": ["a.xlsx", "b.xlsx", "c.csv"],
    ...     "n_rows": [10, 11, 7]})
    >>> files_per_opd(subs)
      opd_code  files  rows     quarters
    0   DINKES      2    21  TW I, TW II
    1      DLH      1     7       TW III
    """
    grouped = submissions.groupby("opd_code", sort=True)
    quarters = grouped["quarter"].agg(
        lambda q: ", ".join(f"TW {config.QUARTER_ROMAN[int(x)]}" for x in sorted(set(q)))
    )
    table = pd.DataFrame(
        {
            "files": grouped["source_file"].nunique(),
            "rows": grouped["n_rows"].sum(),
            "quarters": quarters.astype("str"),
        }
    )
    return table.reset_index()


def macro_tables(macro: pd.DataFrame) -> pd.DataFrame:
    """Per macro (BPS) indicator read: regions, the years covered, values and the source named.

    >>> macro = pd.DataFrame({"region_code": ["3513", "3513", "35"], "indicator_code": ["ipm"] * 3,
    ...     "year": [2023, 2024, 2024], "value": [70.1, 71.0, 74.0], "source": ["BPS"] * 3})
    >>> macro_tables(macro)
      indicator_code  regions  first_year  last_year  values source
    0            ipm        2        2023       2024       3    BPS
    """
    grouped = macro.groupby("indicator_code", sort=True)
    table = pd.DataFrame(
        {
            "regions": grouped["region_code"].nunique(),
            "first_year": grouped["year"].min(),
            "last_year": grouped["year"].max(),
            "values": grouped["value"].count(),
            "source": grouped["source"].first(),
        }
    )
    return table.reset_index()


def issues_by_opd(quality: pd.DataFrame) -> pd.DataFrame:
    """Quality lines per OPD and severity, the OPDs with the most errors first.

    Lines that belong to no OPD (a file whose OPD could not be told) are counted under
    :data:`NO_OPD`.

    >>> quality = pd.DataFrame({"severity": ["warning", "error", "warning", "error"],
    ...     "opd_code": ["DLH", "DINKES", "DINKES", ""]})
    >>> issues_by_opd(quality)
      opd_code  error  warning  total
    0   DINKES      1        1      2
    1        –      1        0      1
    2      DLH      0        1      1
    """
    opd = quality["opd_code"].fillna("").astype("str").replace("", NO_OPD)
    counts = pd.crosstab(opd.rename("opd_code"), quality["severity"].rename(None))
    counts = counts.reindex(columns=["error", "warning"], fill_value=0)
    counts["total"] = counts["error"] + counts["warning"]
    counts = counts.reset_index().rename_axis(columns=None)
    return counts.sort_values(
        ["error", "warning", "opd_code"], ascending=[False, False, True], ignore_index=True
    )


def revisions(log: QualityLog) -> pd.DataFrame:
    """The values of an earlier quarter's file that the latest file changed or emptied.

    One row per revised cell, from the quality log (message id ``revision``): the OPD, the latest
    file and its row, the column, the value used and the message (which names the earlier file
    and its value).

    >>> log = QualityLog()
    >>> _ = log.add("warning", "revision", file="2026/TW3/dinkes.xlsx", row=6,
    ...     column="Realisasi TW I (K)", value="17,03", opd_code="DINKES",
    ...     old="17,43", earlier_file="2026/TW1/dinkes.xlsx")
    >>> _ = log.add("error", "number_invalid", file="2026/TW3/dlh.xlsx", value="x", opd_code="DLH")
    >>> revisions(log)[["opd_code", "row", "column", "value"]]
      opd_code  row              column  value
    0   DINKES    6  Realisasi TW I (K)  17,03
    """
    rows = [asdict(issue) for issue in log.issues if issue.code == "revision"]
    frame = pd.DataFrame(rows, columns=[f.name for f in fields(Issue)])
    frame = frame.astype({"row": "Int64"})
    return frame[["opd_code", "file", "row", "column", "value", "message"]]
