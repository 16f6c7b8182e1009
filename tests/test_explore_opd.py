"""One OPD: its quality-log lines, errors first, and its name."""

from __future__ import annotations

import pandas as pd

from sae_analysis import explore


def test_opd_issues_lists_errors_first(explore_tables: explore.Tables) -> None:
    quality = pd.DataFrame(
        {
            "severity": ["warning", "error", "error"],
            "opd_code": ["X", "X", "Y"],
            "file": ["b", "c", "a"],
        }
    )
    assert explore.opd_issues(quality, opd_code="X")["severity"].tolist() == ["error", "warning"]
    assert explore.opd_name(explore_tables.catalogues, "NOPE") == "NOPE"
    code = explore_tables.catalogues.opd["opd_code"].iloc[0]
    assert (
        explore.opd_name(explore_tables.catalogues, code)
        == explore_tables.catalogues.opd["name"].iloc[0]
    )
