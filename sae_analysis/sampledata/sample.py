"""Seeded generator of the bundled sample ``data/raw/``: OPD submissions with the mess of real ones.

The submissions are synthetic, except the headline figures listed in :data:`HEADLINE` (published
BPS figures for Kabupaten Probolinggo, reported in the Renja of year Y as the latest published
figure, that of year Y-1) and the two macro tables copied verbatim from the real data bundled in ``sampledata/data/``.
The planted problems (:class:`PlantedProblem`) are the cases the pipeline must catch; they are
written to ``planted_problems.csv`` and ``SAMPLE.md`` beside the data, and returned by
:func:`planted_problems` for tests.

Every random draw comes from a ``random.Random`` seeded by a string of (seed, OPD or indicator,
purpose), so a value does not depend on which other OPDs are generated, and two runs give
identical bytes.

Why one module past the ~400-line guide, and ``_planted`` past ~60 lines: this is tooling apart
from the runtime (only the CLI's ``sample`` command, the tests and the benchmarks import it), and
it is read as one story, the sample from its series to its files and the problems planted in them.
``_planted`` is the list of planted cases, one ``add(...)`` per case in the order ``SAMPLE.md``
tells them; cut in pieces, the list would no longer read as the list.
"""

from __future__ import annotations

import csv
import io
import logging
import random
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace as replace_row
from pathlib import Path

import numpy as np
import pandas as pd

from sae_analysis import config, metrics
from sae_analysis import profile as profile_mod
from sae_analysis.ingest.catalogues import Catalogues, load_catalogues
from sae_analysis.sampledata.e81 import E81Footer, E81Row, E81Style, write_submission

log = logging.getLogger(__name__)

#: The real macro tables bundled with the package (their source is named in the folder's README).
MAKRO_SOURCE = Path(__file__).resolve().parent / "data" / "jatim-profil-kesehatan"
#: Target name in ``makro/`` -> file name in the bundled real data.
MAKRO_FILES = {
    "bblr.csv": "bblr_kabkota_2022_2024.csv",
    "asi_eksklusif.csv": "asi_eksklusif_kabkota_2022_2024.csv",
}

#: Headline values by Renja year: (value reported, target, published?). Published values are BPS
#: figures of the previous year (see the catalogue's ``source``); the rest is synthetic.
HEADLINE: dict[str, dict[int, tuple[float, float, bool]]] = {
    "persentase_penduduk_miskin": {
        2024: (17.19, 17.00, True),
        2025: (16.45, 16.20, True),
        2026: (15.92, 15.50, False),
    },
    "pertumbuhan_ekonomi": {
        2024: (4.73, 5.00, True),
        2025: (4.72, 5.05, True),
        2026: (4.81, 5.10, False),
    },
    "ipm": {2024: (70.36, 70.50, True), 2025: (71.00, 71.20, False), 2026: (71.65, 71.90, True)},
}

# First-year level (a rate or index) or annual target (a count), and decimals, where the unit
# alone would give an implausible value.
_LEVELS: dict[str, tuple[float, int]] = {
    "nilai_sakip": (66.5, 2),
    "indeks_reformasi_birokrasi": (62.0, 2),
    "indeks_kepuasan_masyarakat": (80.5, 2),
    "indeks_pelayanan_publik": (3.6, 2),
    "produk_hukum_daerah": (40, 0),
    "tindak_lanjut_temuan": (78.0, 2),
    "maturitas_spip": (3.2, 2),
    "laporan_hasil_pengawasan": (120, 0),
    "pdrb_per_kapita": (38.5, 2),
    "indeks_gini": (0.33, 3),
    "jumlah_inovasi_daerah": (25, 0),
    "pad": (380000.0, 1),
    "rasio_pad": (14.5, 2),
    "objek_pajak_dimutakhirkan": (15000, 0),
    "opini_bpk": (4, 0),
    "realisasi_belanja_daerah": (92.0, 2),
    "aset_tanah_bersertifikat": (150, 0),
    "indeks_profesionalitas_asn": (72.0, 2),
    "asn_pengembangan_kompetensi": (2500, 0),
    "asn_kinerja_baik": (90.0, 2),
    "indeks_spbe": (2.85, 2),
    "opd_terhubung_intranet": (80.0, 2),
    "konten_informasi_publik": (1200, 0),
    "kepemilikan_ktp_el": (97.5, 2),
    "kepemilikan_akta_kelahiran": (88.0, 2),
    "dokumen_kependudukan": (180000, 0),
    "nilai_investasi": (2800.0, 2),
    "izin_diterbitkan": (6500, 0),
    "ikm_perizinan": (84.0, 2),
    "produksi_padi": (385000.0, 1),
    "produktivitas_padi": (58.3, 2),
    "nilai_tukar_petani": (104.5, 2),
    "kelompok_tani_dibina": (450, 0),
    "produksi_perikanan": (28000.0, 1),
    "konsumsi_ikan": (38.5, 2),
    "pembudidaya_ikan_dibina": (600, 0),
    "inflasi": (3.1, 2),
    "pertumbuhan_sektor_perdagangan": (5.1, 2),
    "pasar_rakyat_direvitalisasi": (3, 0),
    "usaha_mikro_dibina": (3000, 0),
    "koperasi_sehat": (35.0, 2),
    "wirausaha_baru": (800, 0),
    "tingkat_pengangguran_terbuka": (3.05, 2),
    "pencari_kerja_ditempatkan": (1800, 0),
    "peserta_pelatihan_kerja": (640, 0),
    "kunjungan_wisatawan": (950000, 0),
    "pad_pariwisata": (12500.0, 1),
    "desa_wisata_bersertifikat": (4, 0),
    "cagar_budaya_ditetapkan": (6, 0),
    "rata_rata_lama_sekolah": (6.55, 2),
    "harapan_lama_sekolah": (12.35, 2),
    "apk_paud": (72.0, 2),
    "apm_sd": (97.2, 2),
    "apm_smp": (78.5, 2),
    "angka_putus_sekolah_smp": (0.45, 2),
    "angka_harapan_hidup": (68.9, 2),
    "prevalensi_stunting": (18.6, 2),
    "bblr": (7.4, 1),
    "asi_eksklusif": (71.1, 1),
    "angka_kematian_ibu": (105.0, 1),
    "angka_kematian_bayi": (8.5, 2),
    "bor": (72.0, 2),
    "net_death_rate": (22.0, 2),
    "pasien_rawat_jalan": (120000, 0),
    "ikm_rsud": (81.0, 2),
    "jalan_kondisi_mantap": (76.5, 2),
    "jalan_dibangun": (45.0, 2),
    "saluran_drainase": (12.5, 2),
    "irigasi_kondisi_baik": (71.0, 2),
    "jembatan_dibangun": (8, 0),
    "rumah_layak_huni": (84.0, 2),
    "rtlh_diperbaiki": (900, 0),
    "sanitasi_layak": (82.0, 2),
    "air_minum_layak": (90.5, 2),
    "pju_terpasang": (1200, 0),
    "indeks_kualitas_lh": (66.0, 2),
    "sampah_tertangani": (62.0, 2),
    "bank_sampah_aktif": (85, 0),
    "perlengkapan_jalan": (58.0, 2),
    "kendaraan_diuji": (14000, 0),
    "kecelakaan_lalu_lintas": (420, 0),
    "ppks_terlayani": (68.0, 2),
    "dtks_mutakhir": (88.0, 2),
    "kpm_bansos": (5000, 0),
    "disabilitas_dilayani": (750, 0),
    "indeks_desa_membangun": (0.72, 4),
    "desa_mandiri": (40, 0),
    "aparatur_desa_dilatih": (1300, 0),
    "indeks_pembangunan_gender": (89.5, 2),
    "kasus_kekerasan_tertangani": (95.0, 2),
    "peserta_kb_aktif": (72.0, 2),
    "perkawinan_anak": (9.8, 2),
    "indeks_risiko_bencana": (148.0, 2),
    "respons_bencana": (93.0, 2),
    "desa_tangguh_bencana": (10, 0),
    "indeks_pembangunan_pemuda": (52.0, 2),
    "prestasi_olahraga": (45, 0),
    "wirausaha_muda": (300, 0),
}

#: Annual statistics: one published value a year, reported unchanged in every quarter.
_ANNUAL = frozenset(
    {
        "ipm",
        "pertumbuhan_ekonomi",
        "pdrb_per_kapita",
        "persentase_penduduk_miskin",
        "indeks_gini",
        "tingkat_pengangguran_terbuka",
        "rata_rata_lama_sekolah",
        "harapan_lama_sekolah",
        "angka_harapan_hidup",
        "nilai_sakip",
        "indeks_reformasi_birokrasi",
        "opini_bpk",
        "indeks_spbe",
        "maturitas_spip",
        "indeks_pelayanan_publik",
        "indeks_profesionalitas_asn",
        "indeks_kualitas_lh",
        "indeks_pembangunan_gender",
        "indeks_risiko_bencana",
        "indeks_desa_membangun",
        "indeks_pembangunan_pemuda",
        "jalan_kondisi_mantap",
        "rumah_layak_huni",
        "sanitasi_layak",
        "air_minum_layak",
        "apk_paud",
        "apm_sd",
        "apm_smp",
        "angka_putus_sekolah_smp",
    }
)
#: Rates that build up over the year (year to date), e.g. budget realisation.
_RAMP = {
    "realisasi_belanja_daerah": (0.16, 0.40, 0.64, 1.0),
    "dtks_mutakhir": (0.3, 0.55, 0.8, 1.0),
}
#: Range targets (low, high), written as Indonesian text such as ``2,5 - 3,5`` in the target cell.
_RANGE_TARGETS = {"inflasi": (2.5, 3.5), "bor": (60.0, 85.0)}
#: Spending profile of a year (share of the ceiling per quarter), as regencies typically absorb.
_SPEND_SHARES = (0.11, 0.22, 0.27, 0.32)
_SUM_SHARES = (0.19, 0.24, 0.26, 0.31)
_REMARKS_LOW = (
    "Keterlambatan proses pengadaan barang/jasa",
    "Kegiatan dijadwalkan pada triwulan berikutnya",
    "Refocusing anggaran",
    "Menunggu verifikasi data dari provinsi",
)
_ANNUAL_REMARK = "Angka tahunan: hasil rilis/evaluasi terakhir"


@dataclass(frozen=True)
class PlantedProblem:
    """A problem planted on purpose in the sample, and what the pipeline should make of it."""

    problem: str
    file: str  # relative to the raw dir, POSIX separators
    opd_code: str
    indicator_code: str
    detail: str
    expected: str


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def _id_number(value: float, decimals: int) -> str:
    """Indonesian text of a number: dot thousands, decimal comma.

    >>> _id_number(98765.4, 1), _id_number(12500000, 0)
    ('98.765,4', '12.500.000')
    """
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _round(value: float, decimals: int) -> float | int:
    return round(value) if decimals == 0 else round(value, decimals)


@dataclass
class _Series:
    """Model values of one indicator for one year: target, quarterly K, ceiling, quarterly Rp."""

    target: float | int | str
    k: list[float | int]
    ceiling: int
    rp: list[int]
    target_tw: list[float | int | str | None]
    lagging: bool


def _range_text(code: str) -> str:
    low, high = _RANGE_TARGETS[code]
    return f"{_id_number(low, 1 if low % 1 else 0)} - {_id_number(high, 1 if high % 1 else 0)}"


def _indicator_year(info: dict[str, str], year: int, years: Sequence[int], seed: int) -> _Series:
    """Target, quarterly realisations and budget of one indicator in one year."""
    code, polarity = info["indicator_code"], info["polarity"]
    base = _rng(seed, code)
    level, decimals = _LEVELS.get(code, (70.0, 2) if info["accumulation"] == "last" else (1000, 0))
    improves = base.random() < 0.7
    step = base.uniform(0.01, 0.04)
    lagging = base.random() < 0.15
    gap = base.uniform(0.15, 0.35) if lagging else base.uniform(-0.03, 0.06)
    factor = base.uniform(0.45, 0.7) if lagging else base.uniform(0.75, 1.08)
    n = years.index(year)
    yr = _rng(seed, code, year)
    ceiling = round(base.uniform(150, 3500) * (1 + 0.05 * n)) * 1_000_000
    absorption = yr.uniform(0.8, 0.98)
    rp = [round(ceiling * s * absorption * yr.uniform(0.9, 1.1), -3) for s in _SPEND_SHARES]
    percent = info["unit"] == "persen"
    if info["accumulation"] == "sum":
        target = level * (1 + base.uniform(0.0, 0.08)) ** n
        factor = min(max(factor + n * (0.04 if improves else -0.08), 0.3), 1.2)
        if polarity == "-":  # a ceiling (accidents): around it, sometimes above
            factor = yr.uniform(0.9, 1.15)
        shares = [s * yr.uniform(0.88, 1.12) for s in _SUM_SHARES]
        k = [_round(target * factor * s / sum(shares), decimals) for s in shares]
        target_tw = [_round(target * s, decimals) for s in _SUM_SHARES]
        return _Series(_round(target, decimals), k, ceiling, rp, target_tw, lagging)
    if code in HEADLINE and year in HEADLINE[code]:
        value, target, _ = HEADLINE[code][year]
    else:
        direction = 1 if improves == (polarity != "-") else -1
        value = level * (1 + direction * step) ** n
        if percent and polarity == "+":
            value = min(value, 99.5)
        target = value * (1 + gap) if polarity != "-" else value * (1 - gap)
        if percent:
            target = min(target, 100.0)
    if code in _ANNUAL or code in HEADLINE:
        k = [_round(value, decimals)] * 4
    elif code in _RAMP:
        k = [_round(value * s * yr.uniform(0.97, 1.03), decimals) for s in _RAMP[code]]
    else:
        k = [_round(value * yr.uniform(0.97, 1.03), decimals) for _ in range(4)]
    if percent:
        k = [min(v, 100.0) for v in k]
    shown: float | int | str = (
        _range_text(code) if code in _RANGE_TARGETS else _round(target, decimals)
    )
    # A range has no quarterly form (target_tw is one number); its quarterly cells stay empty.
    quarterly = [None] * 4 if code in _RANGE_TARGETS else [shown] * 4
    return _Series(shown, k, ceiling, rp, quarterly, lagging)


def _file_name(code: str, name: str, alias: str, *, year: int, quarter: int, pattern: int) -> str:
    roman = config.QUARTER_ROMAN[quarter]
    patterns = (
        f"E81_{code}_TW{quarter}_{year}.xlsx",
        f"Evaluasi Renja {name} TW {roman}.xlsx",
        f"{alias} - E81 Triwulan {quarter} {year}.xlsx",
        f"form e81 {code.lower()} tw{quarter}.xlsx",
        f"LAPORAN EVALUASI RENJA {name.upper()} TRIWULAN {roman} TAHUN {year}.xlsx",
    )
    return patterns[pattern].replace("/", "-")


def _style_for(seed: int, opd_code: str, year: int) -> tuple[E81Style, int, int]:
    """Layout variant, file-name pattern and title-name choice of one OPD's files in one year."""
    r = _rng(seed, "style", opd_code, year)
    title_rows = r.choice((0, 2, 3, 4, 4, 5, 5))
    style = E81Style(
        title_rows=title_rows,
        title_variant=r.randrange(3),
        header_rows=3 if r.random() < 0.3 else 2,
        quarterly_targets=r.random() < 0.2,
    )
    # Without title rows the file name is the only place that names the OPD and the year.
    pattern = 0 if title_rows == 0 else r.randrange(5)
    return style, pattern, r.randrange(1000)


@dataclass(frozen=True)
class _Plan:
    """Where the planted problems go for the requested years and last quarter."""

    last_year: int
    last_quarter: int
    previous_year: int | None

    @property
    def missing(self) -> tuple[str, int, int] | None:
        """(OPD, year, quarter) of the late OPD's missing file; it needs a later file that year."""
        return ("DISNAKER", self.last_year, 2) if self.last_quarter >= 3 else None

    @property
    def mismatch_quarter(self) -> int:
        """The quarter DISHUB's last title wrongly states."""
        return self.last_quarter - 1 if self.last_quarter > 1 else 2

    def is_last(self, year: int, quarter: int) -> bool:
        """Whether (year, quarter) is the newest quarter of the sample."""
        return (year, quarter) == (self.last_year, self.last_quarter)


def _planted_values(
    code: str, series: _Series, *, year: int, quarter: int, plan: _Plan
) -> tuple[list[object], list[object], object]:
    """Cells of one indicator row as the file shows them (planted text, dashes, revisions)."""
    k: list[object] = [v if q <= quarter else None for q, v in enumerate(series.k, start=1)]
    rp: list[object] = [v if q <= quarter else None for q, v in enumerate(series.rp, start=1)]
    ceiling: object = series.ceiling
    if code == "desa_tangguh_bencana" and year == plan.last_year:
        rp[0] = "-"  # Rupiah accounting format: a dash is zero (the model holds 0)
    if (
        code == "prevalensi_stunting"
        and year == plan.last_year
        and quarter == 1 < plan.last_quarter
    ):
        k[0] = round(float(series.k[0]) + 0.4, 2)  # preliminary figure, revised in later files
    if plan.is_last(year, quarter):
        q = quarter - 1
        if code == "produksi_padi":
            k[q] = _id_number(float(series.k[q]), 1)
        elif code == "asi_eksklusif":
            k[q] = _id_number(float(series.k[q]), 1) + "%"
        elif code == "izin_diterbitkan":
            ceiling = "Rp " + _id_number(series.ceiling, 0)
        elif code == "bank_sampah_aktif":
            k[q] = "-"
        elif code == "indeks_pembangunan_gender":
            k[q] = "belum ada data"
    return k, rp, ceiling


def _series_for_file(
    info: dict[str, str], *, year: int, years: Sequence[int], seed: int, plan: _Plan
) -> tuple[_Series, str]:
    """The model series of an indicator in a year, with the planted unit change and zero baseline."""
    code = info["indicator_code"]
    series = _indicator_year(info, year, years, seed)
    unit = info["unit"]
    if code == "saluran_drainase" and year < plan.last_year:
        unit = "meter"  # the unit changed from meter to km in the last year
        series.target = round(float(series.target) * 1000)
        series.k = [round(v * 1000) for v in series.k]
        series.target_tw = [round(float(v) * 1000) for v in series.target_tw]
    if code == "desa_wisata_bersertifikat" and year == plan.previous_year:
        series.k = [0, 0, 0, 0]
    if code == "desa_tangguh_bencana" and year == plan.last_year:
        series.rp[0] = 0
    return series, unit


def _achievement(info: dict[str, str], series: _Series, quarter: int) -> float:
    """Year-to-date achievement of the model series at a quarter, for the footer and remarks."""
    code = info["indicator_code"]
    to_date = metrics.year_to_date_values(
        np.array([series.k], dtype=float), last=np.array([info["accumulation"] == "last"])
    )
    actual = float(to_date[0, quarter - 1])
    low, high = _RANGE_TARGETS.get(code, (None, None))
    target = None if code in _RANGE_TARGETS else float(series.target)
    value = metrics.achievement(
        [actual], [target], polarity=info["polarity"], target_low=[low], target_high=[high]
    )
    return float(value[0])


def _opd_rows(
    opd_index: int,
    indicators: list[dict[str, str]],
    *,
    year: int,
    quarter: int,
    years: Sequence[int],
    seed: int,
    plan: _Plan,
    padding: int,
) -> tuple[list[E81Row], list[float]]:
    """Table rows of one OPD's file for (year, quarter), and the achievements behind the footer."""
    rows: list[E81Row] = []
    achievements = []
    prefix = f"1.{opd_index:02d}"
    opd_code = indicators[0]["opd_code"]
    if opd_index % 3 == 0:
        rows.append(_program_row(prefix, opd_code, year=year, quarter=quarter, seed=seed))
    for no, info in enumerate(indicators, start=1):
        code = info["indicator_code"]
        series, unit = _series_for_file(info, year=year, years=years, seed=seed, plan=plan)
        k, rp, ceiling = _planted_values(code, series, year=year, quarter=quarter, plan=plan)
        achievement = _achievement(info, series, quarter)
        if not np.isnan(achievement):
            achievements.append(achievement)
        spent = sum(series.rp[:quarter])
        physical = spent / series.ceiling * 100 * _rng(seed, code, year, quarter).uniform(1.0, 1.12)
        remarks = _ANNUAL_REMARK if code in _ANNUAL or code in HEADLINE else None
        if series.lagging:
            remarks = _rng(seed, code, "remark").choice(_REMARKS_LOW)
        rows.append(
            E81Row(
                no=no,
                code=code,
                label=info["name"],
                unit=unit,
                target=series.target,
                ceiling=ceiling,  # type: ignore[arg-type]
                target_tw=tuple(series.target_tw),  # type: ignore[arg-type]
                k=tuple(k),  # type: ignore[arg-type]
                rp=tuple(rp),  # type: ignore[arg-type]
                physical_pct=min(100.0, round(physical, 2)),
                remarks=remarks,
            )
        )
    if opd_code == "DINSOS" and plan.is_last(year, quarter):
        rows.append(_unknown_row(len(indicators) + 1, quarter))
    rows.extend(_padding_rows(prefix, padding, year=year, quarter=quarter, seed=seed))
    return rows, achievements


#: The planted unknown indicator (not in the catalogue, by code or by name).
UNKNOWN_INDICATOR = "Persentase lansia terlantar yang mendapat pendampingan"


def _unknown_row(no: int, quarter: int) -> E81Row:
    k = tuple(61.5 + q if q <= quarter else None for q in range(1, 5))
    return E81Row(no=no, label=UNKNOWN_INDICATOR, unit="persen", target=65, k=k)  # type: ignore[arg-type]


def _program_row(prefix: str, opd_code: str, *, year: int, quarter: int, seed: int) -> E81Row:
    r = _rng(seed, "program", opd_code, year)
    ceiling = round(r.uniform(2000, 8000)) * 1_000_000
    rp = tuple(
        round(ceiling * 0.245 * r.uniform(0.95, 1.02), -3) if q <= quarter else None
        for q in range(1, 5)
    )
    return E81Row(
        code=f"{prefix}.01",
        label="Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
        ceiling=ceiling,
        rp=rp,  # type: ignore[arg-type]
    )


def _padding_rows(prefix: str, count: int, *, year: int, quarter: int, seed: int) -> list[E81Row]:
    """Sub-activity rows (Rp only) that make a file as long as a big OPD's, for benchmarks."""
    # the same sub-activities and ceilings in every quarter of a year: later files do not revise
    r = _rng(seed, "padding", prefix, year)
    rows = []
    for i in range(1, count + 1):
        ceiling = r.randrange(10, 500) * 1_000_000
        rp = tuple(
            round(ceiling * s * 0.9, -3) if q <= quarter else None
            for q, s in enumerate(_SPEND_SHARES, start=1)
        )
        rows.append(
            E81Row(
                code=f"{prefix}.01.2.01.{i:04d}",
                label=f"Sub Kegiatan Penyediaan Layanan Pendukung {i:04d}",
                ceiling=ceiling,
                rp=rp,  # type: ignore[arg-type]
                physical_pct=round(sum(_SPEND_SHARES[:quarter]) * 90, 2),
            )
        )
    return rows


def _nip(seed: int, opd_code: str) -> str:
    """A synthetic 18-digit NIP: birth date, appointment month, sex, serial number."""
    r = _rng(seed, "nip", opd_code)
    born = f"19{r.randrange(65, 80)}{r.randrange(1, 13):02d}{r.randrange(1, 29):02d}"
    return f"NIP. {born} {r.randrange(1990, 2005)}{r.randrange(1, 13):02d} {r.randrange(1, 3)} {r.randrange(1, 20):03d}"


@dataclass(frozen=True)
class _Opd:
    index: int
    code: str
    name: str
    aliases: tuple[str, ...]
    indicators: list[dict[str, str]]


def _submitting_opds(catalogues: Catalogues, n_opd: int | None) -> list[_Opd]:
    """OPDs that have indicators in the catalogue, in catalogue order (the first ``n_opd``)."""
    table = catalogues.indicators.astype("str").fillna("")
    by_opd: dict[str, list[dict[str, str]]] = {}
    for record in table.to_dict("records"):
        by_opd.setdefault(record["opd_code"], []).append(record)
    opds = [
        _Opd(i, code, name, tuple(a for a in aliases.split("|") if a), by_opd[code])
        for i, (code, name, aliases) in enumerate(
            catalogues.opd[["opd_code", "name", "aliases"]].itertuples(index=False), start=1
        )
        if code in by_opd
    ]
    return opds if n_opd is None else opds[:n_opd]


@dataclass(frozen=True)
class _File:
    rel: str
    opd: _Opd
    year: int
    quarter: int
    title_quarter: int
    title_name: str
    style: E81Style


def _files(opds: Sequence[_Opd], years: Sequence[int], plan: _Plan, seed: int) -> list[_File]:
    """Every submission of the sample: where it goes and how it looks."""
    files = []
    for year in years:
        quarters = range(1, (plan.last_quarter if year == plan.last_year else 4) + 1)
        for quarter in quarters:
            for opd in opds:
                if plan.missing == (opd.code, year, quarter):
                    continue
                style, pattern, pick = _style_for(seed, opd.code, year)
                names = (opd.name, *opd.aliases)
                title_name, title_quarter = names[pick % len(names)], quarter
                alias = opd.aliases[0] if opd.aliases else opd.code
                name = _file_name(
                    opd.code, opd.name, alias, year=year, quarter=quarter, pattern=pattern
                )
                if plan.is_last(year, quarter) and opd.code == "SETDA":
                    title_name = "Sekretariat Daerah – Bagian Organisasi"
                    name = f"Evaluasi Renja Setda TW {config.QUARTER_ROMAN[quarter]} {year}.csv"
                    style = replace_row(style, title_rows=4, csv_encoding="cp1252", csv_sep=";")
                elif plan.is_last(year, quarter) and opd.code == "DISKOMINFO":
                    name = f"E81_DISKOMINFO_TW{quarter}_{year}.csv"
                    style = replace_row(style, csv_encoding="utf-8-sig", csv_sep=";")
                elif plan.is_last(year, quarter) and opd.code == "DISHUB":
                    title_quarter = plan.mismatch_quarter
                    style = replace_row(style, title_rows=max(style.title_rows, 4))
                rel = f"{year}/TW{quarter}/{name}"
                files.append(_File(rel, opd, year, quarter, title_quarter, title_name, style))
    return files


def _planted(
    files: Sequence[_File], catalogues: Catalogues, plan: _Plan, years: Sequence[int], seed: int
) -> list[PlantedProblem]:
    """The planted problems present in ``files``."""
    by_key = {(f.opd.code, f.year, f.quarter): f.rel for f in files}
    last = (plan.last_year, plan.last_quarter)
    roman = config.QUARTER_ROMAN
    out: list[PlantedProblem] = []

    def add(
        problem: str,
        opd: str,
        quarter_key: tuple[int, int],
        indicator: str,
        detail: str,
        expected: str,
    ) -> None:
        rel = by_key.get((opd, *quarter_key))
        if rel is not None:
            out.append(PlantedProblem(problem, rel, opd, indicator, detail, expected))

    if plan.missing is not None and any(f.opd.code == "DISNAKER" for f in files):
        opd, year, quarter = plan.missing
        out.append(
            PlantedProblem(
                "missing_submission",
                f"{year}/TW{quarter}/",
                opd,
                "",
                f"{opd} sent no file for {year} TW{quarter} (late); its TW{plan.last_quarter} file reports TW I..{roman[plan.last_quarter]}",
                "OPD listed as not submitted for that quarter; later file fills the earlier columns",
            )
        )
    add(
        "title_quarter_mismatch",
        "DISHUB",
        last,
        "",
        f"title says TRIWULAN {roman[plan.mismatch_quarter]}, folder says TW{plan.last_quarter}",
        "error: quarter in title differs from folder",
    )
    add(
        "unknown_indicator",
        "DINSOS",
        last,
        "",
        f"row '{UNKNOWN_INDICATOR}' without code",
        "kept in the quality log as an unknown indicator, not dropped silently",
    )
    if plan.previous_year is not None:
        add(
            "unit_changed",
            "DPUPR",
            (plan.previous_year, plan.last_quarter),
            "saluran_drainase",
            f"unit 'meter' in {plan.previous_year} files, 'km' in {plan.last_year} files",
            "YoY not comparable: unit changed",
        )
        series = _indicator_year(
            _indicator(catalogues, "desa_wisata_bersertifikat"), plan.previous_year, years, seed
        )
        add(
            "baseline_zero",
            "DISPARBUD",
            (plan.previous_year, plan.last_quarter),
            "desa_wisata_bersertifikat",
            f"all K of {plan.previous_year} are 0 (target {series.target})",
            "YoY: no relative change from a baseline of 0 (flagged)",
        )
        for info in catalogues.indicators.to_dict("records"):
            brk = info.get("break_year")
            if not pd.isna(brk) and int(brk) == plan.last_year:
                out.append(
                    PlantedProblem(
                        "method_break",
                        "reference/indicators.csv",
                        info["opd_code"],
                        info["indicator_code"],
                        f"break_year {int(brk)}",
                        f"YoY {plan.previous_year}->{plan.last_year} not comparable: method break",
                    )
                )
    add(
        "range_target",
        "DISDAG",
        last,
        "inflasi",
        f"target written '{_range_text('inflasi')}'",
        "target_low/target_high filled; achievement 100 inside the range",
    )
    add(
        "range_target",
        "RSUD",
        last,
        "bor",
        f"target written '{_range_text('bor')}'",
        "target_low/target_high filled; achievement 100 inside the range",
    )
    q = plan.last_quarter
    for opd, code, digits, suffix, what in (
        ("DISPERTAN", "produksi_padi", 1, "", f"K TW {roman[q]}"),
        ("DINKES", "asi_eksklusif", 1, "%", f"K TW {roman[q]}"),
        ("DPMPTSP", "izin_diterbitkan", 0, "", "Target Rp (pagu)"),
    ):
        series = _indicator_year(_indicator(catalogues, code), plan.last_year, years, seed)
        value = series.ceiling if what.startswith("Target") else series.k[q - 1]
        text = (
            ("Rp " if what.startswith("Target") else "") + _id_number(float(value), digits) + suffix
        )
        add(
            "text_number",
            opd,
            last,
            code,
            f"{what} written '{text}' = {value}",
            f"parsed as {value}",
        )
    add(
        "missing_k",
        "DLH",
        last,
        "bank_sampah_aktif",
        f"K TW {roman[q]} written '-'",
        "missing value, not an error",
    )
    add(
        "missing_k",
        "DP3AP2KB",
        last,
        "indeks_pembangunan_gender",
        f"K TW {roman[q]} written 'belum ada data'",
        "missing value, not an error",
    )
    add(
        "rp_dash",
        "BPBD",
        last,
        "desa_tangguh_bencana",
        "Rp TW I written '-' in every file of the year",
        "read as 0",
    )
    add(
        "csv_cp1252",
        "SETDA",
        last,
        "",
        "CSV in Windows-1252, ';', decimal comma; OPD 'Sekretariat Daerah – Bagian Organisasi'",
        "read with the cp1252 fallback; en dash intact",
    )
    add(
        "csv_utf8_bom",
        "DISKOMINFO",
        last,
        "",
        "CSV in UTF-8 with BOM, ';', decimal comma",
        "read; BOM not part of the first cell",
    )
    if plan.last_quarter > 1:
        series = _indicator_year(
            _indicator(catalogues, "prevalensi_stunting"), plan.last_year, years, seed
        )
        add(
            "revision",
            "DINKES",
            (plan.last_year, 1),
            "prevalensi_stunting",
            f"K TW I is {round(float(series.k[0]) + 0.4, 2)} in the TW1 file, {series.k[0]} in later files",
            "warning: revised value; the latest file wins",
        )
    return out


def _indicator(catalogues: Catalogues, code: str) -> dict[str, str]:
    table = catalogues.indicators
    return table.loc[table["indicator_code"] == code].astype("str").to_dict("records")[0]


def _copy_reference(source_raw: Path, out: Path) -> list[Path]:
    source = source_raw / config.REFERENCE_SUBDIR
    target = out / config.REFERENCE_SUBDIR
    if target.resolve() == source.resolve():
        return []
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted([*source.glob("*.csv"), *source.glob(profile_mod.PROFILE_FILE)]):
        shutil.copyfile(path, target / path.name)
        written.append(target / path.name)
    return written


def _place(prof: profile_mod.Profile) -> str:
    """The place name of a region: ``Kabupaten Probolinggo`` -> ``Probolinggo``."""
    return prof.region_name.split(" ", 1)[-1]


def _adopt_profile(profile_path: Path, source: profile_mod.Profile, out: Path) -> list[Path]:
    """Make the copied catalogues another government's: its profile (and logo) in
    ``reference/``, the source's pillars mapped in order onto the profile's (5 onto 3: 1 1 2 2 3),
    and the source's place name in OPD aliases and indicator names replaced by the new one."""
    target = profile_mod.load_profile(profile_path)
    reference = out / config.REFERENCE_SUBDIR
    written = [reference / profile_mod.PROFILE_FILE]
    shutil.copyfile(profile_path, written[0])
    if target.logo is not None:
        shutil.copyfile(target.logo, reference / target.logo.name)
        written.append(reference / target.logo.name)
    old, new = source.pillar_codes, target.pillar_codes
    pillars = {code: new[i * len(new) // len(old)] for i, code in enumerate(old)}
    for name in ("opd.csv", "indicators.csv"):
        path = reference / name
        frame = pd.read_csv(path, dtype="str", keep_default_na=False)
        frame = frame.replace(_place(source), _place(target), regex=True)
        frame["pillar"] = frame["pillar"].map(pillars).fillna(frame["pillar"])
        frame.to_csv(path, index=False, lineterminator="\n")
    return written


def _copy_makro(makro_source: Path | None, out: Path) -> list[Path]:
    """Copy the real macro tables verbatim; fall back to the committed copies; else skip, saying so."""
    target = out / config.MAKRO_SUBDIR
    committed = config.RAW_DIR / config.MAKRO_SUBDIR
    written = []
    for name, source_name in MAKRO_FILES.items():
        candidates = [makro_source / source_name] if makro_source is not None else []
        candidates.append(committed / name)
        source = next((c for c in candidates if c.is_file()), None)
        if source is None:
            log.warning(
                "tabel makro %s tidak ditemukan (dicari: %s); dilewati",
                name,
                ", ".join(str(c) for c in candidates),
            )
            continue
        destination = target / name
        target.mkdir(parents=True, exist_ok=True)
        if source.resolve() != destination.resolve():
            shutil.copyfile(source, destination)
        written.append(destination)
    return written


def _check_folders(out: Path, files: Sequence[_File], *, replace_stale: bool) -> None:
    """Refuse to mix the sample with other files in its quarter folders (or remove them)."""
    wanted: dict[Path, set[str]] = {}
    for f in files:
        path = out / f.rel
        wanted.setdefault(path.parent, set()).add(path.name)
    stale = [
        path
        for folder, names in wanted.items()
        if folder.is_dir()
        for path in sorted(folder.iterdir())
        if path.name not in names
    ]
    if stale and not replace_stale:
        listed = ", ".join(str(p) for p in stale[:5])
        raise FileExistsError(
            f"{len(stale)} file(s) not part of this sample are in its folders ({listed} …); "
            "remove them or pass replace=True"
        )
    for path in stale:
        path.unlink()


def _write_planted(out: Path, planted: Sequence[PlantedProblem]) -> Path:
    path = out / "planted_problems.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["problem", "file", "opd_code", "indicator_code", "detail", "expected"])
    for p in planted:
        writer.writerow([p.problem, p.file, p.opd_code, p.indicator_code, p.detail, p.expected])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def read_planted(raw_dir: str | Path) -> list[PlantedProblem]:
    """The planted problems of a generated sample, from its ``planted_problems.csv``."""
    with (Path(raw_dir) / "planted_problems.csv").open(encoding="utf-8", newline="") as handle:
        return [PlantedProblem(**row) for row in csv.DictReader(handle)]


def _write_readme(
    out: Path, planted: Sequence[PlantedProblem], *, seed: int, n_files: int, own: bool = True
) -> Path:
    lines = [
        "# The bundled sample data",
        "",
        f"Generated by `sae_analysis.sampledata.sample.generate_sample` (seed {seed}, {n_files} submissions);",
        "regenerate with `sae-analysis sample --out DIR`. Do not edit by hand.",
        "",
        "- `reference/`: the catalogues (hand-written, the project's reference data).",
        "- `<YEAR>/TW<Q>/`: E.81 submissions of the OPDs. **Synthetic**, except the headline",
        "  figures below. Layouts vary on purpose: 0-5 title rows, 2- or 3-row merged headers,",
        "  quarterly-target columns, varied file names, two CSV files.",
        "- `makro/bblr.csv`, `makro/asi_eksklusif.csv`: **real** figures for the 38 kabupaten/kota of",
        "  Jawa Timur, copied verbatim (source line under each table).",
        "",
        *(
            [
                "Published headline figures (BPS Kabupaten Probolinggo). The Renja of year Y reports the latest",
                "published figure, that of year Y-1; values marked synthetic are not published figures.",
            ]
            if own
            else [
                f"Headline figures: those of the bundled profile's region, **synthetic** for "
                f"{profile_mod.active().region_name} (none is its published figure)."
            ]
        ),
        "",
        "| indicator | Renja year | value reported | target (synthetic) | value is |",
        "|---|---|---|---|---|",
    ]
    for code, by_year in HEADLINE.items():
        for year, (value, target, published) in by_year.items():
            origin = f"BPS figure of {year - 1}" if published else "synthetic"
            lines.append(f"| {code} | {year} | {value} | {target} | {origin} |")
    lines += [
        "",
        "## Planted problems",
        "",
        "Machine-readable copy: `planted_problems.csv` (same rows).",
        "",
        "| problem | file | opd | indicator | detail | expected |",
        "|---|---|---|---|---|---|",
    ]
    for p in planted:
        cells = (p.problem, p.file, p.opd_code, p.indicator_code, p.detail, p.expected)
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    path = out / "SAMPLE.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def generate_sample(
    out_dir: str | Path,
    *,
    seed: int = 20261,
    years: Sequence[int] = (2024, 2025, 2026),
    last_quarter: int = 3,
    rows_per_file: int | None = None,
    n_opd: int | None = None,
    catalogue_dir: str | Path | None = None,
    makro_source: str | Path | None = MAKRO_SOURCE,
    replace: bool = False,
    profile: str | Path | None = None,
) -> list[Path]:
    """Write the sample raw directory: submissions, macro tables, catalogues, planted-problem list.

    Parameters
    ----------
    out_dir
        The raw directory to fill: ``<out>/<YEAR>/TW<Q>/``, ``<out>/makro/``, ``<out>/reference/``.
    years, last_quarter
        All quarters of every year but the last, which ends at ``last_quarter``.
    rows_per_file
        Pad each file with sub-activity rows (Rp only) up to about this many table rows.
    n_opd
        Only the first ``n_opd`` submitting OPDs of the catalogue.
    catalogue_dir
        Raw directory whose ``reference/`` catalogues drive the sample (default: the project's).
    makro_source
        Folder with the real macro tables; when absent, the committed copies are used, else the
        tables are skipped with a logged message.
    replace
        Remove other files found in the sample's quarter folders instead of refusing.
    profile
        Another government's ``profile.toml``: the sample is that government's (its name in the
        forms' titles and the catalogues, its pillars in place of the source's, in order).

    Returns
    -------
    The paths written, sorted.
    """
    years = tuple(sorted(years))
    if not years or last_quarter not in config.QUARTER_ROMAN:
        raise ValueError("years must not be empty and last_quarter must be 1..4")
    out = Path(out_dir)
    source_raw = Path(catalogue_dir) if catalogue_dir is not None else config.RAW_DIR
    catalogues = load_catalogues(source_raw)
    plan = _Plan(years[-1], last_quarter, years[-2] if len(years) > 1 else None)
    opds = _submitting_opds(catalogues, n_opd)
    files = _files(opds, years, plan, seed)
    _check_folders(out, files, replace_stale=replace)
    written = _copy_reference(source_raw, out)
    if profile is not None:
        written += _adopt_profile(Path(profile), catalogues.profile, out)
        catalogues = load_catalogues(out)  # the new government's, now the active profile
        opds = _submitting_opds(catalogues, n_opd)
        files = _files(opds, years, plan, seed)
    written += _copy_makro(Path(makro_source) if makro_source is not None else None, out)
    for f in files:
        padding = max(0, (rows_per_file or 0) - len(f.opd.indicators))
        rows, achievements = _opd_rows(
            f.opd.index,
            f.opd.indicators,
            year=f.year,
            quarter=f.quarter,
            years=years,
            seed=seed,
            plan=plan,
            padding=padding,
        )
        if f.style.csv_encoding == "cp1252":
            rows[-1 - padding] = replace_row(
                rows[-1 - padding], remarks="Rapat evaluasi – menunggu LHE SAKIP"
            )
        average = float(metrics.capped(float(np.mean(achievements)))) if achievements else None
        footer = E81Footer(
            average_pct=None if average is None else round(average, 2),
            rating=None
            if average is None
            else str(metrics.rate([average], bands=catalogues.rating_bands).iloc[0]),
            signer_title=f"Kepala {f.opd.name}",
            signer_name="(nama kepala perangkat daerah)",
            nip=_nip(seed, f.opd.code),
        )
        path = out / f.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        written.append(
            write_submission(
                path,
                opd_name=f.title_name,
                year=f.year,
                quarter=f.title_quarter,
                rows=rows,
                style=f.style,
                footer=footer,
            )
        )
    planted = _planted(files, catalogues, plan, years, seed)
    written.append(_write_planted(out, planted))
    written.append(_write_readme(out, planted, seed=seed, n_files=len(files), own=profile is None))
    return sorted(written)
