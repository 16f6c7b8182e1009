"""Tests of sae_analysis.ingest.explain and ``sae-analysis validate --explain``: how each real
form was understood (header rows, column roles, Rp scale, OPD and period, rows per class) agrees
with the hand-made description of the form, and the explanation reads as it should."""

from __future__ import annotations

from pathlib import Path

import pytest
import real_forms as rf
from real_forms_expected import BY_NAME, FORMS, Form

from sae_analysis import cli
from sae_analysis.ingest.catalogues import load_catalogues
from sae_analysis.ingest.e81 import read_submission
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.ingest.reading import Reading
from sae_analysis.ingest.roles import Column


def _read(form: Form, raw: Path) -> Reading:
    rf.write_reference(raw)
    path = form.build(raw)
    readings: list[Reading] = []
    read_submission(
        path, catalogues=load_catalogues(raw), raw_dir=raw, log=QualityLog(), readings=readings
    )
    [reading] = readings
    return reading


def _vocabulary(column: Column, per_sheet: bool) -> str:
    """A column's role in the words of ``real_forms_expected`` (its docstring)."""
    measure = column.measure or ""
    texts = " ".join(column.texts).casefold()
    if column.role == "quarter":
        return f"q_{measure}" if per_sheet else f"q{column.quarter}_{measure}"
    if column.role == "achievement":
        group = "renstra_pct" if "renstra" in texts or "rpjmd" in texts else "year_pct"
        return f"{group}_{measure}"
    if column.role == "ignored":
        return "helper" if not column.texts else "context"
    simple = {"label": "programme", "indicator": "label", "responsible": "responsible_unit",
              "sasaran": "context"}  # fmt: skip
    measured = {"target": "target", "year_actual": "year", "renstra_target": "renstra_target",
                "renstra_prior": "renstra_prior", "renstra_actual": "renstra_real"}  # fmt: skip
    if column.role in measured:
        return f"{measured[column.role]}_{measure}"
    return simple.get(column.role, column.role)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_each_form_is_understood_as_described(form: Form, tmp_path: Path) -> None:
    reading = _read(form, tmp_path)
    band = reading.band
    assert [r + 1 for r in range(band.first, band.last + 1)] == list(form.header_rows)
    assert (band.numbers + 1 if band.numbers is not None else None) == form.number_row
    per_sheet = "q_k" in form.roles.values()
    codes = [c.letter for c in reading.roles.columns if c.role == "code"]
    roles = {
        c.letter: (f"code_{codes.index(c.letter) + 1}" if len(codes) > 1 else "code")
        if c.role == "code"
        else _vocabulary(c, per_sheet)
        for c in reading.roles.columns
        if c.letter in form.roles
    }
    assert roles == form.roles
    scales = {c.scale for c in reading.roles.columns if c.measure == "rp" and c.field}
    assert scales <= {form.rp_scale}
    assert reading.opd_code == form.opd_code
    rows = {k: v for k, v in reading.rows.items() if k != "heading"}
    assert rows == {k: list(v) for k, v in form.rows.items()}
    assert reading.children == {k: list(v) for k, v in form.children.items()}


def test_explain_names_roles_scale_origins_and_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    rf.write_reference(tmp_path)
    full = rf.write_full_e81(tmp_path)
    footer = rf.write_footer_blocks(tmp_path)
    args = ["validate", "--explain", "--raw-dir", str(tmp_path), str(full), str(footer)]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    first, second = out.split("\n\n")[:2]
    assert first.splitlines()[:3] == [
        f"== {full.as_posix()} ==",
        "Sheet dibaca: 'E.81'",
        "Judul tabel: baris 6-8; nomor kolom di baris 9",
    ]
    assert (
        '    F  target Renstra/RPJMD akhir periode (K): "Target Renstra Perangkat Daerah pada '
        'Tahun 2026 (Akhir Periode Renstra PD) / K"'
    ) in first
    assert (
        '    J  target tahun berjalan (K): "Target kinerja dan anggaran Renja tahun berjalan '
        '(tahun 2025) yang dievaluasi / K"'
    ) in first
    assert '    L  realisasi TW I (K): "Realisasi kinerja pada triwulan / I / K"' in first
    assert "Skala Rp: rupiah (x1)" in first
    assert (
        "Perangkat daerah: DINKES (judul baris 2: 'PERANGKAT DAERAH : DINAS KESEHATAN "
        "KABUPATEN PROBOLINGGO')"
    ) in first
    assert (
        "  subtotal (Rp tidak dijumlah lagi): 3 (baris 10-11, 14); di bawahnya: "
        "10 <- 11, 14; 11 <- 12-13; 14 <- 15"
    ) in first
    assert "Skala Rp: dikalikan 1.000 menjadi rupiah: F, I, M, O, Q, S" in second
    assert (
        "  footer: rata-rata, predikat, rasio (dilewati): 8 (baris 13-15, 18-20, 22-23)" in second
    )
    assert "  narasi (dilewati): 4 (baris 25-28)" in second
    assert (
        "Periode: TW4 2025 (folder 2025/TW4; judul baris 4: 'TRIWULAN IV TAHUN 2025' sesuai)"
        in second
    )


def test_explain_in_english_and_a_file_that_cannot_be_placed(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    rf.write_reference(tmp_path)
    form = BY_NAME["unit_in_k"]
    path = form.build(tmp_path)
    broken = tmp_path / "kosong.csv"
    broken.write_text("hanya;teks\n", encoding="utf-8")
    args = [
        "validate",
        "--explain",
        "--lang",
        "en",
        "--raw-dir",
        str(tmp_path),
        str(path),
        str(broken),
    ]
    assert cli.main(args) == 1
    out = capsys.readouterr().out
    assert '    F  unit, found by its content: "Target kinerja dan anggaran Renja' in out
    assert "Rows by class:" in out
    assert f"== {broken.as_posix()} ==\nCould not be placed: The table header was not found" in out
