"""Tests of sae_analysis.ingest.header: the table found on a later sheet, quarterly target columns."""

from __future__ import annotations

from pathlib import Path

from raw_files import LAYANAN, Row, read_file, write_e81

from sae_analysis.ingest.catalogues import Catalogues


def test_table_on_a_later_sheet(raw_dir: Path, catalogues: Catalogues) -> None:
    path = write_e81(
        raw_dir / "2026" / "TW3" / "dinkes.xlsx", [Row(LAYANAN, "orang", 10)], sheets_before=1
    )
    frame, _ = read_file(path, catalogues, raw_dir)
    assert frame["source_sheet"].tolist() == ["E81"]


def test_quarterly_targets(raw_dir: Path, catalogues: Catalogues) -> None:
    row = Row(LAYANAN, "orang", 1200, "", (300, "", "", ""), target_tw=[250, 300, "350", 300])
    path = write_e81(
        raw_dir / "2026" / "TW1" / "dinkes.xlsx",
        [row],
        quarterly_targets=True,
        period_title="TRIWULAN I TAHUN 2026",
    )
    frame, log = read_file(path, catalogues, raw_dir)
    assert frame.loc[0, ["target_tw1", "target_tw2", "target_tw3", "target_tw4"]].tolist() == [
        250.0, 300.0, 350.0, 300.0,
    ]  # fmt: skip
    assert (frame.loc[0, "target"], frame.loc[0, "k_tw1"]) == (1200.0, 300.0)
    assert log.issues == []
