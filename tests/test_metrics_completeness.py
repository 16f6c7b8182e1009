"""Tests of sae_analysis.metrics.completeness: which OPDs sent nothing, part, or late."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pytest

from sae_analysis import metrics

YEAR, QUARTER = 2026, 3


def _table(
    *,
    catalogue: dict[str, int],
    reported: dict[str, int],
    sent: dict[str, set[int]],
    quality: Sequence[tuple[str, str]] = (),
    opd_code: str | None = None,
) -> pd.DataFrame:
    """Completeness of OPDs with ``catalogue[code]`` indicators, ``reported[code]`` of them filled."""
    indicators = pd.DataFrame({"opd_code": [c for c, n in catalogue.items() for _ in range(n)]})
    rows = [
        (code, 1.0 if i < n else None)
        for code in catalogue
        for i, n in [(i, reported.get(code, 0)) for i in range(catalogue[code])]
    ]
    performance = pd.DataFrame(rows, columns=["opd_code", "actual"]).assign(
        year=YEAR, quarter=QUARTER
    )
    earlier = performance.assign(quarter=QUARTER - 1, actual=5.0)  # other quarters do not count
    submissions = pd.DataFrame(
        [(code, q) for code, quarters in sent.items() for q in sorted(quarters)],
        columns=["opd_code", "quarter"],
    )
    return metrics.completeness(
        pd.concat([performance, earlier], ignore_index=True),
        indicators=indicators,
        quality=pd.DataFrame(quality, columns=["opd_code", "severity"]),
        submissions=submissions,
        year=YEAR,
        quarter=QUARTER,
        opd_code=opd_code,
    ).set_index("opd_code")


def test_each_status_by_its_rule() -> None:
    table = _table(
        catalogue={"FULL": 2, "PART": 3, "LATE": 2, "NONE": 2},
        reported={"FULL": 2, "PART": 1, "LATE": 2},
        sent={"FULL": {1, 2, 3}, "PART": {1, 2, 3}, "LATE": {1, 3}},
    )
    assert table["status"].to_dict() == {
        "NONE": "missing", "LATE": "late", "PART": "partial", "FULL": "complete"
    }  # fmt: skip
    assert table.loc["PART", ["expected", "reported"]].tolist() == [3, 1]
    assert table.loc["LATE", "missing_quarters"] == (2,)
    assert table.loc["NONE", "missing_quarters"] == (1, 2, 3)
    assert table.loc["FULL", "missing_quarters"] == ()


def test_missing_wins_over_late_and_late_over_partial() -> None:
    table = _table(
        catalogue={"EMPTY": 2, "BOTH": 3},
        reported={"BOTH": 1},
        sent={"EMPTY": {2}, "BOTH": {3}},  # EMPTY sent TW2 only; BOTH skipped TW1 and TW2
    )
    assert table.loc["EMPTY", "status"] == "missing"
    assert table.loc["BOTH", "status"] == "late"
    assert table.loc["BOTH", "missing_quarters"] == (1, 2)


def test_no_file_this_quarter_is_not_late() -> None:
    """A missing TW q file is not 'late' (the last missing quarter is the report's own)."""
    table = _table(catalogue={"X": 1}, reported={"X": 1}, sent={"X": {1, 2}})
    assert table.loc["X", "status"] == "complete"
    assert table.loc["X", "missing_quarters"] == (3,)


def test_sorted_opds_to_chase_first_then_by_code() -> None:
    table = _table(
        catalogue={"A": 1, "B": 2, "C": 1, "D": 1, "E": 2},
        reported={"A": 1, "B": 1, "D": 1, "E": 1},
        sent={"A": {1, 2, 3}, "B": {1, 2, 3}, "D": {1, 3}, "E": {1, 2, 3}},
    )
    assert list(table.index) == ["C", "D", "B", "E", "A"]
    assert tuple(dict.fromkeys(table["status"])) == metrics.STATUSES


def test_quality_lines_are_counted_per_opd_and_severity() -> None:
    table = _table(
        catalogue={"A": 1, "B": 1},
        reported={"A": 1, "B": 1},
        sent={"A": {1, 2, 3}, "B": {1, 2, 3}},
        quality=[("A", "error"), ("A", "error"), ("A", "warning"), ("Z", "error")],
    )
    assert table[["error", "warning"]].to_dict("index") == {
        "A": {"error": 2, "warning": 1}, "B": {"error": 0, "warning": 0}
    }  # fmt: skip
    assert table["error"].dtype.kind == "i"


@pytest.mark.parametrize("quality", [[], [("A", "warning")]])
def test_both_counts_exist_without_errors(quality: list[tuple[str, str]]) -> None:
    table = _table(catalogue={"A": 1}, reported={"A": 1}, sent={"A": {1, 2, 3}}, quality=quality)
    assert table.loc["A", "error"] == 0
    assert table.loc["A", "warning"] == len(quality)


def test_one_opd() -> None:
    table = _table(
        catalogue={"A": 1, "B": 1}, reported={"A": 1}, sent={"A": {1, 2, 3}}, opd_code="B"
    )
    assert list(table.index) == ["B"]
    assert table.loc["B", "status"] == "missing"


def test_an_opd_outside_the_catalogue_expects_nothing() -> None:
    indicators = pd.DataFrame({"opd_code": ["A"]})
    performance = pd.DataFrame(
        {"opd_code": ["A", "NEW"], "actual": [1.0, 2.0], "year": YEAR, "quarter": QUARTER}
    )
    submissions = pd.DataFrame({"opd_code": ["A", "NEW"] * 3, "quarter": [1, 1, 2, 2, 3, 3]})
    table = metrics.completeness(
        performance,
        indicators=indicators,
        quality=pd.DataFrame(columns=["opd_code", "severity"]),
        submissions=submissions,
        year=YEAR,
        quarter=QUARTER,
    ).set_index("opd_code")
    assert table.loc["NEW", ["expected", "reported"]].tolist() == [0, 1]
    assert table.loc["NEW", "status"] == "complete"
