"""Hand-computed expectations for the forms of ``real_forms.py`` (issue 13), one per form.

Every figure is worked out by hand from the cells the builder writes; the arithmetic is in the
comments. Rules (DESIGN §4.1-4.2, issue 13):

- target: the year's target, the Renja / RKPD "tahun berjalan ... yang dievaluasi" K column;
  never the Renstra / RPJMD period target, never the realisation up to last year;
- actual: the year to date at the file's quarter: TW I + ... + TW q of K for ``sum`` indicators,
  the latest K reported up to TW q for ``last`` indicators;
- ceiling / spent: in rupiah, summed over LEAF rows only (the hierarchy rows carry subtotals and
  are not counted again); spent = TW I + ... + TW q of Rp; "Rp. (000)" and "(Rp ribu)" x 1000;
- hidden rows are not read (the form the agency printed and signed does not show them);
- a formula cell is read through the value Excel cached beside it; one without a cached value
  is an error naming its row and column; a literal formula typed as text ("=45*5") counts as
  the value it spells (225);
- blank rows: empty rows between the first row under the header and the last filled row.

Column roles (the letters as Excel shows them): ``row_no``; ``context`` (Sasaran, Tujuan, Visi,
Misi: text, not read as numbers); ``code`` (one column) or ``code_1``..``code_4`` (its parts);
``programme`` (urusan / program / kegiatan / sub kegiatan names); ``label`` (the indicator);
``unit``; ``renstra_target_k/rp`` (the Renstra / RPJMD period target); ``renstra_prior_k/rp``
(its realisation up to last year); ``target_k/rp`` (the year's); ``q1_k``, ``q1_pct``, ``q1_rp``
.. ``q4_*`` (``q_k``/``q_rp``: the quarter of the sheet, class 11); ``year_k/rp`` (the year's
realisation, "13 = 9 + 10 + 11 + 12"); ``year_pct_k/rp`` (its achievement, %);
``renstra_real_k/rp`` and ``renstra_pct_k/rp`` (Renstra realisation to this year and its
achievement); ``responsible_unit``; ``remarks``; ``helper`` (agency's columns right of the table,
no header: not read).

Row classes: ``subtotal`` (hierarchy rows carrying the sums of the rows under them, with or
without an indicator of their own), ``indicator`` (leaf rows: counted in the budget),
``label`` (a label row inside the table), ``footer`` (averages, predikat, ratio rows, totals),
``narrative``, ``signature``, ``hidden``, ``blank``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import real_forms as rf
from openpyxl.utils import column_index_from_string


def quarters(first: str, parts: tuple[str, ...] = ("k", "rp")) -> dict[str, str]:
    """Roles of the four quarter groups from column ``first``: q1_k, q1_rp, q2_k, ..."""
    start = column_index_from_string(first)
    names = [f"q{q}_{p}" for q in range(1, 5) for p in parts]
    return {rf.letter(start + i): name for i, name in enumerate(names)}


@dataclass(frozen=True)
class Form:
    """One hand-built form and what reading it must give."""

    name: str
    klass: str  # the class ("1".."13")
    build: Callable[[Path], Path]
    file: str  # relative to the raw folder
    sheet: str
    opd_code: str
    quarter: int
    header_rows: tuple[int, ...]  # the header band, column-number row included
    number_row: int | None  # the column-number row
    rp_scale: int
    roles: dict[str, str]
    opd_from: str
    period_from: str
    rows: dict[str, tuple[int, ...]]
    #: indicator_code -> (Excel row, target, actual at the file's quarter)
    performance: dict[str, tuple[int, float, float]]
    ceiling: float  # rupiah, leaf rows
    spent: float  # rupiah, leaf rows, to date
    #: subtotal row -> the rows it sums (their Rp add up to its Rp, column by column)
    children: dict[int, tuple[int, ...]] = field(default_factory=dict)
    #: cells holding the header texts the issue quotes, as written
    header_texts: dict[str, str] = field(default_factory=dict)
    merges: tuple[str, ...] = ()
    units: dict[int, str] = field(default_factory=dict)  # row -> unit, where the class is about it
    errors: tuple[tuple[int, str], ...] = ()  # (row, column letter) of cell errors to be named
    year: int = rf.YEAR


RENJA_TARGET = "Target kinerja dan anggaran Renja tahun berjalan (tahun 2025) yang dievaluasi"
QUARTERS_GROUP = "Realisasi kinerja pada triwulan"
FULL_E81_ROLES = {
    "A": "row_no", "B": "context", "C": "programme", "D": "label", "E": "unit",
    "F": "renstra_target_k", "G": "renstra_target_rp", "H": "renstra_prior_k",
    "I": "renstra_prior_rp", "J": "target_k", "K": "target_rp", **quarters("L"),
    "T": "year_k", "U": "year_rp", "V": "year_pct_k", "W": "year_pct_rp",
    "X": "renstra_real_k", "Y": "renstra_real_rp", "Z": "renstra_pct_k", "AA": "renstra_pct_rp",
    "AB": "responsible_unit", "AC": "remarks",
}  # fmt: skip
#: The official E.81 / E.79 order: No, Sasaran, Kode, Urusan/Program, Indikator, no Satuan.
OFFICIAL_ROLES = {
    "A": "row_no", "B": "context", "C": "code", "D": "programme", "E": "label",
    **{k: v for k, v in FULL_E81_ROLES.items() if k not in "ABCDE"},
}  # fmt: skip
#: No, Kode, Program/Kegiatan, Indikator, Satuan, target K/Rp, TW I..IV K/Rp, Keterangan.
PLAIN_ROLES = {
    "A": "row_no", "B": "code", "C": "programme", "D": "label", "E": "unit", "F": "target_k",
    "G": "target_rp", **quarters("H"), "P": "remarks",
}  # fmt: skip

FORMS: list[Form] = [
    Form(
        name="full_e81", klass="1", build=rf.write_full_e81,
        file="2025/TW3/Evaluasi_Renja_Dinkes_TW3_2025.xlsx", sheet="E.81", opd_code="DINKES",
        quarter=3, header_rows=(6, 7, 8, 9), number_row=9, rp_scale=1, roles=FULL_E81_ROLES,
        opd_from="title row 2: 'PERANGKAT DAERAH : DINAS KESEHATAN KABUPATEN PROBOLINGGO'",
        period_from="folder 2025/TW3; title row 3 'PERIODE PELAKSANAAN : TRIWULAN III TAHUN "
        "2025' agrees",
        rows={"subtotal": (10, 11, 14), "indicator": (12, 13, 15), "footer": (17, 18),
              "signature": (20, 21, 22, 25, 26), "blank": (16, 19, 23, 24)},
        performance={
            "kes_bumil_pct": (10, 95, 94),  # last: TW III 94 (TW I 90, TW II 93)
            "kes_bumil_layanan": (11, 18_000, 13_300),  # 4200 + 4500 + 4600
            "kes_bersalin": (12, 17_500, 12_800),  # 4100 + 4300 + 4400
            "kes_bayi_baru_lahir": (13, 17_400, 12_600),  # 4000 + 4250 + 4350
            "kes_puskesmas_akreditasi": (14, 90, 88),  # last: TW III 88
            "kes_pembinaan_mutu": (15, 40, 31),  # 10 + 12 + 9
        },
        # leaves 12, 13, 15: 2.5 + 1.5 + 0.8 = 4.8 billion (= the programme row's K10)
        ceiling=4_800_000_000,
        # row 12: 500 + 650 + 700 = 1850 million; row 13: 300 + 350 + 400 = 1050;
        # row 15: 150 + 200 + 180 = 530; 1850 + 1050 + 530 = 3430 million
        spent=3_430_000_000,
        children={10: (11, 14), 11: (12, 13), 14: (15,)},
        header_texts={"J6": RENJA_TARGET, "L6": QUARTERS_GROUP, "L7": "I", "N7": "II",
                      "P7": "III", "R7": "IV", "J8": "K", "K8": "Rp",
                      "T9": "13 = 9 + 10 + 11 + 12"},
        merges=("J6:K7", "L6:S6", "L7:M7", "B10:B15", "A6:A8"),
    ),
    Form(
        name="e79_wording", klass="2", build=rf.write_e79_wording,
        file="2025/TW2/Evaluasi_RKPD_Bappedalitbang_TW2_2025.xlsx", sheet="TW II",
        opd_code="BAPPEDALITBANG", quarter=2, header_rows=(5, 6, 7, 8), number_row=8,
        rp_scale=1, roles=OFFICIAL_ROLES,
        opd_from="title row 3: 'Perangkat Daerah : Badan Perencanaan Pembangunan, Penelitian "
        "dan Pengembangan Daerah (BAPPEDALITBANG)'",
        period_from="folder 2025/TW2; title row 4 'TRIWULAN II TAHUN 2025' agrees",
        rows={"subtotal": (9, 10, 11, 12, 15), "indicator": (13, 14, 16), "footer": (18, 19),
              "signature": (21, 24, 25), "blank": (17, 20, 22, 23)},
        performance={
            "bap_dok_tepat_waktu": (11, 100, 75),  # last: TW II 75 (TW I 50)
            "bap_dok_rkpd": (12, 3, 2),  # 1 + 1
            "bap_analisis": (13, 1, 1),  # 0 + 1
            "bap_musrenbang": (14, 2, 1),  # 1 + 0
            "bap_laporan_evaluasi": (15, 4, 2),  # 1 + 1
            "bap_evaluasi_renja": (16, 8, 4),  # 2 + 2
        },
        ceiling=3_000_000_000,  # leaves 13, 14, 16: 0.7 + 1.1 + 1.2 billion
        # 13: 100 + 200 = 300 million; 14: 150 + 350 = 500; 16: 150 + 350 = 500; = 1300
        spent=1_300_000_000,
        children={9: (10,), 10: (11,), 11: (12, 15), 12: (13, 14), 15: (16,)},
        header_texts={
            "J5": "Target Kinerja dan Anggaran RKPD Kabupaten Tahun Berjalan (Tahun n-1) yang "
            "Dievaluasi",
            "F5": "Target RPJMD Kabupaten pada Tahun 2026 (Akhir Periode RPJMD)",
            "H5": "Realisasi Capaian Kinerja RPJMD Kabupaten sampai dengan RKPD Kabupaten Tahun "
            "Lalu (n-2)",
        },
        merges=("J5:K6", "L5:S5", "B11:B16"),
    ),
    Form(
        name="header_band", klass="3", build=rf.write_header_band,
        file="2025/TW2/dinsos_tw2_2025.xlsx", sheet="Evaluasi Renja", opd_code="DINSOS",
        quarter=2, header_rows=(4, 5, 6, 7), number_row=6, rp_scale=1,
        roles={"A": "row_no", "B": "code", "C": "programme", "D": "label", "E": "unit",
               "F": "target_k", "G": "target_rp", **quarters("H", ("k", "pct", "rp")),
               "T": "year_k", "U": "year_rp", "V": "year_pct_k", "W": "remarks"},
        opd_from="title row 2: 'PERANGKAT DAERAH : DINAS SOSIAL'",
        period_from="folder 2025/TW2; title row 1 '... TRIWULAN II TAHUN 2025' agrees",
        rows={"subtotal": (8, 9, 12), "indicator": (10, 11, 13), "signature": (15, 18, 19),
              "blank": (14, 16, 17)},
        performance={
            "sos_pmks_pct": (8, 80, 45),  # last: TW 2 45 (the % cell 0.5625 = 45/80)
            "sos_rehab_disabilitas": (9, 120, 66),  # 30 + 36
            "sos_permakanan": (10, 100, 55),  # 25 + 30
            "sos_alat_bantu": (11, 20, 11),  # 5 + 6
            "sos_pmks_lain": (12, 60, 30),  # 15 + 15
            "sos_bimbingan": (13, 60, 30),  # 15 + 15
        },
        ceiling=1_500_000_000,  # leaves 10, 11, 13: 600 + 300 + 600 million
        # 10: 150 + 150 = 300 million; 11: 50 + 100 = 150; 13: 100 + 200 = 300; = 750
        spent=750_000_000,
        children={8: (9, 12), 9: (10, 11), 12: (13,)},
        header_texts={"H5": "TW 1", "K5": "TW 2", "F6": "6a", "G6": "6b", "H7": "K",
                      "I7": "%", "J7": "Rp", "F4": RENJA_TARGET},
        merges=("H5:J5", "H4:S4", "F4:G5"),
    ),
    Form(
        name="blank_e81_xls", klass="3", build=rf.write_blank_e81_xls,
        file="2025/TW1/E81_Dinkes_TW1_2025.xls", sheet="E.81", opd_code="DINKES", quarter=1,
        header_rows=(6, 7, 8, 9), number_row=9, rp_scale=1, roles=OFFICIAL_ROLES,
        opd_from="file name 'E81_Dinkes_TW1_2025.xls' (the title rows name no OPD)",
        period_from="folder 2025/TW1 (the title's 'Periode Pelaksanaan: ..........' is blank)",
        rows={"blank": (10, 11, 12, 13, 14), "footer": (15, 16), "narrative": (17, 18, 19, 20)},
        performance={}, ceiling=0, spent=0,
        header_texts={"L7": "I ", "N7": "Il ", "P7": "Ill ", "R7": "IV ", "L8": "K", "M8": "Rp",
                      "T9": "13 = 9+10+11+12"},
    ),
    Form(
        name="blank_e79", klass="3", build=rf.write_blank_e79,
        file="2025/TW1/E79_Bappedalitbang_TW1_2025.xlsx", sheet="E.79",
        opd_code="BAPPEDALITBANG", quarter=1, header_rows=(5, 6, 7, 8), number_row=7,
        rp_scale=1,
        roles={**{k: v for k, v in OFFICIAL_ROLES.items() if len(k) == 1 and k <= "U"},
               "V": "responsible_unit", "W": "remarks"},
        opd_from="file name 'E79_Bappedalitbang_TW1_2025.xlsx'",
        period_from="folder 2025/TW1",
        rows={"blank": (9, 10, 11, 12, 13), "footer": (14, 15)},
        performance={}, ceiling=0, spent=0,
        header_texts={"F7": "6a", "G7": "6b", "T7": "13 = 9 + 10 + 11 + 12", "F8": "K",
                      "G8": "Rp"},
    ),
    Form(
        name="split_codes", klass="4", build=rf.write_split_codes,
        file="2025/TW3/DPUPR_TW3_2025.xlsx", sheet="Renja TW III", opd_code="DPUPR",
        quarter=3, header_rows=(5, 6, 7, 8), number_row=8, rp_scale=1,
        roles={"A": "code_1", "B": "code_2", "C": "code_3", "D": "code_4", "E": "programme",
               "F": "label", "G": "unit", "H": "target_k", "I": "target_rp", **quarters("J"),
               "R": "year_k", "S": "year_rp", "T": "year_pct_k", "U": "year_pct_rp",
               "V": "responsible_unit", "W": "remarks"},
        opd_from="title row 2: 'DINAS PEKERJAAN UMUM DAN PENATAAN RUANG'",
        period_from="folder 2025/TW3; title row 1 '... TRIWULAN III TAHUN 2025' agrees",
        rows={"subtotal": (9, 10, 11), "indicator": (12, 13), "footer": (15, 16),
              "signature": (18, 21, 22), "blank": (14, 17, 19, 20)},
        performance={
            "pu_jalan_mantap": (10, 78, 76.5),  # last: TW III 76.5
            "pu_jalan_ditangani": (11, 45, 30.5),  # 8 + 12.5 + 10
            "pu_rehab": (12, 15, 11.5),  # 2 + 5 + 4.5
            "pu_pemeliharaan": (13, 30, 19),  # 6 + 7.5 + 5.5
        },
        ceiling=5_000_000_000,  # leaves 12, 13: 3.5 + 1.5 billion
        # 12: 600 + 1100 + 900 = 2600 million; 13: 400 + 400 + 300 = 1100; = 3700
        spent=3_700_000_000,
        children={9: (10,), 10: (11,), 11: (12, 13)},
        header_texts={"A5": "Kode", "J6": "Triwulan I", "P6": "Triwulan IV", "H5": RENJA_TARGET},
        merges=("A5:D7",),
    ),
    Form(
        name="hierarchy", klass="5", build=rf.write_hierarchy,
        file="2025/TW2/dinkes_tw2_2025.xlsx", sheet="Renja", opd_code="DINKES", quarter=2,
        header_rows=(5, 6, 7, 8), number_row=8, rp_scale=1,
        roles={"A": "row_no", "B": "programme", "C": "label", "D": "unit", "E": "target_k",
               "F": "target_rp", **quarters("G"), "O": "year_k", "P": "year_rp", "Q": "remarks"},
        opd_from="title row 2: 'PERANGKAT DAERAH : DINAS KESEHATAN'",
        period_from="folder 2025/TW2; title row 3 'TRIWULAN II TAHUN 2025' agrees",
        # 9 urusan, 10 bidang (upper case), 11 and 15 programmes ("Program ..."), 12 and 16
        # kegiatan (only their sums say so), 13, 14, 17 sub kegiatan
        rows={"subtotal": (9, 10, 11, 12, 15, 16), "indicator": (13, 14, 17),
              "footer": (19, 20), "signature": (22, 25, 26), "blank": (18, 21, 23, 24)},
        performance={
            "kes_imunisasi_cakupan": (11, 95, 48),  # last: TW II 48
            "kes_balita_layanan": (12, 2_400, 1_160),  # 570 + 590
            "kes_imunisasi": (13, 1_800, 870),  # 420 + 450
            "kes_gizi": (14, 600, 290),  # 150 + 140
            "kes_nakes_kompeten": (15, 85, 82),  # last: TW II 82
            "kes_pelatihan_jenis": (16, 6, 3),  # 2 + 1
            "kes_sdm_kompetensi": (17, 120, 75),  # 30 + 45
        },
        ceiling=1_000_000_000,  # leaves 13, 14, 17: 400 + 350 + 250 million
        # 13: 90 + 110 = 200 million; 14: 80 + 95 = 175; 17: 40 + 85 = 125; = 500
        spent=500_000_000,
        children={9: (10,), 10: (11, 15), 11: (12,), 12: (13, 14), 15: (16,), 16: (17,)},
        header_texts={"E5": RENJA_TARGET, "G5": QUARTERS_GROUP},
    ),
    Form(
        name="money_scale", klass="6", build=rf.write_money_scale,
        file="2025/TW1/dinsos_tw1_2025.xlsx", sheet="TW I", opd_code="DINSOS", quarter=1,
        header_rows=(5, 6, 7, 8), number_row=8, rp_scale=1000, roles=PLAIN_ROLES,
        opd_from="title row 1: 'EVALUASI RENJA DINAS SOSIAL'",
        period_from="folder 2025/TW1; title row 2 'TRIWULAN I TAHUN 2025' agrees",
        rows={"subtotal": (9, 10), "indicator": (11, 12), "signature": (14, 17, 18),
              "blank": (13, 15, 16)},
        performance={
            "sos_kpm_pct": (9, 90, 88),
            "sos_bansos_kk": (10, 5_000, 1_200),
            "sos_bansos_pangan": (11, 4_000, 1_000),
            "sos_bansos_bencana": (12, 1_000, 200),
        },
        # leaves 11, 12: (1.800.000 + 600.000) ribu x 1000
        ceiling=2_400_000_000,
        # (450.000 + 89.750,5) ribu x 1000 = 539.750.500 rupiah
        spent=539_750_500,
        children={9: (10,), 10: (11, 12)},
        header_texts={"G7": "Anggaran (Rp ribu)", "F7": "K"},
    ),
    Form(
        name="unit_in_k", klass="7", build=rf.write_unit_in_k,
        file="2025/TW3/bappedalitbang_tw3_2025.xlsx", sheet="Sheet1",
        opd_code="BAPPEDALITBANG", quarter=3, header_rows=(5, 6, 7, 8), number_row=8,
        rp_scale=1,
        roles={"A": "row_no", "B": "code", "C": "programme", "D": "label", "E": "target_k",
               "F": "unit", "G": "target_rp", **quarters("H"), "P": "year_k", "Q": "year_rp",
               "R": "remarks"},
        opd_from="title row 2: 'PERANGKAT DAERAH : BADAN PERENCANAAN PEMBANGUNAN, PENELITIAN "
        "DAN PENGEMBANGAN DAERAH'",
        period_from="folder 2025/TW3; title row 1 '... TRIWULAN III TAHUN 2025' agrees",
        rows={"subtotal": (9, 10), "indicator": (11, 12), "signature": (14, 17, 18),
              "blank": (13, 15, 16)},
        performance={
            "bap_kajian_dimanfaatkan": (9, 80, 75),  # last: TW III 75
            "bap_kajian": (10, 6, 5),  # 1 + 2 + 2
            "bap_kajian_kependudukan": (11, 2, 2),  # 0 + 1 + 1
            "bap_kajian_sosbud": (12, 4, 3),  # 1 + 1 + 1
        },
        ceiling=900_000_000,  # leaves 11, 12: 400 + 500 million
        # 11: 50 + 150 + 100 = 300 million; 12: 100 + 100 + 100 = 300; = 600
        spent=600_000_000,
        children={9: (10,), 10: (11, 12)},
        header_texts={"E6": "K", "G6": "Rp"},
        merges=("E6:F7",),
        units={9: "persen", 10: "kajian", 11: "dok", 12: "dok"},
    ),
    Form(
        name="footer_blocks", klass="8", build=rf.write_footer_blocks,
        file="2025/TW4/Evaluasi RKPD DPUPR TW IV 2025.xlsx", sheet="Evaluasi RKPD",
        opd_code="DPUPR", quarter=4, header_rows=(6, 7, 8, 9), number_row=9, rp_scale=1000,
        roles={"A": "row_no", "B": "code", "C": "programme", "D": "label", "E": "target_k",
               "F": "target_rp", "G": "unit", "H": "renstra_target_k", "I": "renstra_target_rp",
               "J": "renstra_prior_k", "K": "renstra_prior_rp", **quarters("L"),
               "T": "year_k", "U": "year_rp", "V": "year_pct_k", "W": "year_pct_rp",
               "X": "remarks"},
        opd_from="title row 3: 'PERANGKAT DAERAH : DINAS PEKERJAAN UMUM DAN PENATAAN RUANG'",
        period_from="folder 2025/TW4; title row 4 'TRIWULAN IV TAHUN 2025' agrees",
        # 13-15 and 18-20: average, unlabelled ratio row, predikat after each programme;
        # 22-23: all programmes
        rows={"subtotal": (10, 16), "indicator": (11, 12, 17),
              "footer": (13, 14, 15, 18, 19, 20, 22, 23), "narrative": (25, 26, 27, 28),
              "signature": (30, 31, 32, 35, 36, 37), "blank": (21, 24, 29, 33, 34)},
        performance={
            "pu_jalan_mantap": (10, 78, 79),  # last: TW IV 79
            "pu_rehab": (11, 15, 15.5),  # 2 + 5 + 4.5 + 4
            "pu_pemeliharaan": (12, 30, 30),  # 6 + 7.5 + 5.5 + 11
            "pu_irigasi_baik": (16, 70, 71),  # last: TW IV 71
            "pu_irigasi": (17, 2_400, 2_300),  # 300 + 600 + 700 + 700
        },
        # leaves 11, 12, 17: (3.500.000 + 1.500.000 + 2.000.000) x 1000
        ceiling=7_000_000_000,
        # 11: 600 + 1100 + 900 + 700 = 3300 thousand-thousands; 12: 400 + 400 + 300 + 400 = 1500;
        # 17: 300 + 500 + 600 + 500 = 1900; (3.300.000 + 1.500.000 + 1.900.000) x 1000
        spent=6_700_000_000,
        children={10: (11, 12), 16: (17,)},
        header_texts={"F8": "Rp. (000)", "T9": "13 = 9 + 10 + 11 + 12", "V9": "14=13/5 x100%",
                      "E6": "Target Kinerja dan Anggaran RKPD Kabupaten Tahun Berjalan (Tahun "
                      "n-1) yang Dievaluasi"},
        merges=("A25:X25",),
    ),
    Form(
        name="label_row", klass="9", build=rf.write_label_row,
        file="2025/TW1/E81_TW1_2025.xlsx", sheet="E81", opd_code="BAPPEDALITBANG", quarter=1,
        header_rows=(4, 5, 6, 7), number_row=7, rp_scale=1, roles=PLAIN_ROLES,
        opd_from="label row 8 inside the table: 'Perangkat Daerah : Badan Perencanaan "
        "Pembangunan, Penelitian dan Pengembangan Daerah (BAPPEDALITBANG)'",
        period_from="folder 2025/TW1; title row 2 'TRIWULAN I TAHUN 2025' agrees",
        rows={"label": (8,), "subtotal": (9, 10), "indicator": (11, 12),
              "signature": (14, 17, 18), "blank": (13, 15, 16)},
        performance={
            "bap_dok_tepat_waktu": (9, 100, 50),
            "bap_dok_rkpd": (10, 3, 1),
            "bap_analisis": (11, 1, 0),  # a real 0, not missing
            "bap_musrenbang": (12, 2, 1),
        },
        ceiling=3_000_000_000,  # leaves 11, 12: 700 + 2300 million
        spent=400_000_000,  # 100 + 300 million
        children={9: (10,), 10: (11, 12)},
        header_texts={"A8": "Perangkat Daerah : Badan Perencanaan Pembangunan, Penelitian dan "
                      "Pengembangan Daerah (BAPPEDALITBANG)"},
        merges=("A8:P8",),
    ),
    Form(
        name="hidden_and_formulas", klass="10", build=rf.write_hidden_and_formulas,
        file="2025/TW2/dinkes_tw2_2025.xlsx", sheet="TW II", opd_code="DINKES", quarter=2,
        header_rows=(5, 6, 7, 8), number_row=8, rp_scale=1,
        roles={"A": "row_no", "B": "programme", "C": "label", "D": "unit",
               "E": "renstra_target_k", "F": "renstra_target_rp", "G": "target_k",
               "H": "target_rp", **quarters("I"), "Q": "year_k", "R": "year_rp",
               "S": "remarks", "T": "helper", "U": "helper"},
        opd_from="title row 2: 'PERANGKAT DAERAH : DINAS KESEHATAN'",
        period_from="folder 2025/TW2; title row 3 'TRIWULAN II TAHUN 2025' agrees",
        rows={"subtotal": (9, 10), "indicator": (11, 13), "hidden": (12,), "footer": (15,),
              "signature": (17, 20, 21), "blank": (14, 16, 18, 19)},
        performance={
            "kes_tb_pct": (9, 100, 62),  # last: TW II 62
            "kes_tb_layanan": (10, 2_000, 780),  # 300 + 480
            "kes_tb_terduga": (11, 1_800, 655),  # "=45*5" (225) + 430
            "kes_surveilans": (13, 12, 6),  # 3 + 3; row 12 (kes_hiv) is hidden
        },
        ceiling=1_200_000_000,  # leaves 11, 13: 700 + 500 million (hidden 12 not counted)
        # 11: 120 + 155 (L11 "=125000000+30000000", cached) = 275 million; 13: 100 + 120 = 220
        spent=495_000_000,
        children={9: (10,), 10: (11, 13)},
        errors=((10, "L"),),  # L10 "=L11+L13" has no cached value
        header_texts={"E5": "Target Renstra Perangkat Daerah pada Tahun 2026 (Akhir Periode "
                      "Renstra PD)", "G5": RENJA_TARGET},
    ),
    Form(
        name="period_in_sheets", klass="11", build=rf.write_period_in_sheets,
        file="2025/TW3/Evaluasi Renja Dinsos 2025.xlsx",
        sheet="Realisasi TW I|Realisasi TW II|Realisasi TW III", opd_code="DINSOS", quarter=3,
        header_rows=(4, 5, 6), number_row=6, rp_scale=1,
        roles={"A": "row_no", "B": "code", "C": "programme", "D": "label", "E": "unit",
               "F": "target_k", "G": "target_rp", "H": "q_k", "I": "q_rp", "J": "remarks"},
        opd_from="title row 1: 'EVALUASI HASIL RENJA DINAS SOSIAL KABUPATEN PROBOLINGGO'",
        period_from="year: title row 2 'TAHUN 2025'; quarter of each sheet: its name "
        "('Realisasi TW I' .. 'Realisasi TW III'); folder 2025/TW3 agrees with the last",
        rows={"subtotal": (7, 8), "indicator": (9, 10), "signature": (12, 15, 16),
              "blank": (11, 13, 14)},  # on each sheet
        performance={
            "sos_bencana_pct": (7, 100, 98),  # last: sheet TW III 98
            "sos_bencana_kk": (8, 400, 290),  # 80 + 120 + 90
            "sos_makanan": (9, 5_000, 3_700),  # 1000 + 1500 + 1200
            "sos_sandang": (10, 1_500, 1_050),  # 300 + 400 + 350
        },
        ceiling=800_000_000,  # leaves 9, 10: 500 + 300 million
        # 9: 100 + 120 + 150 = 370 million; 10: 50 + 80 + 100 = 230; = 600
        spent=600_000_000,
        children={7: (8,), 8: (9, 10)},
        header_texts={"H4": "Realisasi Kinerja dan Anggaran", "A2": "TAHUN 2025"},
    ),
    Form(
        name="two_indicators", klass="12", build=rf.write_two_indicators,
        file="2025/TW4/bappedalitbang_tw4_2025.xlsx", sheet="Evaluasi",
        opd_code="BAPPEDALITBANG", quarter=4, header_rows=(5, 6, 7, 8), number_row=8,
        rp_scale=1, roles=PLAIN_ROLES,
        opd_from="title row 2: 'PERANGKAT DAERAH : BAPPEDALITBANG'",
        period_from="folder 2025/TW4; title row 3 'TRIWULAN IV TAHUN 2025' agrees",
        rows={"subtotal": (9, 10), "indicator": (11, 12), "signature": (14, 17, 18),
              "blank": (13, 15, 16)},
        performance={
            "bap_lhe_akip": (9, 80, 78.52),  # "1. 80 2. 85"; last: TW IV "1. 78,52 ..."
            "bap_ikm": (9, 85, 83.10),  # last: TW IV 83,10 (TW II 82,75)
            "bap_lap_keuangan": (10, 4, 4),  # 1 + 1 + 1 + 1
            "bap_gaji": (11, 65, 63),  # last: TW IV 63
            "bap_lap_akhir": (12, 1, 1),  # 0 + 0 + 0 + 1
        },
        ceiling=1_000_000_000,  # leaves 11, 12: 850 + 150 million
        # 11: 170 + 210 + 215 + 240 = 835 million; 12: 30 + 40 + 35 + 40 = 145; = 980
        spent=980_000_000,
        children={9: (10,), 10: (11, 12)},
        header_texts={"D9": "1. Nilai LHE AKIP Perangkat Daerah 2. Indeks Kepuasan Masyarakat"},
    ),
    Form(
        name="web_export_html", klass="13", build=rf.write_web_export_html,
        file="2025/TW1/E81_DINKES_TW1_2025.xls", sheet="", opd_code="DINKES", quarter=1,
        header_rows=(5, 6, 7, 8), number_row=8, rp_scale=1, roles=PLAIN_ROLES,
        opd_from="row 2: 'PERANGKAT DAERAH : DINAS KESEHATAN'",
        period_from="folder 2025/TW1; row 3 'TRIWULAN I TAHUN 2025' agrees",
        rows={"subtotal": (9, 10), "indicator": (11, 12), "signature": (14, 15, 16),
              "blank": (13,)},
        performance={
            "kes_bumil_pct": (9, 95, 91.5),  # "91,50"
            "kes_bumil_layanan": (10, 18_000, 4_215),  # "4.215": dot thousands in this file
            "kes_bersalin": (11, 17_500, 4_102),
            "kes_bayi_baru_lahir": (12, 17_400, 3_998),
        },
        ceiling=12_450_000_000,  # "8.200.000.000" + "4.250.000.000"
        spent=2_745_600_000,  # "1.845.250.500" + "900.349.500"
        children={9: (10,), 10: (11, 12)},
        header_texts={"F5": RENJA_TARGET, "H5": "Realisasi Kinerja Pada Triwulan"},
    ),
]  # fmt: skip

#: Class 13 as MHTML: the same table, so the same expectations.
FORMS.append(
    Form(**{**FORMS[-1].__dict__, "name": "web_export_mhtml", "build": rf.write_web_export_mhtml})
)
#: Class 13 with thirteen-digit amounts: leaves 1.500.000.000.000 + 758.104.054.606 rupiah;
#: spent as before (the realisations are unchanged).
FORMS.append(
    Form(
        **{
            **{f.name: f for f in FORMS}["web_export_html"].__dict__,
            "name": "web_export_trillion",
            "build": rf.write_web_export_trillion,
            "ceiling": 2_258_104_054_606,
        }
    )
)
#: Class 6 in millions: "(Rp juta)", the same rupiah as "(Rp ribu)".
FORMS.append(
    Form(
        **{
            **{f.name: f for f in FORMS}["money_scale"].__dict__,
            "name": "money_scale_juta",
            "build": functools.partial(rf.write_money_scale, scale="juta"),
            "rp_scale": 1_000_000,
            "header_texts": {"G7": "Anggaran (Rp juta)", "F7": "K"},
        }
    )
)
BY_NAME = {form.name: form for form in FORMS}
BLANK_FORMS = ("blank_e81_xls", "blank_e79")
