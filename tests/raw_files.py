"""Writers of small real input files for the reader and cleaning tests (catalogues, E.81 xlsx),
and a reader of one of them with its log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd

from sae_analysis.ingest.catalogues import Catalogues
from sae_analysis.ingest.e81 import read_submission
from sae_analysis.ingest.quality import QualityLog

#: Names of two catalogue indicators of DINKES (:func:`write_catalogues`).
LAYANAN = "Jumlah ibu hamil yang mendapat pelayanan kesehatan"
BBLR = "Persentase bayi dengan berat badan lahir rendah"

JATIM_REGIONS = [
    ("3501", "Pacitan"), ("3502", "Ponorogo"), ("3503", "Trenggalek"), ("3504", "Tulungagung"),
    ("3505", "Blitar"), ("3506", "Kediri"), ("3507", "Malang"), ("3508", "Lumajang"),
    ("3509", "Jember"), ("3510", "Banyuwangi"), ("3511", "Bondowoso"), ("3512", "Situbondo"),
    ("3513", "Probolinggo"), ("3514", "Pasuruan"), ("3515", "Sidoarjo"), ("3516", "Mojokerto"),
    ("3517", "Jombang"), ("3518", "Nganjuk"), ("3519", "Madiun"), ("3520", "Magetan"),
    ("3521", "Ngawi"), ("3522", "Bojonegoro"), ("3523", "Tuban"), ("3524", "Lamongan"),
    ("3525", "Gresik"), ("3526", "Bangkalan"), ("3527", "Sampang"), ("3528", "Pamekasan"),
    ("3529", "Sumenep"),
]  # fmt: skip
JATIM_CITIES = [
    ("3571", "Kediri"), ("3572", "Blitar"), ("3573", "Malang"), ("3574", "Probolinggo"),
    ("3575", "Pasuruan"), ("3576", "Mojokerto"), ("3577", "Madiun"), ("3578", "Surabaya"),
    ("3579", "Batu"),
]  # fmt: skip


def write_catalogues(raw_dir: Path) -> Path:
    """Write a small reference/ folder (2 OPDs, 6 indicators, bands, Jawa Timur regions)."""
    reference = raw_dir / "reference"
    reference.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(
        {
            "opd_code": ["DINKES", "DINSOS"],
            "name": ["Dinas Kesehatan", "Dinas Sosial"],
            "aliases": ["Dinkes|Dinas Kesehatan Kab. Probolinggo|DINAS KESEHATAN", "Dinsos"],
            "pillar": ["pendidikan_kesehatan", "sosial"],
        }
    ).to_csv(reference / "opd.csv", index=False)
    indicators = [
        ("KES_LAYANAN", "Jumlah ibu hamil yang mendapat pelayanan kesehatan", "orang", "+",
         "DINKES", "output", "sum"),
        ("KES_BBLR_RATE", "Persentase bayi dengan berat badan lahir rendah", "%", "-",
         "DINKES", "outcome", "last"),
        ("KES_IMUN", "Cakupan imunisasi dasar lengkap", "%", "=", "DINKES", "outcome", "last"),
        ("SOS_BANSOS", "Jumlah keluarga penerima bantuan sosial", "KK", "+", "DINSOS", "output",
         "sum"),
        ("bblr", "Persentase Bayi Berat Badan Lahir Rendah (BBLR)", "%", "-", "DINKES",
         "outcome", "last"),
        ("asi_eksklusif", "Persentase bayi usia kurang dari 6 bulan mendapat ASI eksklusif",
         "%", "+", "DINKES", "outcome", "last"),
    ]  # fmt: skip
    frame = pd.DataFrame(
        indicators,
        columns=["indicator_code", "name", "unit", "polarity", "opd_code", "kind", "accumulation"],
    )
    pillars = {"DINKES": "pendidikan_kesehatan", "DINSOS": "sosial"}
    frame = frame.assign(pillar=frame["opd_code"].map(pillars), source="E.81", break_year="")
    frame.to_csv(reference / "indicators.csv", index=False)
    pd.DataFrame(
        {
            "lower_bound": ["91", "76", "66", "51", ""],
            "label": ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"],
            "label_en": ["Very high", "High", "Medium", "Low", "Very low"],
            "colour": ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027"],
        }
    ).to_csv(reference / "rating_bands.csv", index=False)
    regions = [("3500", "Provinsi Jawa Timur", "Jawa Timur|Jatim", "provinsi")]
    regions += [(c, f"Kabupaten {n}", "", "kabupaten") for c, n in JATIM_REGIONS]
    regions += [(c, f"Kota {n}", "", "kota") for c, n in JATIM_CITIES]
    pd.DataFrame(regions, columns=["region_code", "region_name", "aliases", "level"]).to_csv(
        reference / "regions.csv", index=False
    )
    return reference


@dataclass
class Row:
    """One E.81 table row; ``k`` and ``rp`` hold TW I..IV."""

    indikator: object = ""
    satuan: object = ""
    target: object = ""
    pagu: object = ""
    k: Sequence[object] = ("", "", "", "")
    rp: Sequence[object] = ("", "", "", "")
    fisik: object = ""
    ket: object = ""
    kode: object = ""
    target_tw: Sequence[object] = field(default_factory=lambda: ["", "", "", ""])


def write_e81(
    path: Path,
    rows: Sequence[Row],
    *,
    opd_title: str | None = "PERANGKAT DAERAH : Dinas Kesehatan",
    period_title: str | None = "TRIWULAN III TAHUN 2026",
    three_row_header: bool = False,
    quarterly_targets: bool = False,
    footer: bool = True,
    sheets_before: int = 0,
) -> Path:
    """Write an E.81 workbook as OPDs fill it: title rows, merged header, column numbers, footer.

    Returns the path. The table's first data row is Excel row :func:`first_data_row`.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Petunjuk" if sheets_before else "E81"
    if sheets_before:
        sheet["A1"] = "Petunjuk pengisian: isi angka tanpa satuan."
        sheet = book.create_sheet("E81")
    titles = ["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH", "KABUPATEN PROBOLINGGO"]
    titles += [t for t in (opd_title, period_title) if t]
    for i, text in enumerate(titles, start=1):
        sheet.cell(i, 1, text)
    top = len(titles) + 2
    fixed = ["No", "Kode", "Indikator Kinerja", "Satuan"]
    for c, label in enumerate(fixed, start=1):
        sheet.cell(top, c, label)
    col = len(fixed) + 1
    sheet.cell(top, col, "Target Renja Tahun 2026")
    sub = top + 1
    sheet.cell(sub, col, "K")
    sheet.cell(sub, col + 1, "Rp")
    sheet.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + 1)
    col += 2
    if quarterly_targets:
        for q, roman in enumerate(["I", "II", "III", "IV"]):
            sheet.cell(top, col + q, f"Target TW {roman}")
        col += 4
    sheet.cell(top, col, "Realisasi Kinerja Pada Triwulan")
    sheet.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + 7)
    last_header = sub + 1 if three_row_header else sub
    for q, roman in enumerate(["I", "II", "III", "IV"]):
        c = col + 2 * q
        if three_row_header:
            sheet.cell(sub, c, f"TW {roman}")
            sheet.merge_cells(start_row=sub, start_column=c, end_row=sub, end_column=c + 1)
            sheet.cell(sub + 1, c, "K")
            sheet.cell(sub + 1, c + 1, "Rp")
        else:
            sheet.cell(sub, c, f"TW {roman} K")
            sheet.cell(sub, c + 1, f"TW {roman} Rp")
    col += 8
    sheet.cell(top, col, "Realisasi Fisik (%)")
    sheet.cell(top, col + 1, "Keterangan")
    width = col + 1
    for c in (1, 2, 3, 4, width - 1, width):
        sheet.merge_cells(start_row=top, start_column=c, end_row=last_header, end_column=c)
    for c in range(1, width + 1):
        sheet.cell(last_header + 1, c, c)
    sheet.cell(last_header + 1, width, "13=6+12")
    r = last_header + 2
    for n, row in enumerate(rows, start=1):
        values = [n, row.kode, row.indikator, row.satuan, row.target, row.pagu]
        if quarterly_targets:
            values += list(row.target_tw)
        for k, rp in zip(row.k, row.rp, strict=True):
            values += [k, rp]
        values += [row.fisik, row.ket]
        for c, value in enumerate(values, start=1):
            if value != "":
                sheet.cell(r, c, value)
        r += 1
    if footer:
        sheet.cell(r, 1, "Rata-rata capaian kinerja")
        sheet.cell(r + 1, 1, "Predikat kinerja")
        sheet.cell(r + 3, 10, "Disusun oleh")
        sheet.cell(r + 4, 10, "Kepala Dinas Kesehatan")
        sheet.cell(r + 7, 10, "dr. Contoh Nama")
        sheet.cell(r + 8, 10, "NIP. 19700101 199001 1 001")
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def first_data_row(*, titles: int = 4, three_row_header: bool = False) -> int:
    """Excel row of the first data row written by :func:`write_e81`."""
    return titles + 2 + (3 if three_row_header else 2) + 1


def read_file(
    path: Path, catalogues: Catalogues, raw_dir: Path | None
) -> tuple[pd.DataFrame, QualityLog]:
    """One submission read into a raw frame, with the log of reading it."""
    log = QualityLog()
    return read_submission(path, catalogues=catalogues, raw_dir=raw_dir, log=log), log
