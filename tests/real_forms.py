"""Hand-built agency forms, one per class of issue 13 (E.81 / E.79 as agencies fill them in).

Each ``write_*`` function writes ONE small workbook into a raw folder (``<raw>/<YEAR>/TW<Q>/``)
the way a real agency would, and returns its path; :func:`write_reference` writes the catalogues
the forms name. The figures each form must give are hand-computed in ``real_forms_expected.py``;
``tests/fixtures/real_forms/README.md`` lists the classes. Nothing here comes from the sample
generator (``sampledata/e81.py``): that writes only the shapes the reader already knows.

Longer than ~400 lines, and builders longer than ~60, on purpose: thirteen forms written cell
by cell, so that each reads as the sheet it stands for (header band, merges, hierarchy rows,
footers) in one place; splitting a form over helpers would hide what its sheet looks like.
"""

from __future__ import annotations

import email.charset
import email.mime.multipart
import email.mime.text
import html
import re
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

YEAR = 2025
FIXTURES = Path(__file__).parent / "fixtures" / "real_forms"
#: The blank official E.81 in the Excel 97-2003 format (BIFF8), written once from
#: :data:`BLANK_E81_CELLS` by ``fixtures/real_forms/make_blank_e81_xls.py`` (xlwt).
BLANK_E81_XLS = FIXTURES / "blank_e81_official.xls"

# --------------------------------------------------------------------------- header texts
#: The group labels as the forms write them (issue 13 quotes them; case and spacing kept).
RENJA_TARGET = "Target kinerja dan anggaran Renja tahun berjalan (tahun 2025) yang dievaluasi"
RKPD_TARGET = (
    "Target Kinerja dan Anggaran RKPD Kabupaten Tahun Berjalan (Tahun n-1) yang Dievaluasi"
)
QUARTERS_GROUP = "Realisasi kinerja pada triwulan"
RENSTRA_TARGET = "Target Renstra Perangkat Daerah pada Tahun 2026 (Akhir Periode Renstra PD)"
RENSTRA_PRIOR = "Realisasi Capaian Kinerja Renstra PD sampai dengan Renja PD Tahun Lalu (2024)"
YEAR_REAL = "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi"
YEAR_PCT = (
    "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja Perangkat Daerah yang Dievaluasi (%)"
)
RENSTRA_REAL = "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d Tahun 2025"
RENSTRA_PCT = (
    "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah s/d Tahun 2025 (%)"
)
INDICATOR = "Indikator Kinerja Program (Outcome)/ Kegiatan (Output)"
PROGRAMME = "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan"
UNIT_PD = "Unit Perangkat Daerah Penanggung Jawab"
SUM_13 = "13 = 9 + 10 + 11 + 12"
PCT_14 = "14=13/5 x100%"

# --------------------------------------------------------------------------- catalogues
OPD = [
    ("BAPPEDALITBANG", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
     "Bappedalitbang|BAPPEDALITBANG", "pemerintahan"),
    ("DINKES", "Dinas Kesehatan",
     "Dinkes|DINAS KESEHATAN|Dinas Kesehatan Kabupaten Probolinggo", "pendidikan_kesehatan"),
    ("DINSOS", "Dinas Sosial", "Dinsos|DINAS SOSIAL", "sosial"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang",
     "DPUPR|Dinas PUPR|DINAS PEKERJAAN UMUM DAN PENATAAN RUANG", "infrastruktur"),
]  # fmt: skip

#: (code, name, unit, polarity, opd_code, kind, accumulation)
INDICATORS = [
    ("kes_bumil_pct", "Persentase ibu hamil mendapatkan pelayanan kesehatan ibu hamil", "persen", "+", "DINKES", "outcome", "last"),
    ("kes_bumil_layanan", "Jumlah ibu hamil yang mendapatkan pelayanan kesehatan sesuai standar", "orang", "+", "DINKES", "output", "sum"),
    ("kes_bersalin", "Jumlah ibu bersalin yang mendapatkan pelayanan persalinan sesuai standar", "orang", "+", "DINKES", "output", "sum"),
    ("kes_bayi_baru_lahir", "Jumlah bayi baru lahir yang mendapatkan pelayanan kesehatan sesuai standar", "orang", "+", "DINKES", "output", "sum"),
    ("kes_puskesmas_akreditasi", "Persentase puskesmas terakreditasi", "persen", "+", "DINKES", "outcome", "last"),
    ("kes_pembinaan_mutu", "Jumlah pembinaan mutu pelayanan puskesmas", "kali", "+", "DINKES", "output", "sum"),
    ("kes_imunisasi_cakupan", "Cakupan imunisasi dasar lengkap", "persen", "+", "DINKES", "outcome", "last"),
    ("kes_balita_layanan", "Jumlah balita yang mendapatkan pelayanan kesehatan sesuai standar", "orang", "+", "DINKES", "output", "sum"),
    ("kes_imunisasi", "Jumlah bayi yang mendapat imunisasi dasar lengkap", "orang", "+", "DINKES", "output", "sum"),
    ("kes_gizi", "Jumlah balita gizi kurang yang mendapat makanan tambahan", "orang", "+", "DINKES", "output", "sum"),
    ("kes_nakes_kompeten", "Persentase tenaga kesehatan yang memenuhi standar kompetensi", "persen", "+", "DINKES", "outcome", "last"),
    ("kes_pelatihan_jenis", "Jumlah jenis pelatihan teknis yang diselenggarakan", "jenis", "+", "DINKES", "output", "sum"),
    ("kes_sdm_kompetensi", "Jumlah sumber daya manusia kesehatan yang ditingkatkan kompetensinya", "orang", "+", "DINKES", "output", "sum"),
    ("kes_tb_pct", "Persentase orang terduga TBC yang mendapatkan pelayanan sesuai standar", "persen", "+", "DINKES", "outcome", "last"),
    ("kes_tb_layanan", "Jumlah orang terduga TBC yang mendapatkan pelayanan kesehatan sesuai standar", "orang", "+", "DINKES", "output", "sum"),
    ("kes_tb_terduga", "Jumlah orang terduga TBC yang diperiksa", "orang", "+", "DINKES", "output", "sum"),
    ("kes_hiv", "Jumlah ODHIV yang mendapatkan pelayanan sesuai standar", "orang", "+", "DINKES", "output", "sum"),
    ("kes_surveilans", "Jumlah laporan surveilans penyakit yang disampaikan tepat waktu", "laporan", "+", "DINKES", "output", "sum"),
    ("bap_dok_tepat_waktu", "Persentase dokumen perencanaan pembangunan daerah yang ditetapkan tepat waktu", "persen", "+", "BAPPEDALITBANG", "outcome", "last"),
    ("bap_dok_rkpd", "Jumlah dokumen perencanaan pembangunan daerah yang disusun", "dokumen", "+", "BAPPEDALITBANG", "output", "sum"),
    ("bap_analisis", "Jumlah dokumen hasil analisis data dan informasi perencanaan", "dokumen", "+", "BAPPEDALITBANG", "output", "sum"),
    ("bap_musrenbang", "Jumlah laporan penyelenggaraan musrenbang", "laporan", "+", "BAPPEDALITBANG", "output", "sum"),
    ("bap_laporan_evaluasi", "Jumlah laporan evaluasi pelaksanaan RKPD", "laporan", "+", "BAPPEDALITBANG", "output", "sum"),
    ("bap_evaluasi_renja", "Jumlah laporan hasil evaluasi Renja perangkat daerah", "laporan", "+", "BAPPEDALITBANG", "output", "sum"),
    ("bap_kajian_dimanfaatkan", "Persentase hasil kajian yang dimanfaatkan dalam perencanaan", "persen", "+", "BAPPEDALITBANG", "outcome", "last"),
    ("bap_kajian", "Jumlah kajian penelitian dan pengembangan daerah", "kajian", "+", "BAPPEDALITBANG", "output", "sum"),
    ("bap_kajian_kependudukan", "Jumlah dokumen hasil kajian kependudukan", "dokumen", "+", "BAPPEDALITBANG", "output", "sum"),
    ("bap_kajian_sosbud", "Jumlah dokumen hasil kajian sosial budaya", "dokumen", "+", "BAPPEDALITBANG", "output", "sum"),
    ("bap_lhe_akip", "Nilai LHE AKIP Perangkat Daerah", "nilai", "+", "BAPPEDALITBANG", "outcome", "last"),
    ("bap_ikm", "Indeks Kepuasan Masyarakat", "indeks", "+", "BAPPEDALITBANG", "outcome", "last"),
    ("bap_lap_keuangan", "Jumlah laporan keuangan perangkat daerah yang disusun", "laporan", "+", "BAPPEDALITBANG", "output", "sum"),
    ("bap_gaji", "Jumlah orang yang menerima gaji dan tunjangan ASN", "orang", "+", "BAPPEDALITBANG", "output", "last"),
    ("bap_lap_akhir", "Jumlah laporan keuangan akhir tahun SKPD", "laporan", "+", "BAPPEDALITBANG", "output", "sum"),
    ("sos_pmks_pct", "Persentase PMKS yang tertangani", "persen", "+", "DINSOS", "outcome", "last"),
    ("sos_rehab_disabilitas", "Jumlah penyandang disabilitas terlantar yang mendapat rehabilitasi sosial", "orang", "+", "DINSOS", "output", "sum"),
    ("sos_permakanan", "Jumlah penerima layanan permakanan", "orang", "+", "DINSOS", "output", "sum"),
    ("sos_alat_bantu", "Jumlah penyandang disabilitas yang mendapat alat bantu", "orang", "+", "DINSOS", "output", "sum"),
    ("sos_pmks_lain", "Jumlah PMKS lainnya yang mendapat rehabilitasi sosial", "orang", "+", "DINSOS", "output", "sum"),
    ("sos_bimbingan", "Jumlah PMKS lainnya yang mendapat bimbingan sosial", "orang", "+", "DINSOS", "output", "sum"),
    ("sos_kpm_pct", "Persentase keluarga penerima manfaat yang mendapat bantuan sosial tepat waktu", "persen", "+", "DINSOS", "outcome", "last"),
    ("sos_bansos_kk", "Jumlah keluarga penerima bantuan sosial", "KK", "+", "DINSOS", "output", "sum"),
    ("sos_bansos_pangan", "Jumlah keluarga miskin yang menerima bantuan pangan", "KK", "+", "DINSOS", "output", "sum"),
    ("sos_bansos_bencana", "Jumlah korban bencana yang menerima bantuan sosial", "jiwa", "+", "DINSOS", "output", "sum"),
    ("sos_bencana_pct", "Persentase korban bencana yang menerima bantuan sosial selama masa tanggap darurat", "persen", "+", "DINSOS", "outcome", "last"),
    ("sos_bencana_kk", "Jumlah keluarga korban bencana yang menerima bantuan", "KK", "+", "DINSOS", "output", "sum"),
    ("sos_makanan", "Jumlah paket makanan yang disalurkan", "paket", "+", "DINSOS", "output", "sum"),
    ("sos_sandang", "Jumlah paket sandang yang disalurkan", "paket", "+", "DINSOS", "output", "sum"),
    ("pu_jalan_mantap", "Persentase jalan kabupaten dalam kondisi mantap", "persen", "+", "DPUPR", "outcome", "last"),
    ("pu_jalan_ditangani", "Panjang jalan kabupaten yang ditangani", "km", "+", "DPUPR", "output", "sum"),
    ("pu_rehab", "Panjang jalan yang direhabilitasi", "km", "+", "DPUPR", "output", "sum"),
    ("pu_pemeliharaan", "Panjang jalan yang dipelihara secara rutin", "km", "+", "DPUPR", "output", "sum"),
    ("pu_irigasi_baik", "Persentase jaringan irigasi dalam kondisi baik", "persen", "+", "DPUPR", "outcome", "last"),
    ("pu_irigasi", "Panjang saluran irigasi yang direhabilitasi", "m", "+", "DPUPR", "output", "sum"),
]  # fmt: skip


def write_reference(raw_dir: Path) -> Path:
    """Write ``reference/`` with the OPDs and indicators the forms name (and the default bands)."""
    reference = raw_dir / "reference"
    reference.mkdir(parents=True, exist_ok=True)
    pillar = {code: p for code, _, _, p in OPD}
    pd.DataFrame(OPD, columns=["opd_code", "name", "aliases", "pillar"]).to_csv(
        reference / "opd.csv", index=False
    )
    frame = pd.DataFrame(
        INDICATORS,
        columns=["indicator_code", "name", "unit", "polarity", "opd_code", "kind", "accumulation"],
    )
    frame = frame.assign(pillar=frame["opd_code"].map(pillar), source="E.81", break_year="")
    frame.to_csv(reference / "indicators.csv", index=False)
    return reference


def indicator_name(code: str) -> str:
    """The catalogue name of an indicator code of :data:`INDICATORS`."""
    return next(name for c, name, *_ in INDICATORS if c == code)


N = indicator_name  # short, for the row lists below


# --------------------------------------------------------------------------- writing helpers
def _flat(values: Iterable[object]) -> list[object]:
    """Values with (K, Rp) pairs and (K, %, Rp) triples spread into consecutive cells."""
    out: list[object] = []
    for value in values:
        out.extend(value if isinstance(value, tuple) else [value])
    return out


def put(sheet: Worksheet, row: int, column: str, values: Sequence[object]) -> None:
    """Write ``values`` from ``column`` rightwards on ``row``; None leaves the cell empty."""
    start = column_index_from_string(column)
    for offset, value in enumerate(_flat(values)):
        if value is not None:
            sheet.cell(row, start + offset, value)


def texts(sheet: Worksheet, cells: dict[str, str], merges: Iterable[str] = ()) -> None:
    """Write header texts at their cells and merge the ranges."""
    for ref, text in cells.items():
        sheet[ref] = text
    for ref in merges:
        sheet.merge_cells(ref)


def _new(sheet_title: str) -> tuple[openpyxl.Workbook, Worksheet]:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title
    return book, sheet


def _target(raw_dir: Path, quarter: int, name: str) -> Path:
    folder = raw_dir / str(YEAR) / f"TW{quarter}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def save(
    book: openpyxl.Workbook, path: Path, cached: dict[str, dict[str, float]] | None = None
) -> Path:
    """Save; ``cached`` gives formula cells their cached result ({sheet title: {cell: value}}).

    openpyxl writes a formula as ``<f>..</f><v/>`` (no cached value, as a file saved by a tool
    that never calculated); Excel saves ``<v>result</v>`` beside it. The cells named in
    ``cached`` get that value written into the sheet XML; other formula cells keep none.
    """
    book.save(path)
    if not cached:
        return path
    sheet_files = {s.title: f"xl/worksheets/sheet{i}.xml" for i, s in enumerate(book.worksheets, 1)}
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    for title, values in cached.items():
        xml = parts[sheet_files[title]].decode()
        for ref, value in values.items():
            pattern = re.compile(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/>')
            xml, count = pattern.subn(rf"\g<1>\g<2><v>{value!r}</v>", xml)
            assert count == 1, f"no formula cell {title}!{ref}"
        parts[sheet_files[title]] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _pairs(first: str, labels: Sequence[str], row: int, *, width: int = 2) -> dict[str, str]:
    """Labels at the first cell of consecutive groups of ``width`` columns from ``first``
    (the quarter labels over their K / Rp columns; :func:`_group_merges` merges the groups)."""
    start = column_index_from_string(first)
    return {f"{letter(start + width * i)}{row}": label for i, label in enumerate(labels)}


def letter(index: int) -> str:
    """The Excel column letter of a 1-based column number."""
    return openpyxl.utils.get_column_letter(index)


def _sub_labels(first: str, last: str, row: int, labels: Sequence[str]) -> dict[str, str]:
    """``labels`` repeated over the columns first..last of ``row`` (K, Rp, K, Rp, ...)."""
    start, end = column_index_from_string(first), column_index_from_string(last)
    return {f"{letter(c)}{row}": labels[(c - start) % len(labels)] for c in range(start, end + 1)}


def _group_merges(first: str, row: int, groups: int, *, width: int = 2) -> list[str]:
    start = column_index_from_string(first)
    return [
        f"{letter(start + width * g)}{row}:{letter(start + width * g + width - 1)}{row}"
        for g in range(groups)
    ]


def _signature(sheet: Worksheet, row: int, column: str, lines: Sequence[str | None]) -> None:
    for offset, line in enumerate(lines):
        if line is not None:
            sheet[f"{column}{row + offset}"] = line


# --------------------------------------------------------------------------- class 1
def write_full_e81(raw_dir: Path) -> Path:
    """Class 1: the full Permendagri 86/2017 E.81 (DINKES, TW III 2025).

    Renstra target and realisation to last year left of the year's Renja target; quarters I..IV
    (K, Rp); year realisation, achievement, Renstra realisation and achievement, unit, remarks.
    Header rows 6-8, column numbers in row 9; programme / kegiatan / sub kegiatan rows named by
    their prefix, the first two carrying subtotals; averages, predikat and signature below.
    """
    book, ws = _new("E.81")
    put(ws, 1, "A", ["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"])
    put(ws, 2, "A", ["PERANGKAT DAERAH : DINAS KESEHATAN KABUPATEN PROBOLINGGO"])
    put(ws, 3, "A", ["PERIODE PELAKSANAAN : TRIWULAN III TAHUN 2025"])
    head = {
        "A6": "No", "B6": "Sasaran", "C6": "Program/Kegiatan", "D6": INDICATOR, "E6": "Satuan",
        "F6": RENSTRA_TARGET, "H6": RENSTRA_PRIOR, "J6": RENJA_TARGET, "L6": QUARTERS_GROUP,
        "T6": YEAR_REAL, "V6": YEAR_PCT, "X6": RENSTRA_REAL, "Z6": RENSTRA_PCT,
        "AB6": UNIT_PD, "AC6": "Keterangan",
        **_pairs("L", ["I", "II", "III", "IV"], 7), **_sub_labels("F", "AA", 8, ["K", "Rp"]),
        "A9": "1", "B9": "2", "C9": "3", "D9": "4", "E9": "5", "F9": "6", "H9": "7", "J9": "8",
        "L9": "9", "N9": "10", "P9": "11", "R9": "12", "T9": SUM_13, "V9": "14 = 13/8 x 100%",
        "X9": "15 = 7 + 13", "Z9": "16 = 15/6 x 100%", "AB9": "17", "AC9": "18",
    }  # fmt: skip
    merges = [f"{c}6:{c}8" for c in ("A", "B", "C", "D", "E", "AB", "AC")]
    merges += [f"{a}6:{b}7" for a, b in (("F", "G"), ("H", "I"), ("J", "K"), ("T", "U"))]
    merges += [f"{a}6:{b}7" for a, b in (("V", "W"), ("X", "Y"), ("Z", "AA"))]
    merges += ["L6:S6", *_group_merges("L", 7, 4), *_group_merges("F", 9, 11)]
    texts(ws, head, merges)
    bidang_kesmas, seksi_kia, seksi_yankes = (
        "Bidang Kesehatan Masyarakat", "Seksi Kesehatan Keluarga", "Seksi Pelayanan Kesehatan",
    )  # fmt: skip
    # No, Sasaran, Program/Kegiatan, Indikator, Satuan, Renstra, s/d 2024, Renja 2025,
    # TW I..IV, 13, 14, 15, 16, unit, keterangan; (K, Rp) pairs
    rows = {
        10: ["1", "Meningkatnya derajat kesehatan ibu dan anak",
             "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
             N("kes_bumil_pct"), "persen", (100, 60_000_000_000), (92, 35_000_000_000),
             (95, 4_800_000_000), (90, 950_000_000), (93, 1_200_000_000), (94, 1_280_000_000),
             (None, None), (94, 3_430_000_000), (98.95, 71.46), (94, 38_430_000_000), (94, 64.05),
             bidang_kesmas],
        11: ["1.1", None, "Kegiatan Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan "
             "Tingkat Daerah Kabupaten/Kota", N("kes_bumil_layanan"), "orang",
             (90_000, 50_000_000_000), (70_000, 29_000_000_000), (18_000, 4_000_000_000),
             (4_200, 800_000_000), (4_500, 1_000_000_000), (4_600, 1_100_000_000), (None, None),
             (13_300, 2_900_000_000), (73.89, 72.5), (83_300, 31_900_000_000), (92.56, 63.8),
             bidang_kesmas],
        12: ["1.1.1", None, "Sub Kegiatan Pengelolaan Pelayanan Kesehatan Ibu Bersalin",
             N("kes_bersalin"), "orang", (85_000, 30_000_000_000), (66_000, 17_000_000_000),
             (17_500, 2_500_000_000), (4_100, 500_000_000), (4_300, 650_000_000),
             (4_400, 700_000_000), (None, None), (12_800, 1_850_000_000), (73.14, 74.0),
             (78_800, 18_850_000_000), (92.71, 62.83), seksi_kia],
        13: ["1.1.2", None, "Sub Kegiatan Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir",
             N("kes_bayi_baru_lahir"), "orang", (85_000, 20_000_000_000),
             (65_500, 12_000_000_000), (17_400, 1_500_000_000), (4_000, 300_000_000),
             (4_250, 350_000_000), (4_350, 400_000_000), (None, None), (12_600, 1_050_000_000),
             (72.41, 70.0), (78_100, 13_050_000_000), (91.88, 65.25), seksi_kia],
        14: ["1.2", None, "Kegiatan Peningkatan Mutu Pelayanan Fasilitas Kesehatan",
             N("kes_puskesmas_akreditasi"), "persen", (100, 10_000_000_000), (80, 6_000_000_000),
             (90, 800_000_000), (85, 150_000_000), (85, 200_000_000), (88, 180_000_000),
             (None, None), (88, 530_000_000), (97.78, 66.25), (88, 6_530_000_000), (88, 65.3),
             seksi_yankes],
        15: ["1.2.1", None, "Sub Kegiatan Pembinaan Mutu Pelayanan Puskesmas",
             N("kes_pembinaan_mutu"), "kali", (200, 10_000_000_000), (150, 6_000_000_000),
             (40, 800_000_000), (10, 150_000_000), (12, 200_000_000), (9, 180_000_000),
             (None, None), (31, 530_000_000), (77.5, 66.25), (181, 6_530_000_000), (90.5, 65.3),
             seksi_yankes],
    }  # fmt: skip
    for r, values in rows.items():
        put(ws, r, "A", values)
    ws.merge_cells("B10:B15")
    put(ws, 17, "A", ["Rata-rata capaian kinerja (%)"])
    put(ws, 17, "V", [82.28])
    put(ws, 18, "A", ["Predikat kinerja"])
    put(ws, 18, "V", ["Tinggi"])
    _signature(ws, 20, "AB", ["Probolinggo, 10 Oktober 2025", "Kepala Dinas Kesehatan",
                              "Kabupaten Probolinggo", None, None, "dr. Contoh Nama, M.Kes",
                              "NIP. 19700101 199001 1 001"])  # fmt: skip
    return save(book, _target(raw_dir, 3, "Evaluasi_Renja_Dinkes_TW3_2025.xlsx"))


# --------------------------------------------------------------------------- class 2
def write_e79_wording(raw_dir: Path) -> Path:
    """Class 2: E.79 wording in an agency file (BAPPEDALITBANG, TW II 2025).

    RPJMD for Renstra, RKPD for Renja, "(Tahun n-1)" naming the year evaluated and "(n-2)" the
    year before; one Kode column ("5.01.02.2.01.0001") whose length gives the level, urusan and
    bidang rows carrying subtotals too; no Satuan column.
    """
    book, ws = _new("TW II")
    put(ws, 1, "A", ["EVALUASI TERHADAP HASIL RKPD"])
    put(ws, 2, "A", ["KABUPATEN PROBOLINGGO"])
    put(ws, 3, "A", ["Perangkat Daerah : Badan Perencanaan Pembangunan, Penelitian dan "
                     "Pengembangan Daerah (BAPPEDALITBANG)"])  # fmt: skip
    put(ws, 4, "A", ["TRIWULAN II TAHUN 2025"])
    head = {
        "A5": "No", "B5": "Sasaran", "C5": "Kode", "D5": PROGRAMME.replace("/Sub Kegiatan", ""),
        "E5": "Indikator Kinerja Program (outcome)/ Kegiatan (output)",
        "F5": "Target RPJMD Kabupaten pada Tahun 2026 (Akhir Periode RPJMD)",
        "H5": "Realisasi Capaian Kinerja RPJMD Kabupaten sampai dengan RKPD Kabupaten Tahun Lalu (n-2)",
        "J5": RKPD_TARGET, "L5": "Realisasi Kinerja Pada Triwulan",
        "T5": "Realisasi Capaian Kinerja dan Anggaran RKPD Kabupaten yang Dievaluasi",
        "V5": "Tingkat Capaian Kinerja dan Realisasi Anggaran RKPD Kabupaten yang Dievaluasi (%)",
        "X5": "Realisasi Kinerja dan Anggaran RPJMD Kabupaten s/d Tahun 2025 (Akhir Tahun Pelaksanaan RKPD)",
        "Z5": "Tingkat Capaian Kinerja dan Realisasi Anggaran RPJMD Kabupaten s/d Tahun 2025 (%)",
        "AB5": "Perangkat Daerah Penanggung Jawab", "AC5": "Keterangan",
        **_pairs("L", ["I", "II", "III", "IV"], 6), **_sub_labels("F", "AA", 7, ["K", "Rp"]),
        "A8": "1", "B8": "2", "C8": "3", "D8": "4", "E8": "5", "F8": "6", "H8": "7", "J8": "8",
        "L8": "9", "N8": "10", "P8": "11", "R8": "12", "T8": "13 = 9+10+11+12",
        "V8": "14 = 13/8 x 100%", "X8": "15 = 7 + 13", "Z8": "16 = 15/6 x 100%", "AB8": "17",
        "AC8": "18",
    }  # fmt: skip
    merges = [f"{c}5:{c}7" for c in ("A", "B", "C", "D", "E", "AB", "AC")]
    merges += [f"{a}5:{b}6" for a, b in (("F", "G"), ("H", "I"), ("J", "K"), ("T", "U"))]
    merges += [f"{a}5:{b}6" for a, b in (("V", "W"), ("X", "Y"), ("Z", "AA"))]
    merges += ["L5:S5", *_group_merges("L", 6, 4)]
    texts(ws, head, merges)
    pd_unit = "Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah"
    # urusan and bidang rows: the programme's Rp (RPJMD, s/d n-2, RKPD n-1, TW I, TW II, 13)
    subtotal = [(None, 25_000_000_000), (None, 14_000_000_000), (None, 3_000_000_000),
                (None, 400_000_000), (None, 900_000_000), (None, None), (None, None),
                (None, 1_300_000_000)]  # fmt: skip
    # No, Sasaran, Kode, Urusan/Program, Indikator, RPJMD, s/d n-2, RKPD n-1, TW I..IV, 13, 14,
    # 15, 16, PD, keterangan; (K, Rp) pairs
    rows = {
        9: [None, None, "5", "UNSUR PENUNJANG URUSAN PEMERINTAHAN", None, *subtotal],
        10: [None, None, "5.01", "PERENCANAAN", None, *subtotal],
        11: ["1", "Meningkatnya kualitas perencanaan pembangunan daerah", "5.01.02",
             "PROGRAM PERENCANAAN, PENGENDALIAN DAN EVALUASI PEMBANGUNAN DAERAH",
             N("bap_dok_tepat_waktu"), (100, 25_000_000_000), (100, 14_000_000_000),
             (100, 3_000_000_000), (50, 400_000_000), (75, 900_000_000), (None, None),
             (None, None), (75, 1_300_000_000), (75, 43.33), (75, 15_300_000_000), (75, 61.2),
             pd_unit],
        12: [None, None, "5.01.02.2.01", "Penyusunan Perencanaan dan Pendanaan",
             N("bap_dok_rkpd"), (15, 15_000_000_000), (9, 8_000_000_000), (3, 1_800_000_000),
             (1, 250_000_000), (1, 550_000_000), (None, None), (None, None), (2, 800_000_000),
             (66.67, 44.44), (11, 8_800_000_000), (73.33, 58.67), pd_unit],
        13: [None, None, "5.01.02.2.01.0001",
             "Analisis Data dan Informasi Perencanaan Pembangunan Daerah", N("bap_analisis"),
             (5, 6_000_000_000), (3, 3_500_000_000), (1, 700_000_000), (0, 100_000_000),
             (1, 200_000_000), (None, None), (None, None), (1, 300_000_000), (100, 42.86),
             (4, 3_800_000_000), (80, 63.33), pd_unit],
        14: [None, None, "5.01.02.2.01.0002", "Penyelenggaraan Musrenbang RKPD",
             N("bap_musrenbang"), (10, 9_000_000_000), (6, 4_500_000_000), (2, 1_100_000_000),
             (1, 150_000_000), (0, 350_000_000), (None, None), (None, None), (1, 500_000_000),
             (50, 45.45), (7, 5_000_000_000), (70, 55.56), pd_unit],
        15: [None, None, "5.01.02.2.02", "Pengendalian, Evaluasi dan Pelaporan",
             N("bap_laporan_evaluasi"), (20, 10_000_000_000), (12, 6_000_000_000),
             (4, 1_200_000_000), (1, 150_000_000), (1, 350_000_000), (None, None), (None, None),
             (2, 500_000_000), (50, 41.67), (14, 6_500_000_000), (70, 65.0), pd_unit],
        16: [None, None, "5.01.02.2.02.0003", "Evaluasi Pelaksanaan Renja Perangkat Daerah",
             N("bap_evaluasi_renja"), (40, 10_000_000_000), (24, 6_000_000_000),
             (8, 1_200_000_000), (2, 150_000_000), (2, 350_000_000), (None, None), (None, None),
             (4, 500_000_000), (50, 41.67), (28, 6_500_000_000), (70, 65.0), pd_unit],
    }  # fmt: skip
    for r, values in rows.items():
        put(ws, r, "A", values)
    ws.merge_cells("B11:B16")
    put(ws, 18, "D", ["Rata-rata capaian kinerja (%)"])
    put(ws, 18, "V", [65.28])
    put(ws, 19, "D", ["Predikat kinerja"])
    put(ws, 19, "V", ["Rendah"])
    _signature(ws, 21, "AB", ["Kepala Badan Perencanaan Pembangunan, Penelitian dan "
                              "Pengembangan Daerah", None, None, "Contoh Nama, S.T., M.Si.",
                              "NIP. 19750505 200003 1 002"])  # fmt: skip
    return save(book, _target(raw_dir, 2, "Evaluasi_RKPD_Bappedalitbang_TW2_2025.xlsx"))


# --------------------------------------------------------------------------- class 3
def write_header_band(raw_dir: Path) -> Path:
    """Class 3: a 4-row header band with K / % / Rp under each quarter (DINSOS, TW II 2025).

    Quarters labelled "TW 1".."TW 4"; the column-number row (with "6a", "6b") sits ABOVE the
    K / % / Rp row; % is the cumulative share of the year's target as a fraction (0.25) in a
    percent format.
    """
    book, ws = _new("Evaluasi Renja")
    put(ws, 1, "A", ["EVALUASI RENJA PERANGKAT DAERAH TRIWULAN II TAHUN 2025"])
    put(ws, 2, "A", ["PERANGKAT DAERAH : DINAS SOSIAL"])
    head = {
        "A4": "No", "B4": "Kode", "C4": "Program / Kegiatan / Sub Kegiatan",
        "D4": "Indikator Kinerja", "E4": "Satuan", "F4": RENJA_TARGET, "H4": QUARTERS_GROUP,
        "T4": "Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi",
        "V4": "Tingkat Capaian Kinerja (%)", "W4": "Keterangan",
        **_pairs("H", ["TW 1", "TW 2", "TW 3", "TW 4"], 5, width=3),
        "A6": "1", "B6": "2", "C6": "3", "D6": "4", "E6": "5", "F6": "6a", "G6": "6b",
        "H6": "7", "K6": "8", "N6": "9", "Q6": "10", "T6": "11 = 7 + 8 + 9 + 10",
        "V6": "12 = 11/6a x 100%", "W6": "13",
        "F7": "K", "G7": "Rp", **_sub_labels("H", "S", 7, ["K", "%", "Rp"]), "T7": "K",
        "U7": "Rp",
    }  # fmt: skip
    merges = [f"{c}4:{c}5" for c in ("A", "B", "C", "D", "E", "V", "W")]
    merges += ["F4:G5", "H4:S4", "T4:U5", *_group_merges("H", 5, 4, width=3)]
    merges += [*_group_merges("H", 6, 4, width=3), "T6:U6"]
    texts(ws, head, merges)
    # No, Kode, Program, Indikator, Satuan, target (K, Rp), TW 1..4 (K, %, Rp), 11 (K, Rp), 12
    rows = {
        8: ["1", "1.06.02", "PROGRAM REHABILITASI SOSIAL", N("sos_pmks_pct"), "persen",
            (80, 1_500_000_000), (20, 0.25, 300_000_000), (45, 0.5625, 450_000_000),
            (None, None, None), (None, None, None), (45, 750_000_000), 0.5625],
        9: [None, "1.06.02.2.01", "Rehabilitasi Sosial Dasar Penyandang Disabilitas Terlantar, "
            "Anak Terlantar, Lanjut Usia Terlantar, serta Gelandangan Pengemis di Luar Panti "
            "Sosial", N("sos_rehab_disabilitas"), "orang", (120, 900_000_000),
            (30, 0.25, 200_000_000), (36, 0.55, 250_000_000), (None, None, None),
            (None, None, None), (66, 450_000_000), 0.55],
        10: [None, "1.06.02.2.01.0001", "Penyediaan Permakanan", N("sos_permakanan"), "orang",
             (100, 600_000_000), (25, 0.25, 150_000_000), (30, 0.55, 150_000_000),
             (None, None, None), (None, None, None), (55, 300_000_000), 0.55],
        11: [None, "1.06.02.2.01.0002", "Penyediaan Alat Bantu", N("sos_alat_bantu"), "orang",
             (20, 300_000_000), (5, 0.25, 50_000_000), (6, 0.55, 100_000_000),
             (None, None, None), (None, None, None), (11, 150_000_000), 0.55],
        12: [None, "1.06.02.2.02", "Rehabilitasi Sosial Penyandang Masalah Kesejahteraan Sosial "
             "(PMKS) Lainnya", N("sos_pmks_lain"), "orang", (60, 600_000_000),
             (15, 0.25, 100_000_000), (15, 0.5, 200_000_000), (None, None, None),
             (None, None, None), (30, 300_000_000), 0.5],
        13: [None, "1.06.02.2.02.0001", "Pemberian Bimbingan Sosial Kepada PMKS Lainnya",
             N("sos_bimbingan"), "orang", (60, 600_000_000), (15, 0.25, 100_000_000),
             (15, 0.5, 200_000_000), (None, None, None), (None, None, None), (30, 300_000_000),
             0.5],
    }  # fmt: skip
    for r, values in rows.items():
        put(ws, r, "A", values)
        for column in ("I", "L", "O", "R", "V"):
            ws[f"{column}{r}"].number_format = "0%"
    _signature(ws, 15, "T", ["Kepala Dinas Sosial", None, None, "Contoh Nama, S.Sos.",
                             "NIP. 19720202 199803 2 004"])  # fmt: skip
    return save(book, _target(raw_dir, 2, "dinsos_tw2_2025.xlsx"))


#: The blank official E.81 as cells: {cell: text} (0-based row, column), and merges as
#: (first row, last row, first column, last column), all 0-based (xlwt's and xlrd's order).
#: The quarters are typed "I ", "Il ", "Ill ", "IV " (lowercase L, trailing spaces) as in the
#: form agencies download.
def _blank_e81_cells() -> tuple[dict[tuple[int, int], str], list[tuple[int, int, int, int]]]:
    cells: dict[tuple[int, int], str] = {
        (0, 0): "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH LINGKUP KABUPATEN/KOTA",
        (1, 0): "Renja Perangkat Daerah Kabupaten/Kota ..........",
        (2, 0): "Periode Pelaksanaan: ..........",
        (3, 0): "Indikator dan target kinerja Perangkat Daerah Kabupaten/kota yang mengacu pada "
        "sasaran RKPD Kabupaten/kota: ..........",
    }
    groups = [
        (0, 1, "No"), (1, 1, "Sasaran"), (2, 1, "Kode"),
        (3, 1, "Urusan/Bidang Urusan Pemerintahan Daerah Dan Program/ Kegiatan"),
        (4, 1, "Indikator Kinerja Program (outcome)/ Kegiatan (output)"),
        (5, 2, "Target Renstra Perangkat Daerah pada Tahun ...... (akhir periode Renstra Perangkat Daerah)"),
        (7, 2, "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Perangkat Daerah Tahun Lalu (n-2)"),
        (9, 2, "Target kinerja dan anggaran Renja Perangkat Daerah Tahun berjalan (tahun n-1) yang dievaluasi"),
        (11, 8, "Realisasi Kinerja Pada Triwulan"),
        (19, 2, "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang dievaluasi"),
        (21, 2, "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja Perangkat Daerah yang dievaluasi (%)"),
        (23, 2, "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d tahun ...... (Akhir Tahun Pelaksanaan Renja Perangkat Daerah)"),
        (25, 2, "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah s/d tahun ...... (%)"),
        (27, 1, "Unit Perangkat Daerah Penanggung Jawab"), (28, 1, "Keterangan"),
    ]  # fmt: skip
    merges: list[tuple[int, int, int, int]] = []
    for column, width, label in groups:
        cells[(5, column)] = label
        if width == 1:
            merges.append((5, 7, column, column))
        elif width == 2:
            merges.append((5, 6, column, column + 1))
        else:
            merges.append((5, 5, column, column + width - 1))
    for q, label in enumerate(["I ", "Il ", "Ill ", "IV "]):
        cells[(6, 11 + 2 * q)] = label
        merges.append((6, 6, 11 + 2 * q, 12 + 2 * q))
    for column in range(5, 27):
        cells[(7, column)] = "K" if column % 2 else "Rp"
    numbers = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
               "13 = 9+10+11+12", "14 = 13/8 x 100%", "15 = 7 + 13", "16 = 15/6 x 100%"]  # fmt: skip
    for i, number in enumerate(numbers):
        column = i if i < 5 else 5 + 2 * (i - 5)
        cells[(8, column)] = number
        if i >= 5:
            merges.append((8, 8, column, column + 1))
    cells[(8, 27)], cells[(8, 28)] = "17", "18"
    footer = ["Rata-rata capaian kinerja (%)", "Predikat kinerja",
              "Faktor pendorong keberhasilan pencapaian:",
              "Faktor penghambat pencapaian kinerja:",
              "Tindak lanjut yang diperlukan dalam triwulan berikutnya*):",
              "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah Kabupaten/kota berikutnya*):"]  # fmt: skip
    for i, text in enumerate(footer):
        cells[(14 + i, 0)] = text
    return cells, merges


BLANK_E81_CELLS, BLANK_E81_MERGES = _blank_e81_cells()


def write_blank_e81_xls(raw_dir: Path) -> Path:
    """Class 3, blank official E.81 as a real BIFF8 ``.xls`` (the committed fixture, copied)."""
    return Path(shutil.copy(BLANK_E81_XLS, _target(raw_dir, 1, "E81_Dinkes_TW1_2025.xls")))


def write_blank_e79(raw_dir: Path) -> Path:
    """Class 3, blank E.79 header: the K / Rp row sits BELOW the column-number row."""
    book, ws = _new("E.79")
    put(ws, 1, "A", ["EVALUASI TERHADAP HASIL RKPD KABUPATEN/KOTA"])
    put(ws, 2, "A", ["RKPD Kabupaten/kota .........."])
    put(ws, 3, "A", ["Periode Pelaksanaan: .........."])
    head = {
        "A5": "No", "B5": "Sasaran", "C5": "Kode",
        "D5": "Urusan/Bidang Urusan Pemerintahan Daerah Dan Program/ Kegiatan",
        "E5": "Indikator Kinerja Program (outcome)/ Kegiatan (output)",
        "F5": "Target RPJMD Kabupaten/kota pada Tahun ...... (Akhir Periode RPJMD)",
        "H5": "Realisasi Capaian Kinerja RPJMD Kabupaten/kota sampai dengan RKPD Kabupaten/kota Tahun Lalu (n-2)",
        "J5": "Target Kinerja dan Anggaran RKPD Kabupaten/kota Tahun Berjalan (Tahun n-1) yang Dievaluasi",
        "L5": "Realisasi Kinerja Pada Triwulan",
        "T5": "Realisasi Capaian Kinerja dan Anggaran RKPD Kabupaten/kota yang Dievaluasi",
        "V5": "Perangkat Daerah Penanggung Jawab", "W5": "Keterangan",
        **_pairs("L", ["I", "II", "III", "IV"], 6),
        "A7": "1", "B7": "2", "C7": "3", "D7": "4", "E7": "5", "F7": "6a", "G7": "6b",
        "H7": "7", "J7": "8", "L7": "9", "N7": "10", "P7": "11", "R7": "12", "T7": SUM_13,
        "V7": "14", "W7": "15",
        **_sub_labels("F", "U", 8, ["K", "Rp"]),
    }  # fmt: skip
    merges = [f"{c}5:{c}6" for c in ("A", "B", "C", "D", "E", "V", "W")]
    merges += ["F5:G6", "H5:I6", "J5:K6", "L5:S5", "T5:U6", *_group_merges("L", 6, 4)]
    merges += ["H7:I7", "J7:K7", *_group_merges("L", 7, 4), "T7:U7"]
    texts(ws, head, merges)
    put(ws, 14, "A", ["Rata-rata capaian kinerja (%)"])
    put(ws, 15, "A", ["Predikat kinerja"])
    return save(book, _target(raw_dir, 1, "E79_Bappedalitbang_TW1_2025.xlsx"))


# --------------------------------------------------------------------------- class 4
def write_split_codes(raw_dir: Path) -> Path:
    """Class 4: the code split over four text columns under one merged "Kode" (DPUPR, TW III).

    Urusan "1", bidang "03", programme "10", kegiatan "2.01" / sub kegiatan "2.01.0017" as text
    (leading zeros kept); the level shows in how many parts are filled. Quarters labelled
    "Triwulan I".."Triwulan IV". OPD named by a title row without "Perangkat Daerah :".
    """
    book, ws = _new("Renja TW III")
    put(ws, 1, "A", ["LAPORAN EVALUASI RENJA TRIWULAN III TAHUN 2025"])
    put(ws, 2, "A", ["DINAS PEKERJAAN UMUM DAN PENATAAN RUANG"])
    put(ws, 3, "A", ["KABUPATEN PROBOLINGGO"])
    head = {
        "A5": "Kode", "E5": "Program/Kegiatan/Sub Kegiatan", "F5": "Indikator Kinerja",
        "G5": "Satuan", "H5": RENJA_TARGET, "J5": QUARTERS_GROUP,
        "R5": "Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi",
        "T5": "Tingkat Capaian Kinerja dan Realisasi Anggaran (%)", "V5": UNIT_PD,
        "W5": "Keterangan",
        **_pairs("J", ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"], 6),
        **_sub_labels("H", "U", 7, ["K", "Rp"]),
        "A8": "1", "E8": "2", "F8": "3", "G8": "4", "H8": "5", "J8": "6", "L8": "7", "N8": "8",
        "P8": "9", "R8": "10 = 6 + 7 + 8 + 9", "T8": "11 = 10/5 x 100%", "V8": "12", "W8": "13",
    }  # fmt: skip
    merges = ["A5:D7", "E5:E7", "F5:F7", "G5:G7", "V5:V7", "W5:W7", "H5:I6", "J5:Q5"]
    merges += ["R5:S6", "T5:U6", *_group_merges("J", 6, 4), "A8:D8", *_group_merges("H", 8, 7)]
    texts(ws, head, merges)
    bina_marga = "Bidang Bina Marga"
    # Kode (4 parts), Program/Kegiatan, Indikator, Satuan, target, Triwulan I..IV, 10, 11, unit
    rows = {
        9: ["1", "03", None, None, "URUSAN PEMERINTAHAN BIDANG PEKERJAAN UMUM DAN PENATAAN RUANG",
            None, None, (None, 5_000_000_000), (None, 1_000_000_000), (None, 1_500_000_000),
            (None, 1_200_000_000), (None, None), (None, 3_700_000_000)],
        10: ["1", "03", "10", None, "PROGRAM PENYELENGGARAAN JALAN", N("pu_jalan_mantap"),
             "persen", (78, 5_000_000_000), (74, 1_000_000_000), (75, 1_500_000_000),
             (76.5, 1_200_000_000), (None, None), (76.5, 3_700_000_000), (98.08, 74.0),
             bina_marga],
        11: ["1", "03", "10", "2.01", "Penyelenggaraan Jalan Kabupaten/Kota",
             N("pu_jalan_ditangani"), "km", (45, 5_000_000_000), (8, 1_000_000_000),
             (12.5, 1_500_000_000), (10, 1_200_000_000), (None, None), (30.5, 3_700_000_000),
             (67.78, 74.0), bina_marga],
        12: ["1", "03", "10", "2.01.0017", "Rehabilitasi Jalan", N("pu_rehab"), "km",
             (15, 3_500_000_000), (2, 600_000_000), (5, 1_100_000_000), (4.5, 900_000_000),
             (None, None), (11.5, 2_600_000_000), (76.67, 74.29), "Seksi Pembangunan Jalan"],
        13: ["1", "03", "10", "2.01.0033", "Pemeliharaan Rutin Jalan", N("pu_pemeliharaan"),
             "km", (30, 1_500_000_000), (6, 400_000_000), (7.5, 400_000_000),
             (5.5, 300_000_000), (None, None), (19, 1_100_000_000), (63.33, 73.33),
             "Seksi Pemeliharaan Jalan"],
    }  # fmt: skip
    for r, values in rows.items():
        put(ws, r, "A", values)
    put(ws, 15, "E", ["Rata-rata capaian kinerja (%)"])
    put(ws, 15, "T", [76.47])
    put(ws, 16, "E", ["Predikat kinerja"])
    put(ws, 16, "T", ["Tinggi"])
    _signature(ws, 18, "V", ["Kepala Dinas Pekerjaan Umum dan Penataan Ruang", None, None,
                             "Ir. Contoh Nama, M.T.", "NIP. 19680101 199403 1 005"])  # fmt: skip
    return save(book, _target(raw_dir, 3, "DPUPR_TW3_2025.xlsx"))


# --------------------------------------------------------------------------- class 5
def write_hierarchy(raw_dir: Path) -> Path:
    """Class 5: five levels, each carrying the subtotal of the rows under it (DINKES, TW II).

    No code column and No numbers every row: urusan and bidang show their level only by upper
    case, programmes by the prefix "Program", kegiatan only by their sums (a row whose Rp
    equals the sum of the following rows, one of them the sum of a single child).
    """
    book, ws = _new("Renja")
    put(ws, 1, "A", ["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"])
    put(ws, 2, "A", ["PERANGKAT DAERAH : DINAS KESEHATAN"])
    put(ws, 3, "A", ["TRIWULAN II TAHUN 2025"])
    head = {
        "A5": "No", "B5": PROGRAMME, "C5": INDICATOR, "D5": "Satuan", "E5": RENJA_TARGET,
        "G5": QUARTERS_GROUP, "O5": "Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi",
        "Q5": "Keterangan", **_pairs("G", ["I", "II", "III", "IV"], 6),
        **_sub_labels("E", "P", 7, ["K", "Rp"]),
        "A8": "1", "B8": "2", "C8": "3", "D8": "4", "E8": "5", "G8": "6", "I8": "7", "K8": "8",
        "M8": "9", "O8": "10 = 6 + 7 + 8 + 9", "Q8": "11",
    }  # fmt: skip
    merges = ["A5:A7", "B5:B7", "C5:C7", "D5:D7", "Q5:Q7", "E5:F6", "G5:N5", "O5:P6"]
    merges += [*_group_merges("G", 6, 4), *_group_merges("E", 8, 6)]
    texts(ws, head, merges)
    total = [(None, 1_000_000_000), (None, 210_000_000), (None, 290_000_000), (None, None),
             (None, None), (None, 500_000_000)]  # fmt: skip
    # No, Urusan/Program/Kegiatan, Indikator, Satuan, target, TW I..IV, 10; (K, Rp) pairs
    rows = {
        9: [None, "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR", None, None,
            *total],
        10: [None, "URUSAN PEMERINTAHAN BIDANG KESEHATAN", None, None, *total],
        11: ["1", "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
             N("kes_imunisasi_cakupan"), "persen", (95, 750_000_000), (23.5, 170_000_000),
             (48, 205_000_000), (None, None), (None, None), (48, 375_000_000)],
        12: ["2", "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah "
             "Kabupaten/Kota", N("kes_balita_layanan"), "orang", (2_400, 750_000_000),
             (570, 170_000_000), (590, 205_000_000), (None, None), (None, None),
             (1_160, 375_000_000)],
        13: ["3", "Pengelolaan Pelayanan Kesehatan Balita", N("kes_imunisasi"), "orang",
             (1_800, 400_000_000), (420, 90_000_000), (450, 110_000_000), (None, None),
             (None, None), (870, 200_000_000)],
        14: ["4", "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat", N("kes_gizi"), "orang",
             (600, 350_000_000), (150, 80_000_000), (140, 95_000_000), (None, None),
             (None, None), (290, 175_000_000)],
        15: ["5", "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
             N("kes_nakes_kompeten"), "persen", (85, 250_000_000), (80, 40_000_000),
             (82, 85_000_000), (None, None), (None, None), (82, 125_000_000)],
        16: ["6", "Pengembangan Mutu dan Peningkatan Kompetensi Teknis Sumber Daya Manusia "
             "Kesehatan Tingkat Daerah Kabupaten/Kota", N("kes_pelatihan_jenis"), "jenis",
             (6, 250_000_000), (2, 40_000_000), (1, 85_000_000), (None, None), (None, None),
             (3, 125_000_000)],
        17: ["7", "Peningkatan Kompetensi dan Kualifikasi Sumber Daya Manusia Kesehatan",
             N("kes_sdm_kompetensi"), "orang", (120, 250_000_000), (30, 40_000_000),
             (45, 85_000_000), (None, None), (None, None), (75, 125_000_000)],
    }  # fmt: skip
    for r, values in rows.items():
        put(ws, r, "A", values)
    put(ws, 19, "B", ["Rata-rata capaian kinerja (%)"])
    put(ws, 20, "B", ["Predikat kinerja"])
    _signature(ws, 22, "O", ["Kepala Dinas Kesehatan", None, None, "dr. Contoh Nama, M.Kes",
                             "NIP. 19700101 199001 1 001"])  # fmt: skip
    return save(book, _target(raw_dir, 2, "dinkes_tw2_2025.xlsx"))


# --------------------------------------------------------------------------- class 6
def write_money_scale(raw_dir: Path, *, scale: str = "ribu") -> Path:
    """Class 6: money in thousands, "(Rp ribu)" in the Rp sub-headers (DINSOS, TW I 2025).

    One amount has a decimal (89.750,5 ribu = Rp 89.750.500). ``scale="juta"``: the same
    rupiah in millions, "(Rp juta)" (1.800 juta; 89,7505 juta = Rp 89.750.500).
    """
    per = {"ribu": 1, "juta": 1000}[scale]
    book, ws = _new("TW I")
    put(ws, 1, "A", ["EVALUASI RENJA DINAS SOSIAL"])
    put(ws, 2, "A", ["TRIWULAN I TAHUN 2025"])
    head = {
        "A5": "No", "B5": "Kode", "C5": "Program/Kegiatan", "D5": "Indikator Kinerja",
        "E5": "Satuan", "F5": "Target Renja Tahun 2025", "H5": QUARTERS_GROUP,
        "P5": "Keterangan", **_pairs("H", ["TW I", "TW II", "TW III", "TW IV"], 6),
        **_sub_labels("F", "O", 7, ["K", f"Anggaran (Rp {scale})"]),
        "A8": "1", "B8": "2", "C8": "3", "D8": "4", "E8": "5", "F8": "6", "H8": "7", "J8": "8",
        "L8": "9", "N8": "10", "P8": "11",
    }  # fmt: skip
    merges = [f"{c}5:{c}7" for c in ("A", "B", "C", "D", "E", "P")]
    merges += ["F5:G6", "H5:O5", *_group_merges("H", 6, 4), *_group_merges("F", 8, 5)]
    texts(ws, head, merges)
    rows = {
        9: ["1", "1.06.04", "PROGRAM PERLINDUNGAN DAN JAMINAN SOSIAL", N("sos_kpm_pct"),
            "persen", (90, 2_400_000 / per), (88, 539_750.5 / per)],
        10: [None, "1.06.04.2.01", "Penyaluran Bantuan Sosial", N("sos_bansos_kk"), "KK",
             (5_000, 2_400_000 / per), (1_200, 539_750.5 / per)],
        11: [None, "1.06.04.2.01.0001", "Penyediaan Bantuan Sosial Bagi Keluarga Miskin",
             N("sos_bansos_pangan"), "KK", (4_000, 1_800_000 / per), (1_000, 450_000 / per)],
        12: [None, "1.06.04.2.01.0002", "Penyediaan Bantuan Sosial Bagi Korban Bencana",
             N("sos_bansos_bencana"), "jiwa", (1_000, 600_000 / per), (200, 89_750.5 / per)],
    }  # fmt: skip
    for r, values in rows.items():
        put(ws, r, "A", values)
        for column in ("G", "I"):
            ws[f"{column}{r}"].number_format = "#,##0.0"
    _signature(ws, 14, "M", ["Kepala Dinas Sosial", None, None, "Contoh Nama, S.Sos.",
                             "NIP. 19720202 199803 2 004"])  # fmt: skip
    return save(book, _target(raw_dir, 1, "dinsos_tw1_2025.xlsx"))


# --------------------------------------------------------------------------- class 7
def write_unit_in_k(raw_dir: Path) -> Path:
    """Class 7: the unit is a text column without a header, inside the target's merged "K"
    (BAPPEDALITBANG, TW III 2025): "K" spans E:F, E holds the number and F "persen", "dok"."""
    book, ws = _new("Sheet1")
    put(ws, 1, "A", ["EVALUASI HASIL RENJA TRIWULAN III TAHUN 2025"])
    put(ws, 2, "A", ["PERANGKAT DAERAH : BADAN PERENCANAAN PEMBANGUNAN, PENELITIAN DAN "
                     "PENGEMBANGAN DAERAH"])  # fmt: skip
    head = {
        "A5": "No", "B5": "Kode", "C5": "Program/Kegiatan/Sub Kegiatan",
        "D5": "Indikator Kinerja", "E5": RENJA_TARGET, "H5": QUARTERS_GROUP,
        "P5": "Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi", "R5": "Keterangan",
        "E6": "K", "G6": "Rp", **_pairs("H", ["I", "II", "III", "IV"], 6),
        **_sub_labels("H", "Q", 7, ["K", "Rp"]),
        "A8": "1", "B8": "2", "C8": "3", "D8": "4", "E8": "5", "G8": "6", "H8": "7", "J8": "8",
        "L8": "9", "N8": "10", "P8": "11 = 7 + 8 + 9 + 10", "R8": "12",
    }  # fmt: skip
    merges = ["A5:A7", "B5:B7", "C5:C7", "D5:D7", "R5:R7", "E5:G5", "E6:F7", "G6:G7", "H5:O5"]
    merges += ["P5:Q6", *_group_merges("H", 6, 4), "E8:F8", *_group_merges("H", 8, 5)]
    texts(ws, head, merges)
    # No, Kode, Program, Indikator, target K, unit, target Rp, TW I..IV, 11
    rows = {
        9: ["1", "5.01.03", "PROGRAM PENELITIAN DAN PENGEMBANGAN DAERAH",
            N("bap_kajian_dimanfaatkan"), 80, "persen", 900_000_000, (60, 150_000_000),
            (70, 250_000_000), (75, 200_000_000), (None, None), (75, 600_000_000)],
        10: [None, "5.01.03.2.01", "Penelitian dan Pengembangan Pemerintahan dan Pembangunan "
             "Manusia", N("bap_kajian"), 6, "kajian", 900_000_000, (1, 150_000_000),
             (2, 250_000_000), (2, 200_000_000), (None, None), (5, 600_000_000)],
        11: [None, "5.01.03.2.01.0001", "Penelitian dan Pengembangan Bidang Kependudukan",
             N("bap_kajian_kependudukan"), 2, "dok", 400_000_000, (0, 50_000_000),
             (1, 150_000_000), (1, 100_000_000), (None, None), (2, 300_000_000)],
        12: [None, "5.01.03.2.01.0002", "Penelitian dan Pengembangan Bidang Sosial Budaya",
             N("bap_kajian_sosbud"), 4, "dok", 500_000_000, (1, 100_000_000),
             (1, 100_000_000), (1, 100_000_000), (None, None), (3, 300_000_000)],
    }  # fmt: skip
    for r, values in rows.items():
        put(ws, r, "A", values)
    _signature(ws, 14, "P", ["Kepala Badan", None, None, "Contoh Nama, S.T., M.Si.",
                             "NIP. 19750505 200003 1 002"])  # fmt: skip
    return save(book, _target(raw_dir, 3, "bappedalitbang_tw3_2025.xlsx"))


# --------------------------------------------------------------------------- class 8
def write_footer_blocks(raw_dir: Path) -> Path:
    """Class 8: an E.79-worded agency form with a footer block after each programme (DPUPR,
    TW IV 2025): averages, an unlabelled ratio row full of numbers and "Predikat kinerja" after
    each programme, the all-programme average, narrative rows, the signature block; money in
    "Rp. (000)"; the year's target (5) comes BEFORE the RPJMD target (7)."""
    book, ws = _new("Evaluasi RKPD")
    put(ws, 1, "A", ["EVALUASI HASIL PELAKSANAAN RKPD"])
    put(ws, 2, "A", ["KABUPATEN PROBOLINGGO"])
    put(ws, 3, "A", ["PERANGKAT DAERAH : DINAS PEKERJAAN UMUM DAN PENATAAN RUANG"])
    put(ws, 4, "A", ["TRIWULAN IV TAHUN 2025"])
    rp = "Rp. (000)"
    head = {
        "A6": "No", "B6": "Kode", "C6": "Program/Kegiatan/Sub Kegiatan", "D6": "Indikator Kinerja",
        "E6": RKPD_TARGET, "G6": "Satuan", "H6": "Target RPJMD pada Akhir Periode (2026)",
        "J6": "Realisasi Capaian Kinerja RPJMD s/d RKPD Tahun Lalu (n-2)",
        "L6": "Realisasi Kinerja Pada Triwulan",
        "T6": "Realisasi Capaian Kinerja dan Anggaran RKPD yang Dievaluasi",
        "V6": "Tingkat Capaian Kinerja dan Realisasi Anggaran RKPD yang Dievaluasi (%)",
        "X6": "Keterangan", **_pairs("L", ["I", "II", "III", "IV"], 7),
        **_sub_labels("E", "F", 8, ["K", rp]), **_sub_labels("H", "U", 8, ["K", rp]),
        "V8": "K", "W8": "Rp",
        "A9": "1", "B9": "2", "C9": "3", "D9": "4", "E9": "5", "G9": "6", "H9": "7", "J9": "8",
        "L9": "9", "N9": "10", "P9": "11", "R9": "12", "T9": SUM_13, "V9": PCT_14, "X9": "15",
    }  # fmt: skip
    merges = [f"{c}6:{c}8" for c in ("A", "B", "C", "D", "G", "X")]
    merges += ["E6:F7", "H6:I7", "J6:K7", "L6:S6", "T6:U7", "V6:W7", *_group_merges("L", 7, 4)]
    merges += ["E9:F9", *_group_merges("H", 9, 8)]
    texts(ws, head, merges)
    # No, Kode, Program, Indikator, target (K, Rp), Satuan, RPJMD, s/d n-2, TW I..IV, 13, 14
    rows = {
        10: ["1", "1.03.10", "PROGRAM PENYELENGGARAAN JALAN", N("pu_jalan_mantap"),
             (78, 5_000_000), "persen", (85, 30_000_000), (74, 14_000_000), (74, 1_000_000),
             (75, 1_500_000), (76, 1_200_000), (79, 1_100_000), (79, 4_800_000), (101.28, 96.0)],
        11: [None, "1.03.10.2.01.0017", "Rehabilitasi Jalan", N("pu_rehab"), (15, 3_500_000),
             "km", (75, 20_000_000), (45, 9_000_000), (2, 600_000), (5, 1_100_000),
             (4.5, 900_000), (4, 700_000), (15.5, 3_300_000), (103.33, 94.29)],
        12: [None, "1.03.10.2.01.0033", "Pemeliharaan Rutin Jalan", N("pu_pemeliharaan"),
             (30, 1_500_000), "km", (150, 10_000_000), (90, 5_000_000), (6, 400_000),
             (7.5, 400_000), (5.5, 300_000), (11, 400_000), (30, 1_500_000), (100.0, 100.0)],
        13: [None, None, "Rata-rata capaian kinerja (%)", *[None] * 18, (101.54, 96.76)],
        14: [None, None, None, None, 3, *[None] * 16, (304.61, 290.29)],
        15: [None, None, "Predikat kinerja", *[None] * 18, ("Sangat Tinggi", "Sangat Tinggi")],
        16: ["2", "1.03.12", "PROGRAM PENGELOLAAN SUMBER DAYA AIR (SDA)", N("pu_irigasi_baik"),
             (70, 2_000_000), "persen", (80, 12_000_000), (65, 5_000_000), (66, 300_000),
             (67, 500_000), (68, 600_000), (71, 500_000), (71, 1_900_000), (101.43, 95.0)],
        17: [None, "1.03.12.2.01.0024", "Rehabilitasi Jaringan Irigasi Permukaan",
             N("pu_irigasi"), (2_400, 2_000_000), "m", (12_000, 12_000_000),
             (6_500, 5_000_000), (300, 300_000), (600, 500_000), (700, 600_000),
             (700, 500_000), (2_300, 1_900_000), (95.83, 95.0)],
        18: [None, None, "Rata-rata capaian kinerja (%)", *[None] * 18, (98.63, 95.0)],
        19: [None, None, None, None, 2, *[None] * 16, (197.26, 190.0)],
        20: [None, None, "Predikat kinerja", *[None] * 18, ("Sangat Tinggi", "Sangat Tinggi")],
        22: [None, None, "RATA-RATA CAPAIAN KINERJA SELURUH PROGRAM", *[None] * 18,
             (100.09, 95.88)],
        23: [None, None, "PREDIKAT KINERJA SELURUH PROGRAM", *[None] * 18, "Sangat Tinggi"],
    }  # fmt: skip
    for r, values in rows.items():
        put(ws, r, "A", values)
    narrative = [
        "Faktor pendorong keberhasilan pencapaian: cuaca mendukung pada triwulan IV dan "
        "ketersediaan material.",
        "Faktor penghambat pencapaian kinerja: keterlambatan proses lelang pada triwulan I.",
        "Tindak lanjut yang diperlukan dalam triwulan berikutnya: percepatan proses pengadaan.",
        "Tindak lanjut yang diperlukan dalam RKPD kabupaten berikutnya: penjadwalan lelang "
        "lebih awal.",
    ]
    for r, text in enumerate(narrative, start=25):
        ws[f"A{r}"] = text
        ws.merge_cells(f"A{r}:X{r}")
    _signature(ws, 30, "T", ["Probolinggo, 15 Januari 2026",
                             "KEPALA DINAS PEKERJAAN UMUM DAN PENATAAN RUANG",
                             "KABUPATEN PROBOLINGGO", None, None, "Ir. Contoh Nama, M.T.",
                             "Pembina Utama Muda", "NIP. 19680101 199403 1 005"])  # fmt: skip
    return save(book, _target(raw_dir, 4, "Evaluasi RKPD DPUPR TW IV 2025.xlsx"))


# --------------------------------------------------------------------------- class 9
def write_label_row(raw_dir: Path) -> Path:
    """Class 9: "Perangkat Daerah : Badan ... (BAPPEDALITBANG)" as a merged row inside the table,
    under the column numbers (TW I 2025); neither the title rows nor the file name name the OPD.
    """
    book, ws = _new("E81")
    put(ws, 1, "A", ["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"])
    put(ws, 2, "A", ["TRIWULAN I TAHUN 2025"])
    head = {
        "A4": "No", "B4": "Kode", "C4": "Program/Kegiatan", "D4": "Indikator Kinerja",
        "E4": "Satuan", "F4": RENJA_TARGET, "H4": QUARTERS_GROUP, "P4": "Keterangan",
        **_pairs("H", ["TW I", "TW II", "TW III", "TW IV"], 5),
        **_sub_labels("F", "O", 6, ["K", "Rp"]),
        "A7": "1", "B7": "2", "C7": "3", "D7": "4", "E7": "5", "F7": "6", "H7": "7", "J7": "8",
        "L7": "9", "N7": "10", "P7": "11",
        "A8": "Perangkat Daerah : Badan Perencanaan Pembangunan, Penelitian dan Pengembangan "
        "Daerah (BAPPEDALITBANG)",
    }  # fmt: skip
    merges = [f"{c}4:{c}6" for c in ("A", "B", "C", "D", "E", "P")]
    merges += ["F4:G5", "H4:O4", *_group_merges("H", 5, 4), *_group_merges("F", 7, 5), "A8:P8"]
    texts(ws, head, merges)
    rows = {
        9: ["1", "5.01.02", "PROGRAM PERENCANAAN, PENGENDALIAN DAN EVALUASI PEMBANGUNAN DAERAH",
            N("bap_dok_tepat_waktu"), "persen", (100, 3_000_000_000), (50, 400_000_000)],
        10: [None, "5.01.02.2.01", "Penyusunan Perencanaan dan Pendanaan", N("bap_dok_rkpd"),
             "dokumen", (3, 3_000_000_000), (1, 400_000_000)],
        11: [None, "5.01.02.2.01.0001", "Analisis Data dan Informasi Perencanaan Pembangunan "
             "Daerah", N("bap_analisis"), "dokumen", (1, 700_000_000), (0, 100_000_000)],
        12: [None, "5.01.02.2.01.0002", "Penyelenggaraan Musrenbang RKPD", N("bap_musrenbang"),
             "laporan", (2, 2_300_000_000), (1, 300_000_000)],
    }  # fmt: skip
    for r, values in rows.items():
        put(ws, r, "A", values)
    _signature(ws, 14, "M", ["Kepala,", None, None, "Contoh Nama, S.T., M.Si.",
                             "NIP. 19750505 200003 1 002"])  # fmt: skip
    return save(book, _target(raw_dir, 1, "E81_TW1_2025.xlsx"))


# --------------------------------------------------------------------------- class 10
#: Class 10's formula cells with the result Excel cached beside them; L10 has none.
HIDDEN_FORM_CACHED = {
    "H10": 1_200_000_000, "J10": 220_000_000, "Q10": 780, "R9": 495_000_000,
    "L11": 155_000_000, "R11": 275_000_000, "T11": 425_000_000,
    "Q13": 6, "R13": 220_000_000, "T13": 280_000_000,
}  # fmt: skip


def write_hidden_and_formulas(raw_dir: Path) -> Path:
    """Class 10: hidden row and columns, helper columns, formulas (DINKES, TW II 2025).

    Columns E:F (the Renstra target) are hidden; row 12 (an obsolete sub kegiatan the agency
    moved elsewhere, not in its kegiatan's sums) is hidden. Formulas carry Excel's cached result
    (:data:`HIDDEN_FORM_CACHED`) except L10 (no cached value: a cell error). I11 is the TEXT
    "=45*5" (a literal formula typed into a text cell). Columns T:U right of the table are the
    agency's helpers, with no header.
    """
    book, ws = _new("TW II")
    put(ws, 1, "A", ["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"])
    put(ws, 2, "A", ["PERANGKAT DAERAH : DINAS KESEHATAN"])
    put(ws, 3, "A", ["TRIWULAN II TAHUN 2025"])
    head = {
        "A5": "No", "B5": "Program/Kegiatan/Sub Kegiatan", "C5": "Indikator Kinerja",
        "D5": "Satuan", "E5": RENSTRA_TARGET, "G5": RENJA_TARGET, "I5": QUARTERS_GROUP,
        "Q5": "Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi", "S5": "Keterangan",
        **_pairs("I", ["I", "II", "III", "IV"], 6), **_sub_labels("E", "R", 7, ["K", "Rp"]),
        "A8": "1", "B8": "2", "C8": "3", "D8": "4", "E8": "5", "G8": "6", "I8": "7", "K8": "8",
        "M8": "9", "O8": "10", "Q8": "11 = 7 + 8 + 9 + 10", "S8": "12",
    }  # fmt: skip
    merges = ["A5:A7", "B5:B7", "C5:C7", "D5:D7", "S5:S7", "E5:F6", "G5:H6", "I5:P5", "Q5:R6"]
    merges += [*_group_merges("I", 6, 4), *_group_merges("E", 8, 7)]
    texts(ws, head, merges)
    # No, Program, Indikator, Satuan, Renstra, target, TW I..IV, 11 (K, Rp), Ket, helpers T, U
    rows = {
        9: ["1", "Program Pencegahan dan Pengendalian Penyakit", N("kes_tb_pct"), "persen",
            (100, 6_000_000_000), (100, 1_200_000_000), (40, 220_000_000), (62, 275_000_000),
            (None, None), (None, None), (62, "=J9+L9+N9+P9")],
        10: ["1.1", "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah "
             "Kabupaten/Kota", N("kes_tb_layanan"), "orang", (10_000, 6_000_000_000),
             (2_000, "=H11+H13"), (300, "=J11+J13"), (480, "=L11+L13"), (None, None),
             (None, None), ("=I10+K10+M10+O10", 495_000_000)],
        11: ["1.1.1", "Pengelolaan Pelayanan Kesehatan Orang Terduga Tuberkulosis",
             N("kes_tb_terduga"), "orang", (9_000, 3_500_000_000), (1_800, 700_000_000),
             ("=45*5", 120_000_000), (430, "=125000000+30000000"), (None, None), (None, None),
             (655, "=J11+L11+N11+P11"), None, "=H11-R11", "ok"],
        12: ["1.1.2", "Pengelolaan Pelayanan Kesehatan Orang dengan HIV (ODHIV)", N("kes_hiv"),
             "orang", (1_500, 1_250_000_000), (300, 250_000_000), (70, 60_000_000),
             (80, 65_000_000), (None, None), (None, None), (150, 125_000_000), None,
             125_000_000, "pindah ke sub kegiatan lain"],
        13: ["1.1.3", "Pengelolaan Surveilans Kesehatan", N("kes_surveilans"), "laporan",
             (60, 2_500_000_000), (12, 500_000_000), (3, 100_000_000), (3, 120_000_000),
             (None, None), (None, None), ("=I13+K13+M13+O13", "=J13+L13+N13+P13"), None,
             "=H13-R13", "ok"],
    }  # fmt: skip
    for r, values in rows.items():
        put(ws, r, "A", values)
    ws["I11"].data_type = "s"  # typed into a text cell: the text "=45*5", not a formula
    ws.row_dimensions[12].hidden = True
    for column in ("E", "F"):
        ws.column_dimensions[column].hidden = True
    put(ws, 15, "B", ["Rata-rata capaian kinerja (%)"])
    _signature(ws, 17, "Q", ["Kepala Dinas Kesehatan", None, None, "dr. Contoh Nama, M.Kes",
                             "NIP. 19700101 199001 1 001"])  # fmt: skip
    path = _target(raw_dir, 2, "dinkes_tw2_2025.xlsx")
    return save(book, path, cached={"TW II": HIDDEN_FORM_CACHED})


# --------------------------------------------------------------------------- class 11
#: Class 11: per quarter sheet, the (K, Rp) realisation of rows 7-10.
QUARTER_SHEETS = {
    "Realisasi TW I": [(100, 150_000_000), (80, 150_000_000), (1_000, 100_000_000),
                       (300, 50_000_000)],
    "Realisasi TW II": [(95, 200_000_000), (120, 200_000_000), (1_500, 120_000_000),
                        (400, 80_000_000)],
    "Realisasi TW III": [(98, 250_000_000), (90, 250_000_000), (1_200, 150_000_000),
                         (350, 100_000_000)],
}  # fmt: skip


def write_period_in_sheets(raw_dir: Path) -> Path:
    """Class 11: one sheet per quarter, the quarter only in the sheet name (DINSOS, 2025 TW III).

    Title: the OPD, the regency and "TAHUN 2025" (no quarter). Each sheet has the same rows and
    the year's target, and ONE realisation column pair (K, Rp) for the sheet's quarter, headed
    "Realisasi Kinerja dan Anggaran" without naming the quarter.
    """
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, realised in QUARTER_SHEETS.items():
        ws = book.create_sheet(title)
        put(ws, 1, "A", ["EVALUASI HASIL RENJA DINAS SOSIAL KABUPATEN PROBOLINGGO"])
        put(ws, 2, "A", ["TAHUN 2025"])
        head = {
            "A4": "No", "B4": "Kode", "C4": "Program/Kegiatan/Sub Kegiatan",
            "D4": "Indikator Kinerja", "E4": "Satuan", "F4": "Target Renja Tahun 2025",
            "H4": "Realisasi Kinerja dan Anggaran", "J4": "Keterangan", "F5": "K", "G5": "Rp",
            "H5": "K", "I5": "Rp", "A6": "1", "B6": "2", "C6": "3", "D6": "4", "E6": "5",
            "F6": "6", "H6": "7", "J6": "8",
        }  # fmt: skip
        merges = [f"{c}4:{c}5" for c in ("A", "B", "C", "D", "E", "J")]
        texts(ws, head, [*merges, "F4:G4", "H4:I4", "F6:G6", "H6:I6"])
        rows = [
            ["1", "1.06.06", "PROGRAM PENANGANAN BENCANA", N("sos_bencana_pct"), "persen",
             (100, 800_000_000)],
            [None, "1.06.06.2.01", "Perlindungan Sosial Korban Bencana Alam dan Sosial "
             "Kabupaten/Kota", N("sos_bencana_kk"), "KK", (400, 800_000_000)],
            [None, "1.06.06.2.01.0001", "Penyediaan Makanan", N("sos_makanan"), "paket",
             (5_000, 500_000_000)],
            [None, "1.06.06.2.01.0002", "Penyediaan Sandang", N("sos_sandang"), "paket",
             (1_500, 300_000_000)],
        ]  # fmt: skip
        for r, (values, done) in enumerate(zip(rows, realised, strict=True), start=7):
            put(ws, r, "A", [*values, done])
        _signature(ws, 12, "H", ["Kepala Dinas Sosial", None, None, "Contoh Nama, S.Sos.",
                                 "NIP. 19720202 199803 2 004"])  # fmt: skip
    return save(book, _target(raw_dir, 3, "Evaluasi Renja Dinsos 2025.xlsx"))


# --------------------------------------------------------------------------- class 12
#: Class 12's shared cells: two indicators, units and values numbered in one cell.
TWO_INDICATORS = "1. Nilai LHE AKIP Perangkat Daerah 2. Indeks Kepuasan Masyarakat"


def write_two_indicators(raw_dir: Path) -> Path:
    """Class 12: two indicators in one cell, their units and values numbered the same way
    ("1. 80 2. 85"), on the programme row (BAPPEDALITBANG, TW IV 2025)."""
    book, ws = _new("Evaluasi")
    put(ws, 1, "A", ["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"])
    put(ws, 2, "A", ["PERANGKAT DAERAH : BAPPEDALITBANG"])
    put(ws, 3, "A", ["TRIWULAN IV TAHUN 2025"])
    head = {
        "A5": "No", "B5": "Kode", "C5": "Program/Kegiatan", "D5": "Indikator Kinerja",
        "E5": "Satuan", "F5": RENJA_TARGET, "H5": QUARTERS_GROUP, "P5": "Keterangan",
        **_pairs("H", ["I", "II", "III", "IV"], 6), **_sub_labels("F", "O", 7, ["K", "Rp"]),
        "A8": "1", "B8": "2", "C8": "3", "D8": "4", "E8": "5", "F8": "6", "H8": "7", "J8": "8",
        "L8": "9", "N8": "10", "P8": "11",
    }  # fmt: skip
    merges = [f"{c}5:{c}7" for c in ("A", "B", "C", "D", "E", "P")]
    merges += ["F5:G6", "H5:O5", *_group_merges("H", 6, 4), *_group_merges("F", 8, 5)]
    texts(ws, head, merges)
    rows = {
        9: ["1", "5.01.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
            TWO_INDICATORS, "1. nilai 2. indeks", ("1. 80 2. 85", 1_000_000_000),
            (None, 200_000_000), ("1. - 2. 82,75", 250_000_000), (None, 250_000_000),
            ("1. 78,52 2. 83,10", 280_000_000)],
        10: [None, "5.01.01.2.02", "Administrasi Keuangan Perangkat Daerah",
             N("bap_lap_keuangan"), "laporan", (4, 1_000_000_000), (1, 200_000_000),
             (1, 250_000_000), (1, 250_000_000), (1, 280_000_000)],
        11: [None, "5.01.01.2.02.0001", "Penyediaan Gaji dan Tunjangan ASN", N("bap_gaji"),
             "orang", (65, 850_000_000), (64, 170_000_000), (64, 210_000_000),
             (63, 215_000_000), (63, 240_000_000)],
        12: [None, "5.01.01.2.02.0005", "Koordinasi dan Penyusunan Laporan Keuangan Akhir Tahun "
             "SKPD", N("bap_lap_akhir"), "laporan", (1, 150_000_000), (0, 30_000_000),
             (0, 40_000_000), (0, 35_000_000), (1, 40_000_000)],
    }  # fmt: skip
    for r, values in rows.items():
        put(ws, r, "A", values)
    _signature(ws, 14, "M", ["Kepala Badan", None, None, "Contoh Nama, S.T., M.Si.",
                             "NIP. 19750505 200003 1 002"])  # fmt: skip
    return save(book, _target(raw_dir, 4, "bappedalitbang_tw4_2025.xlsx"))


# --------------------------------------------------------------------------- class 13
#: Class 13's table as the web export writes it: (Excel row, cells); a cell is text or
#: (text, colspan, rowspan). Numbers are text with dot thousands and decimal commas.
WEB_EXPORT_ROWS: list[tuple[int, list[object]]] = [
    (1, [("EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH", 16, 1)]),
    (2, [("PERANGKAT DAERAH : DINAS KESEHATAN", 16, 1)]),
    (3, [("TRIWULAN I TAHUN 2025", 16, 1)]),
    (4, [("", 16, 1)]),
    (5, [("No", 1, 3), ("Kode", 1, 3), ("Program/Kegiatan/Sub Kegiatan", 1, 3),
         ("Indikator Kinerja", 1, 3), ("Satuan", 1, 3), (RENJA_TARGET, 2, 2),
         ("Realisasi Kinerja Pada Triwulan", 8, 1), ("Keterangan", 1, 3)]),
    (6, [("TW I", 2, 1), ("TW II", 2, 1), ("TW III", 2, 1), ("TW IV", 2, 1)]),
    (7, ["K", "Rp"] * 5),
    (8, ["1", "2", "3", "4", "5", ("6", 2, 1), ("7", 2, 1), ("8", 2, 1), ("9", 2, 1),
         ("10", 2, 1), "11"]),
    (9, ["1", "1.02.02", "PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN "
         "MASYARAKAT", N("kes_bumil_pct"), "persen", "95", "12.450.000.000", "91,50",
         "2.745.600.000", "", "", "", "", "", "", ""]),
    (10, ["", "1.02.02.2.02", "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat "
          "Daerah Kabupaten/Kota", N("kes_bumil_layanan"), "orang", "18.000", "12.450.000.000",
          "4.215", "2.745.600.000", "", "", "", "", "", "", ""]),
    (11, ["", "1.02.02.2.02.0001", "Pengelolaan Pelayanan Kesehatan Ibu Bersalin",
          N("kes_bersalin"), "orang", "17.500", "8.200.000.000", "4.102", "1.845.250.500", "",
          "", "", "", "", "", ""]),
    (12, ["", "1.02.02.2.02.0002", "Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir",
          N("kes_bayi_baru_lahir"), "orang", "17.400", "4.250.000.000", "3.998",
          "900.349.500", "", "", "", "", "", "", ""]),
    (13, [("", 16, 1)]),
    (14, [("", 12, 1), ("Kepala Dinas Kesehatan", 4, 1)]),
    (15, [("", 12, 1), ("dr. Contoh Nama, M.Kes", 4, 1)]),
    (16, [("", 12, 1), ("NIP. 19700101 199001 1 001", 4, 1)]),
]  # fmt: skip


#: Class 13 with a provincial-sized budget: thirteen digits in dot groups, as SIPD prints them.
TRILLION = {
    "12.450.000.000": "2.258.104.054.606",  # subtotals: 1.500.000.000.000 + 758.104.054.606
    "8.200.000.000": "1.500.000.000.000",
    "4.250.000.000": "758.104.054.606",
}


def web_export_html(*, amounts: dict[str, str] | None = None) -> str:
    """The HTML of class 13 as SIPD / e-monev exports write it (Excel opens it as a sheet);
    ``amounts``: cell texts replaced (:data:`TRILLION`)."""
    amounts = amounts or {}
    lines = [
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">',
        '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
        "<title>Evaluasi Renja</title></head>",
        '<body><table border="1">',
    ]
    for _, cells in WEB_EXPORT_ROWS:
        tds = []
        for cell in cells:
            text, colspan, rowspan = cell if isinstance(cell, tuple) else (cell, 1, 1)
            spans = (f' colspan="{colspan}"' if colspan > 1 else "") + (
                f' rowspan="{rowspan}"' if rowspan > 1 else ""
            )
            text = amounts.get(text, text) if isinstance(text, str) else text
            tds.append(f"<td{spans}>{html.escape(str(text))}</td>")
        lines.append(f"<tr>{''.join(tds)}</tr>")
    lines.append("</table></body></html>")
    return "\n".join(lines) + "\n"


def write_web_export_html(raw_dir: Path) -> Path:
    """Class 13: a web export saved as ``.xls`` that is really HTML (DINKES, TW I 2025)."""
    path = _target(raw_dir, 1, "E81_DINKES_TW1_2025.xls")
    path.write_text(web_export_html(), encoding="utf-8")
    return path


def write_web_export_trillion(raw_dir: Path) -> Path:
    """Class 13, a budget in trillions ("2.258.104.054.606") in an HTML web export."""
    path = _target(raw_dir, 1, "E81_DINKES_TW1_2025.xls")
    path.write_text(web_export_html(amounts=TRILLION), encoding="utf-8")
    return path


def write_web_export_mhtml(raw_dir: Path) -> Path:
    """Class 13, MHTML: the same table as a MIME "single file web page" saved as ``.xls``."""
    charset = email.charset.Charset("utf-8")
    charset.body_encoding = email.charset.QP
    page = email.mime.text.MIMEText(web_export_html(), "html", charset)
    page["Content-Location"] = "file:///C:/E81_DINKES_TW1_2025/sheet001.htm"
    message = email.mime.multipart.MIMEMultipart("related", boundary="----=_NextPart_E81")
    message["X-Document-Type"] = "Workbook"
    message.attach(page)
    # Excel and browsers write "MIME-Version" first; the email package puts it second
    head, _, body = message.as_bytes().partition(b"\n\n")
    lines = head.split(b"\n")
    lines.remove(b"MIME-Version: 1.0")
    path = _target(raw_dir, 1, "E81_DINKES_TW1_2025.xls")
    path.write_bytes(b"\n".join([b"MIME-Version: 1.0", *lines]) + b"\n\n" + body)
    return path
