"""Tests of sae_analysis.ingest.hierarchy: levels from codes, prefixes, dotted row numbers, upper
case and sums; subtotal rows and the check of a subtotal against its children."""

from __future__ import annotations

import numpy as np

from sae_analysis.ingest.hierarchy import row_levels, subtotal_mismatches, subtotals, tree


def _amounts(*ceilings: float | None) -> tuple[np.ndarray, np.ndarray]:
    values = np.array([[np.nan if c is None else c, np.nan] for c in ceilings])
    return np.nan_to_num(values), ~np.isnan(values)


def test_levels_from_code_prefix_number_and_upper_case() -> None:
    codes = ["1.02", "1.02.02", None, None, None, "kes_bumil", None]
    labels = ["Bidang", "Program A", "Kegiatan B", "PROGRAM C", "Pengelolaan", "Indikator", "x"]
    numbers = [None, None, None, None, "1.1.2", None, None]
    assert row_levels(codes, labels, numbers) == [2, 3, 5, 3, 6, 0, None]


def test_sums_nest_rows_that_show_no_level() -> None:
    # urusan (code) 100 over a kegiatan 100 = 60 + 40 and a single-child kegiatan
    levels = [1, None, None, None]
    amounts, filled = _amounts(100, 100, 60, 40)
    parent, derived = tree(levels, amounts, filled)
    assert parent.tolist() == [-1, 0, 1, 1]
    assert derived.tolist() == [1, 2, 3, 3]
    assert subtotals(parent, filled.any(axis=1)).tolist() == [True, True, False, False]


def test_a_subtotal_that_is_not_the_sum_of_its_children_is_named() -> None:
    levels = [3, 5, 6, 6]
    amounts, filled = _amounts(100, 90, 60, 40)
    parent, _ = tree(levels, amounts, filled)
    subtotal = subtotals(parent, filled.any(axis=1))
    assert subtotal_mismatches(parent, subtotal, amounts, filled) == [(0, [1], 0), (1, [2, 3], 0)]
