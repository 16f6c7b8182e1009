"""Tests of sae_analysis.ingest.rows: each row under the header in one class (data, footer in the
middle of the table, unlabelled ratio rows, narrative, signature, label, hidden, blank), and two
indicators numbered in one cell split into two rows."""

from __future__ import annotations

import numpy as np

from sae_analysis.ingest.grid import Sheet
from sae_analysis.ingest.rows import Body, numbered, split_numbered, table_body
from sae_analysis.ingest.sheetxml import SheetMarks


def test_each_row_gets_one_class() -> None:
    # columns: No, Indikator, Target, TW I; the body starts at Excel row 3
    rows = [
        ["No", "Indikator", "Target", "TW I"],
        ["1", "2", "3", "4"],
        [1, "Jumlah ibu hamil", 100, 20],
        ["Perangkat Daerah : Dinas Kesehatan", "", "", ""],
        [2, "Jumlah bayi", 50, 10],
        ["Rata-rata capaian kinerja (%)", "", "", 95.5],
        ["", "", 3, 290.2],  # an unlabelled ratio row
        [3, "Jumlah balita (baris tersembunyi)", 40, 8],
        ["", "", "", ""],
        ["Predikat kinerja", "", "", "Tinggi"],
        [4, "Jumlah kader", 10, 2],
        ["Faktor penghambat: hujan", "", "", ""],
        ["", "Kepala Dinas Kesehatan", "", ""],
        ["", "dr. Contoh Nama", "", ""],
        ["", "NIP. 19700101 199001 1 001", "", ""],
        ["", "", "", ""],
    ]
    sheet = Sheet("E81", rows, [], SheetMarks(hidden_rows=frozenset({7})))
    body = table_body(sheet, 2, width=4, label_columns=[0, 1])
    assert body.rows.tolist() == [3, 5, 11]
    assert body.skipped == {
        "footer": [6, 7, 10],
        "narrative": [12],
        "signature": [13, 14, 15],
        "label": [4],
        "hidden": [8],
        "blank": [9],
    }
    assert body.labels == [(4, "Perangkat Daerah : Dinas Kesehatan")]


def test_two_numbered_indicators_become_two_rows() -> None:
    cells = np.array(
        [["5.01.01", "1. Nilai LHE AKIP 2. Indeks Kepuasan Masyarakat", "1. 80 2. 85", 1_000, "7"]],
        dtype=object,
    )
    body = Body(cells, cells == "", np.array([9]))
    assert split_numbered(body, indicator=1, columns=[2, 4]) == [9]
    assert body.rows.tolist() == [9, 9]
    assert body.cells.tolist() == [
        ["5.01.01", "Nilai LHE AKIP", "80", 1_000, "7"],
        ["", "Indeks Kepuasan Masyarakat", "85", "", ""],
    ]
    assert numbered("Jumlah 1. kader") is None
