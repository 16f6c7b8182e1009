"""Data completeness: which OPDs sent nothing, only part, or an earlier quarter late (DESIGN §1).

Where DESIGN is silent, the status of an OPD in the catalogue for the report's quarter q, first
that applies:

- ``missing``: no indicator of the OPD has a value at quarter q;
- ``late``: it sent quarter q but no file for an earlier quarter of the year (the TW q file filled
  those columns late);
- ``partial``: fewer indicators have a value than the catalogue lists for the OPD;
- ``complete``: otherwise.

The table is sorted by that order (the OPDs to chase first), then by ``opd_code``.
"""

from __future__ import annotations

import pandas as pd

#: Statuses in the order the table shows them (the OPDs to chase first).
STATUSES = ("missing", "late", "partial", "complete")


def completeness(
    performance: pd.DataFrame,
    *,
    indicators: pd.DataFrame,
    quality: pd.DataFrame,
    submissions: pd.DataFrame,
    year: int,
    quarter: int,
    opd_code: str | None = None,
) -> pd.DataFrame:
    """Return one row per catalogue OPD: indicators expected and reported, problems, status.

    Columns: ``opd_code``, ``expected`` (catalogue indicators), ``reported`` (indicators with a value
    at (``year``, ``quarter``)), ``error`` and ``warning`` (quality-log lines), ``status`` (one of
    :data:`STATUSES`) and ``missing_quarters`` (the quarters 1..``quarter`` the OPD sent no file
    for, as a tuple). ``opd_code`` keeps one OPD's row only.

    >>> indicators = pd.DataFrame({"opd_code": ["A", "A", "B", "C", "D"]})
    >>> performance = pd.DataFrame({"year": 2026, "quarter": 3, "opd_code": ["A", "A", "B", "D"],
    ...     "actual": [1.0, None, 2.0, 4.0]})
    >>> quality = pd.DataFrame({"opd_code": ["A", "C"], "severity": ["warning", "error"]})
    >>> submissions = pd.DataFrame({"opd_code": ["A", "A", "A", "B", "B", "B", "D", "D"],
    ...     "quarter": [1, 2, 3, 1, 2, 3, 1, 3]})
    >>> completeness(performance, indicators=indicators, quality=quality,
    ...     submissions=submissions, year=2026, quarter=3)
      opd_code  expected  reported  error  warning    status missing_quarters
    2        C         1         0      1        0   missing        (1, 2, 3)
    3        D         1         1      0        0      late             (2,)
    0        A         2         1      0        1   partial               ()
    1        B         1         1      0        0  complete               ()
    """
    expected = indicators.groupby("opd_code").size().rename("expected")
    now = performance[(performance["year"] == year) & (performance["quarter"] == quarter)]
    reported = now[now["actual"].notna()].groupby("opd_code").size().rename("reported")
    table = (
        pd.concat([expected, reported], axis=1).fillna(0).astype(int).reset_index(names="opd_code")
    )
    if opd_code is not None:
        table = table[table["opd_code"] == opd_code]
    counts = (
        quality.assign(n=1).pivot_table(
            index="opd_code", columns="severity", values="n", aggfunc="sum", fill_value=0
        )
        if len(quality)
        else pd.DataFrame()
    )
    table = table.merge(counts, left_on="opd_code", right_index=True, how="left")
    for col in ("error", "warning"):
        table[col] = table[col].fillna(0).astype(int) if col in table else 0
    sent = submissions.groupby("opd_code")["quarter"].agg(set)
    quarters = range(1, quarter + 1)
    missing = [
        tuple(q for q in quarters if q not in sent.get(code, set())) for code in table["opd_code"]
    ]
    late = [bool(m) and m[-1] != quarter for m in missing]
    status = pd.Series("complete", index=table.index)
    status = status.mask(table["reported"] < table["expected"], "partial")
    status = status.mask(pd.Series(late, index=table.index), "late")
    status = status.mask(table["reported"] == 0, "missing")
    order = {code: i for i, code in enumerate(STATUSES)}
    table = table.assign(status=status, missing_quarters=missing, order=status.map(order))
    return table.sort_values(["order", "opd_code"]).drop(columns="order")
