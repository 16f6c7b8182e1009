"""The E.81 writer: layout read back with openpyxl, CSV variant, template, and a round trip
through the reader."""

from __future__ import annotations

import math

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sae_analysis import config, workbooks
from sae_analysis.ingest.catalogues import load_catalogues
from sae_analysis.ingest.e81 import read_submission
from sae_analysis.ingest.numbers import parse_number
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.sampledata import e81

ROWS = [
    e81.E81Row(
        no=1,
        code="prevalensi_stunting",
        label="Prevalensi stunting balita",
        unit="persen",
        target=18.5,
        ceiling=1_250_000_000,
        k=(19.1, 18.7, 18.2, None),
        rp=(120_000_000, 250_500_000, 310_000_000, None),
        physical_pct=55.5,
        remarks="—",
    ),
    e81.E81Row(
        no=2,
        code="inflasi",
        label="Tingkat inflasi",
        unit="persen",
        target="2,5 - 3,5",
        ceiling="Rp 12.500.000",
        k=(3.1, "85,5%", "belum ada data", None),
        rp=("-", 1_000_000, 2_000_000, None),
    ),
]


@pytest.fixture(scope="module")
def catalogues():
    return load_catalogues(config.RAW_DIR)


def _write(tmp_path, name="f.xlsx", **style):
    return e81.write_submission(
        tmp_path / name,
        opd_name="Dinas Kesehatan",
        year=2026,
        quarter=3,
        rows=ROWS,
        style=e81.E81Style(**style),
        footer=e81.E81Footer(average_pct=91.2, rating="Sangat Tinggi"),
    )


def _merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_two_row_header_layout(tmp_path):
    ws = openpyxl.load_workbook(_write(tmp_path, title_rows=5))["E81"]
    assert ws["A1"].value == "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"
    assert ws["A3"].value == "PERANGKAT DAERAH : Dinas Kesehatan"
    assert ws["A4"].value == "TRIWULAN III TAHUN 2026"
    assert ws["A5"].value is None
    header = [c.value for c in ws[6]]
    assert header[:5] == ["No", "Kode", "Indikator Kinerja", "Satuan", "Target Renja Tahun 2026"]
    assert header[6] == "Realisasi Kinerja TW I"
    assert [c.value for c in ws[7]][4:8] == ["K", "Rp", "K", "Rp"]
    assert {"A1:P1", "A6:A7", "E6:F6", "G6:H6", "M6:N6", "O6:O7", "P6:P7"} <= _merged(ws)
    assert [c.value for c in ws[8]] == list(range(1, 17))
    assert [c.value for c in ws[9]][:8] == [
        1,
        "prevalensi_stunting",
        "Prevalensi stunting balita",
        "persen",
        18.5,
        1_250_000_000,
        19.1,
        120_000_000,
    ]
    assert ws["E10"].value == "2,5 - 3,5"
    assert ws["I10"].value == "85,5%"
    assert all(c.value is None for c in ws[11])
    assert ws["A12"].value == "Rata-rata capaian kinerja (%)"
    assert ws["E12"].value == 91.2
    assert "A12:D12" in _merged(ws)
    assert ws["A13"].value == "Predikat kinerja"
    assert ws["K15"].value == "Disusun oleh"


def test_three_row_header_with_quarterly_targets(tmp_path):
    ws = openpyxl.load_workbook(
        _write(tmp_path, title_rows=0, header_rows=3, quarterly_targets=True)
    ).active
    assert ws["A1"].value == "No"
    assert ws["G1"].value == "Target Triwulan"
    assert ws["K1"].value == "Realisasi Kinerja Pada Triwulan"
    assert [ws.cell(2, c).value for c in (7, 11, 13)] == ["TW I", "TW I", "TW II"]
    assert [ws.cell(3, c).value for c in range(5, 13)] == ["K", "Rp", "K", "K", "K", "K", "K", "Rp"]
    assert {"A1:A3", "E1:F2", "G1:J1", "K1:R1", "K2:L2", "Q2:R2", "S1:S3", "T1:T3"} <= _merged(ws)
    assert ws.cell(4, 20).value == 20


def test_title_rows_vary_in_number_and_wording():
    lines = e81.title_lines("DINKES", year=2025, quarter=4, count=5, variant=1)
    assert lines == [
        "Evaluasi Hasil Rencana Kerja (Renja) Perangkat Daerah",
        "Pemerintah Kabupaten Probolinggo",
        "OPD: DINKES",
        "Periode: Triwulan IV Tahun Anggaran 2025",
        "",
    ]
    assert [len(e81.title_lines("x", year=2026, quarter=1, count=n)) for n in range(6)] == list(
        range(6)
    )


def test_style_rejects_undefined_variants():
    with pytest.raises(ValueError, match="header_rows"):
        e81.E81Style(header_rows=4)
    with pytest.raises(ValueError, match="title_rows"):
        e81.E81Style(title_rows=6)


def test_csv_variant_windows_1252(tmp_path):
    path = e81.write_submission(
        tmp_path / "x.csv",
        opd_name="Sekretariat Daerah – Bagian Organisasi",
        year=2026,
        quarter=3,
        rows=ROWS,
        style=e81.E81Style(title_rows=3, csv_encoding="cp1252"),
    )
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    lines = data.decode("cp1252").splitlines()
    assert lines[1].startswith("PERANGKAT DAERAH : Sekretariat Daerah – Bagian Organisasi;")
    header = lines[3].split(";")
    assert header[4:8] == [
        "Target Renja Tahun 2026 (K)",
        "Target Renja Tahun 2026 (Rp)",
        "Realisasi Kinerja TW I (K)",
        "Realisasi Kinerja TW I (Rp)",
    ]
    assert lines[4].split(";")[:3] == ["1", "2", "3"]
    assert lines[5].split(";")[4:7] == ["18,5", "1250000000", "19,1"]


def test_workbook_bytes_are_reproducible(tmp_path):
    first = _write(tmp_path, "a.xlsx").read_bytes()
    second = _write(tmp_path, "b.xlsx").read_bytes()
    assert first == second
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.properties.created == workbooks.FIXED_TIMESTAMP


def test_long_tables_are_written(tmp_path):
    rows = [
        e81.E81Row(code=f"1.02.{i:04d}", label=f"Sub Kegiatan {i}", ceiling=1000 * i)
        for i in range(1, 601)
    ]
    path = e81.write_submission(
        tmp_path / "big.xlsx", opd_name="Dinkes", year=2026, quarter=1, rows=rows
    )
    wb = openpyxl.load_workbook(path, read_only=True)
    values = [r[1] for r in wb.active.iter_rows(values_only=True) if len(r) > 1]
    wb.close()
    assert values.count("1.02.0600") == 1
    assert sum(1 for v in values if isinstance(v, str) and v.startswith("1.02.")) == 600


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).map(lambda x: round(x, 4)))
def test_csv_text_is_read_back_as_the_same_number(value):
    parsed = parse_number(e81.csv_text(value), decimal=",").value
    assert math.isclose(parsed, value, rel_tol=1e-9, abs_tol=1e-9)


def test_template_prefills_the_opds_indicators(tmp_path, catalogues):
    path = e81.write_template(
        "DINKES", year=2026, quarter=2, catalogues=catalogues, path=tmp_path / "t.xlsx"
    )
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["E81", "Petunjuk"]
    ws = wb["E81"]
    expected = catalogues.indicators.loc[catalogues.indicators["opd_code"] == "DINKES"]
    assert ws["A3"].value == "PERANGKAT DAERAH : Dinas Kesehatan"
    codes = [ws.cell(r, 2).value for r in range(9, 9 + len(expected))]
    assert codes == expected["indicator_code"].tolist()
    assert ws.cell(9, 4).value == expected["unit"].iloc[0]
    assert ws.cell(9, 7).value is None
    validations = ws.data_validations.dataValidation
    assert {v.type for v in validations} == {"decimal"}
    assert all(v.errorStyle == "warning" for v in validations)
    assert "G9:G14" in str(validations[0].sqref)
    assert wb["Petunjuk"]["A1"].value.startswith("PETUNJUK")
    assert ws.freeze_panes == "E9"


def test_template_in_english_and_errors(tmp_path, catalogues):
    path = e81.write_template(
        "DISDAG", year=2026, quarter=4, catalogues=catalogues, path=tmp_path / "t.xlsx", lang="en"
    )
    wb = openpyxl.load_workbook(path)
    assert wb["Petunjuk"]["A1"].value == "HOW TO FILL IN FORM E.81"
    assert wb["E81"]["C6"].value == "Indikator Kinerja"  # the form itself stays Indonesian
    with pytest.raises(ValueError, match="unknown OPD"):
        e81.write_template(
            "NOPE", year=2026, quarter=1, catalogues=catalogues, path=tmp_path / "n.xlsx"
        )
    with pytest.raises(ValueError, match="quarter"):
        e81.write_template(
            "DINKES", year=2026, quarter=5, catalogues=catalogues, path=tmp_path / "n.xlsx"
        )


def test_template_filled_by_staff_reads_back_with_the_same_numbers(tmp_path, catalogues):
    folder = tmp_path / "2026" / "TW2"
    folder.mkdir(parents=True)
    template = e81.write_template(
        "DINKES", year=2026, quarter=2, catalogues=catalogues, path=folder / "blank.xlsx"
    )
    wb = openpyxl.load_workbook(template)
    ws = wb["E81"]
    keys = [c.key for c in e81.columns(year=2026)]
    col = {k: keys.index(k) + 1 for k in keys}
    filled = {}
    for i, row in enumerate(range(9, 15)):
        values = {
            "target": 10.0 + i,
            "ceiling": 1_000_000 * (i + 1),
            "k_tw1": 9.5 + i,
            "rp_tw1": 200_000 * (i + 1),
            "k_tw2": f"{9 + i},25",
            "rp_tw2": 300_000 * (i + 1),
        }
        for key, value in values.items():
            ws.cell(row, col[key], value)
        filled[ws.cell(row, 2).value] = values
    wb.save(folder / "filled.xlsx")
    log = QualityLog()
    frame = read_submission(
        folder / "filled.xlsx", catalogues=catalogues, raw_dir=tmp_path, log=log
    )
    assert log.error_count == 0, log.to_frame()
    assert set(frame["opd_code"]) == {"DINKES"}
    assert set(frame["quarter"]) == {2}
    assert set(frame["year"]) == {2026}
    frame = frame.set_index("indicator_code")
    assert set(frame.index) == set(filled)
    for code, values in filled.items():
        row = frame.loc[code]
        assert row["target"] == values["target"]
        assert row["ceiling"] == values["ceiling"]
        assert row["k_tw1"] == values["k_tw1"]
        assert row["rp_tw2"] == values["rp_tw2"]
        assert row["k_tw2"] == pytest.approx(float(values["k_tw2"].replace(",", ".")))
        assert math.isnan(row["k_tw3"])
