"""Hierarchy rows of an E.81 table (urusan, bidang urusan, program, kegiatan, sub kegiatan) and
the subtotals they carry, so that budget totals count each rupiah once.

A row's level shows in its code (``1`` urusan, ``1.02`` bidang urusan, ``1.02.02`` program,
``1.02.02.2.01`` kegiatan, ``1.02.02.2.01.0001`` sub kegiatan: the number of parts), else in its
label's first words ("Urusan", "Bidang Urusan", "Program", "Kegiatan", "Sub Kegiatan"), else in
a dotted row number ("1", "1.1", "1.1.1") where the table numbers its rows so, else in upper case (a run of upper-case rows nests: the last one is a program, those above it bidang and
urusan; ignored when most labels are upper case). Rows with none of these hang under the
hierarchy row above them; among them, a row whose Rp (pagu and each quarter) equals the sum of
the rows that follow it is their subtotal (:func:`nest_by_sums`; one child only when at least
two amounts are equal and not zero). A row coded outside the hierarchy (a catalogue code such as
``kes_bumil``) stands on its own.

A row is a *subtotal* when rows under it carry Rp: its amounts are not added to the budget
again (only leaf rows are summed), and they are checked against its children
(:func:`subtotal_mismatches`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np

#: Level names by the level number (a code's number of parts; 7 and more: sub kegiatan).
LEVEL_NAMES = {
    1: "urusan",
    2: "bidang",
    3: "program",
    4: "kegiatan",
    5: "kegiatan",
    6: "sub_kegiatan",
}
_CODE = re.compile(r"^\d{1,4}(?:\.\d{1,5})*$")
_PREFIXES = (
    (re.compile(r"^sub\s*kegiatan\b"), 6),
    (re.compile(r"^kegiatan\b"), 5),
    (re.compile(r"^program\b"), 3),
    (re.compile(r"^bidang\s+urusan\b|^urusan\b.*\bbidang\b"), 2),
    (re.compile(r"^urusan\b"), 1),
)
#: The most rows a subtotal found by its sums may add up (bounds the search).
_MAX_CHILDREN = 200
#: The level under a level, for rows that carry Rp under a hierarchy row but show no level.
_NEXT = {1: 2, 2: 3, 3: 5, 4: 5, 5: 6, 6: 6}


@functools.lru_cache(maxsize=65536)
def code_level(code: str | None) -> int | None:
    """The level of a hierarchical code (its number of parts), None for no code, 0 for a code
    outside the hierarchy.

    >>> code_level("1.02.02.2.01.0001"), code_level("1.03"), code_level("kes_bumil"), code_level(None)
    (6, 2, 0, None)
    """
    if not code:
        return None
    return min(code.count(".") + 1, 6) if _CODE.match(code.strip()) else 0


@functools.lru_cache(maxsize=65536)
def label_level(label: str | None) -> int | None:
    """The level its first words give a label, or None.

    >>> label_level("Sub Kegiatan Pengelolaan Pelayanan"), label_level("PROGRAM PENYELENGGARAAN JALAN")
    (6, 3)
    >>> label_level("URUSAN PEMERINTAHAN BIDANG KESEHATAN"), label_level("Rehabilitasi Jalan")
    (2, None)
    """
    if not label:
        return None
    key = label.strip().casefold()
    return next((level for pattern, level in _PREFIXES if pattern.search(key)), None)


def _is_upper(label: str | None) -> bool:
    return bool(label) and label.upper() == label and any(c.isalpha() for c in label)


@functools.lru_cache(maxsize=4096)
def number_level(number: str | None) -> int | None:
    """The level a dotted row number gives ("1" program, "1.1" kegiatan, "1.1.1" sub
    kegiatan), in a table that numbers its rows that way.

    >>> number_level("1"), number_level("1.2"), number_level("1.1.3"), number_level("a")
    (3, 5, 6, None)
    """
    if not number or not _CODE.match(number.strip()):
        return None
    return {1: 3, 2: 5}.get(number.count(".") + 1, 6)


def _upper_levels(levels: list[int | None], labels: Sequence[str | None]) -> None:
    """Give runs of upper-case rows showing no other level their levels, in place: the last
    row of a run is a program, those above it bidang and urusan."""
    if None not in levels:  # every row shows its level otherwise (most coded forms)
        return
    upper = [lv is None and _is_upper(lb) for lv, lb in zip(levels, labels, strict=True)]
    labelled = sum(1 for lb in labels if lb)
    if not any(upper) or sum(_is_upper(lb) for lb in labels) > labelled / 2:
        return
    i = 0
    while i < len(levels):
        if not upper[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(levels) and upper[j + 1]:
            j += 1
        for k in range(i, j + 1):
            levels[k] = max(1, 3 - (j - k))
        i = j + 1


def row_levels(
    codes: Sequence[str | None],
    labels: Sequence[str | None],
    numbers: Sequence[str | None] = (),
) -> list[int | None]:
    """The level each row shows (code, else label prefix, else a dotted row number where the
    table numbers rows so, else upper case), 0 for a row coded outside the hierarchy, None for a
    row that shows none."""
    return list(_row_levels(tuple(codes), tuple(labels), tuple(numbers)))


@functools.lru_cache(maxsize=256)
def _row_levels(
    codes: tuple[str | None, ...], labels: tuple[str | None, ...], numbers: tuple[str | None, ...]
) -> tuple[int | None, ...]:
    """:func:`row_levels`, remembered per file's columns: an agency sends the same rows every
    quarter."""
    levels = [code_level(c) for c in codes]
    levels = [
        lv if lv is not None else label_level(lb) for lv, lb in zip(levels, labels, strict=True)
    ]
    if any(isinstance(n, str) and "." in n and _CODE.match(n.strip()) for n in numbers):
        levels = [
            lv if lv is not None else number_level(n) for lv, n in zip(levels, numbers, strict=True)
        ]
    _upper_levels(levels, labels)
    return tuple(levels)


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.allclose(a, b, rtol=1e-9, atol=0.5))


def _children_by_sums(
    own: np.ndarray, where: np.ndarray, units: list[int], amounts: np.ndarray
) -> int:
    """How many of the nearest ``units`` (rows or subtotals, nearest last) add up to ``own`` in
    the filled columns ``where``; 0 when none do."""
    total = np.zeros_like(own)
    for k, unit in enumerate(reversed(units[-_MAX_CHILDREN:])):
        total = total + amounts[unit]
        if _close(total[where], own[where]):
            return k + 1
        if own[0] > 0 and total[0] > own[0] + 0.5:
            return 0
    return 0


def nest_by_sums(
    rows: Sequence[int], amounts: np.ndarray, filled: np.ndarray, parent: np.ndarray
) -> None:
    """Among sibling rows showing no level (``rows``, in order), make a row whose amounts equal
    the sum of the rows (or subtotals) following it their parent; ``parent`` is changed in
    place. ``amounts``: per row, pagu and the quarters' Rp (0 where empty); ``filled``: where a
    row has an amount (only those are compared: a subtotal cell may be left empty)."""
    units: list[int] = []  # the rows at the top of the nesting, from the bottom up
    for i in reversed(rows):
        own = amounts[i]
        taken = _children_by_sums(own, filled[i], units, amounts) if own.any() else 0
        if taken >= 2 or (taken == 1 and np.count_nonzero(own) >= 2):
            for child in units[len(units) - taken :]:
                parent[child] = i
            del units[len(units) - taken :]
        units.append(i)


def level_tree(
    levels: Sequence[int | None],
) -> tuple[np.ndarray, tuple[tuple[int, ...], ...], np.ndarray]:
    """Each row's parent from the levels the rows show alone, the rows showing none grouped by
    their parent, and each row's level as shown (0: none); read-only arrays."""
    return _level_tree(tuple(levels))


@functools.lru_cache(maxsize=256)
def _level_tree(
    levels: tuple[int | None, ...],
) -> tuple[np.ndarray, tuple[tuple[int, ...], ...], np.ndarray]:
    """Each row's parent from the levels the rows show, the rows showing none grouped by their
    parent, and each row's level as shown (0: none); remembered: an agency sends the same rows
    every quarter. The arrays are read-only."""
    parent = np.full(len(levels), -1, dtype=np.int64)
    stack: list[tuple[int, int]] = []
    loose: dict[int, list[int]] = {}
    for i, level in enumerate(levels):
        if level == 0:  # coded outside the hierarchy
            stack.clear()
        elif level is None:
            parent[i] = stack[-1][0] if stack else -1
            loose.setdefault(int(parent[i]), []).append(i)
        else:
            while stack and stack[-1][1] >= level:
                stack.pop()
            parent[i] = stack[-1][0] if stack else -1
            stack.append((i, level))
    shown = np.array([level or 0 for level in levels], dtype=np.int8)
    parent.flags.writeable = shown.flags.writeable = False
    return parent, tuple(tuple(rows) for rows in loose.values()), shown


def tree(
    levels: Sequence[int | None], amounts: np.ndarray, filled: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's parent (-1 at the top) and its level (0: none), worked out from the levels the
    rows show and, among rows showing none, from their sums (``amounts``, ``filled``: as
    :func:`nest_by_sums` takes them)."""
    fixed, loose, shown = level_tree(levels)
    if not loose:
        return fixed, shown
    parent = fixed.copy()
    for rows in loose:
        if len(rows) > 1:
            nest_by_sums(rows, amounts, filled, parent)
    derived = shown.copy()
    for i in sorted(i for rows in loose for i in rows):  # a parent comes before its children
        if parent[i] >= 0 and (above := int(derived[parent[i]])):
            # a row with Rp of its own is one level down; another indicator of the same row not
            derived[i] = _NEXT[above] if amounts[i].any() else above
    return parent, derived


def subtotals(parent: np.ndarray, has_rp: np.ndarray) -> np.ndarray:
    """True for the rows with Rp under them (their own Rp is a subtotal, not a leaf's).

    >>> subtotals(np.array([-1, 0, 1, 1, -1]), np.array([True, True, True, False, True])).tolist()
    [True, True, False, False, False]
    """
    below = np.zeros(len(parent), dtype=bool)
    frontier = parent[has_rp]
    while (frontier := frontier[frontier >= 0]).size:  # one level up per pass: at most 6
        frontier = np.unique(frontier[~below[frontier]])
        below[frontier] = True
        frontier = parent[frontier]
    return below & has_rp


def subtotal_mismatches(
    parent: np.ndarray, subtotal: np.ndarray, amounts: np.ndarray, filled: np.ndarray
) -> list[tuple[int, list[int], int]]:
    """(subtotal row, its children with Rp, the first amount column that differs) for each
    subtotal whose amounts are not the sum of its children's. A column is compared where the
    subtotal and every child have an amount (an empty cell is not known to be 0: it may be a
    formula saved without its result, logged already)."""
    mismatches = []
    has_rp = filled.any(axis=1)
    for s in np.flatnonzero(subtotal):
        children = [int(c) for c in np.flatnonzero((parent == s) & has_rp)]
        total = amounts[children].sum(axis=0)
        for j in np.flatnonzero(filled[s] & filled[children].all(axis=0)):
            if not _close(total[j], amounts[s, j]):
                mismatches.append((int(s), children, int(j)))
                break
    return mismatches
