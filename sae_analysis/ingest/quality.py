"""The quality log: every problem found in the inputs, in words an OPD can act on (DESIGN §5).

Messages come from :data:`MESSAGES`, keyed by a message id, in Indonesian (``id``, the default)
and English (``en``); the placeholders are filled from the keyword arguments of
:meth:`QualityLog.add`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning"]

#: Columns of ``quality_issues.csv``: DESIGN §5 plus the OPD the problem belongs to.
COLUMNS = ["severity", "file", "sheet", "row", "column", "value", "message", "opd_code"]

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: Message id -> {language: template}.
MESSAGES: dict[str, dict[str, str]] = {
    "number_invalid": {
        "id": "Nilai '{value}' bukan angka; isi dengan angka, misalnya 12,5",
        "en": "Value '{value}' is not a number; enter a number, e.g. 12.5",
    },
    "number_is_date": {
        "id": "Sel berisi tanggal '{value}', bukan angka; ubah format sel menjadi angka",
        "en": "The cell holds a date '{value}', not a number; format the cell as a number",
    },
    "number_ambiguous": {
        "id": (
            "Nilai '{value}' bisa berarti {read} atau {other}; dibaca sebagai {read}. Tulis ribuan "
            "tanpa titik (misalnya 1234) dan desimal dengan koma (misalnya 1,234)"
        ),
        "en": (
            "Value '{value}' could mean {read} or {other}; read as {read}. Write thousands "
            "without separators (e.g. 1234) and decimals with a comma (e.g. 1,234)"
        ),
    },
    "target_invalid": {
        "id": "Target '{value}' bukan angka atau rentang; isi misalnya 85 atau 72,28 - 73,77",
        "en": "Target '{value}' is not a number or a range; enter e.g. 85 or 72.28 - 73.77",
    },
    "file_unreadable": {
        "id": "Berkas tidak dapat dibaca ({detail}); simpan ulang sebagai .xlsx lalu kirim lagi",
        "en": "The file cannot be read ({detail}); save it again as .xlsx and resend it",
    },
    "file_permission": {
        "id": (
            "Berkas tidak dapat dibuka karena izin akses ditolak; minta admin memberi izin baca "
            "atau salin ulang berkasnya"
        ),
        "en": (
            "The file cannot be opened: permission denied; ask the administrator for read "
            "access or copy the file again"
        ),
    },
    "file_encrypted": {
        "id": (
            "Berkas dilindungi kata sandi (terenkripsi) sehingga tidak dapat dibaca; hapus kata "
            "sandinya, simpan sebagai .xlsx lalu kirim lagi"
        ),
        "en": (
            "The file is password-protected (encrypted) and cannot be read; remove the password, "
            "save it as .xlsx and resend it"
        ),
    },
    "file_too_large": {
        "id": (
            "Berkas terlalu besar ({size}; batas {limit}); formulir E.81 satu OPD biasanya di "
            "bawah 1 MB. Hapus lembar/gambar yang tidak perlu lalu kirim lagi"
        ),
        "en": (
            "The file is too large ({size}; limit {limit}); one agency's E.81 form is usually "
            "under 1 MB. Remove unneeded sheets/images and resend it"
        ),
    },
    "file_expands_too_much": {
        "id": (
            "Isi berkas .xlsx mengembang menjadi {size} saat dibuka (batas {limit}); berkas "
            "ditolak sebelum dibaca. Simpan ulang dari templat E.81 lalu kirim lagi"
        ),
        "en": (
            "The .xlsx content expands to {size} when opened (limit {limit}); the file is refused "
            "before it is read. Save it again from the E.81 template and resend it"
        ),
    },
    "columns_missing": {
        "id": (
            "Kolom wajib tidak ditemukan di judul tabel: {detail}. Judul tabel berbunyi: "
            "{header}. Baris lain tetap dibaca; beri judul kolom seperti formulir E.81"
        ),
        "en": (
            "Required columns not found in the table header: {detail}. The header says: "
            "{header}. The other rows are still read; label the columns as form E.81 does"
        ),
    },
    "indicator_split": {
        "id": (
            "Satu sel berisi beberapa indikator bernomor ('1. ... 2. ...'); dibaca sebagai satu "
            "baris per indikator, dengan satuan dan nilai bernomor yang sama. Tulis satu indikator "
            "per baris"
        ),
        "en": (
            "One cell holds several numbered indicators ('1. ... 2. ...'); read as one row per "
            "indicator, with the units and values numbered alike. Write one indicator per row"
        ),
    },
    "formula_no_value": {
        "id": (
            "Sel berisi rumus tanpa hasil tersimpan (berkas dibuat oleh aplikasi yang tidak "
            "menghitung rumus), sehingga nilainya tidak terbaca; buka di Excel, simpan ulang, "
            "lalu kirim lagi"
        ),
        "en": (
            "The cell holds a formula saved without its result (the file was written by a tool "
            "that does not calculate), so its value cannot be read; open it in Excel, save it "
            "again and resend it"
        ),
    },
    "formula_as_text": {
        "id": (
            "Sel berisi rumus yang diketik sebagai teks '{value}'; dibaca sebagai {read}. Ketik "
            "angkanya saja, atau ubah format sel menjadi angka agar Excel menghitungnya"
        ),
        "en": (
            "The cell holds a formula typed as text '{value}'; read as {read}. Type the number "
            "itself, or format the cell as a number so that Excel calculates it"
        ),
    },
    "subtotal_mismatch": {
        "id": (
            "Baris ini berisi subtotal {value}, tetapi jumlah baris di bawahnya ({children}) "
            "adalah {total}; anggaran dihitung dari baris rinciannya saja. Periksa subtotal atau "
            "rinciannya"
        ),
        "en": (
            "This row holds a subtotal of {value}, but the rows under it ({children}) add up to "
            "{total}; the budget counts the detail rows only. Check the subtotal or its details"
        ),
    },
    "amount_negative": {
        "id": (
            "Nilai Rupiah negatif ({value}); pagu dan realisasi anggaran tidak boleh negatif, "
            "nilai ini diabaikan. Perbaiki angkanya"
        ),
        "en": (
            "Negative Rupiah amount ({value}); ceilings and spending cannot be negative, the "
            "value is ignored. Correct the figure"
        ),
    },
    "achievement_extreme": {
        "id": (
            "Capaian indikator {value} = {achievement} % tidak wajar (lebih dari {limit} %); "
            "periksa target, realisasi dan satuannya (titik/koma, persen atau jumlah)"
        ),
        "en": (
            "The achievement of indicator {value} = {achievement} % is implausible (over {limit} "
            "%); check the target, the realisation and their unit (decimal mark, percent or count)"
        ),
    },
    "file_empty": {
        "id": "Berkas kosong; isi formulir E.81 lalu kirim lagi",
        "en": "The file is empty; fill in form E.81 and resend it",
    },
    "header_not_found": {
        "id": (
            "Judul kolom tabel tidak ditemukan (perlu kolom Indikator dan Target/Realisasi); "
            "gunakan templat E.81"
        ),
        "en": (
            "The table header was not found (an Indikator column and Target/Realisasi columns "
            "are needed); use the E.81 template"
        ),
    },
    "opd_unknown": {
        "id": (
            "Perangkat daerah tidak dikenali dari judul, kolom OPD atau nama berkas; tulis "
            "'PERANGKAT DAERAH : <nama OPD>' di baris judul"
        ),
        "en": (
            "The agency could not be identified from the title, an OPD column or the file name; "
            "write 'PERANGKAT DAERAH : <agency name>' in the title rows"
        ),
    },
    "opd_file_name_differs": {
        "id": "Nama berkas menunjuk {other}, judul menunjuk {opd}; data dibaca sebagai {opd}",
        "en": "The file name points to {other}, the title to {opd}; data read as {opd}",
    },
    "period_unknown": {
        "id": (
            "Tahun dan triwulan tidak diketahui; simpan berkas di folder <TAHUN>/TW<q> atau tulis "
            "'TRIWULAN III TAHUN 2026' di baris judul"
        ),
        "en": (
            "Year and quarter unknown; put the file in a <YEAR>/TW<q> folder or write "
            "'TRIWULAN III TAHUN 2026' in the title rows"
        ),
    },
    "period_mismatch": {
        "id": (
            "Judul menyebut {title_period}, tetapi berkas ada di folder {folder_period}; data dibaca "
            "sebagai {folder_period}. Perbaiki judul atau pindahkan berkas"
        ),
        "en": (
            "The title says {title_period} but the file is in the folder {folder_period}; data "
            "read as {folder_period}. Fix the title or move the file"
        ),
    },
    "period_sheet_mismatch": {
        "id": (
            "Nama sheet '{value}' menyebut {sheet_period}, tetapi berkas ada di folder "
            "{folder_period}; data dibaca sebagai {folder_period}. Perbaiki nama sheet atau "
            "pindahkan berkas"
        ),
        "en": (
            "The sheet name '{value}' says {sheet_period} but the file is in the folder "
            "{folder_period}; data read as {folder_period}. Fix the sheet name or move the file"
        ),
    },
    "indicator_unknown": {
        "id": (
            "Indikator '{value}' tidak ada di katalog indikator; periksa penulisan nama/kode "
            "atau minta Bapelitbangda menambahkannya"
        ),
        "en": (
            "Indicator '{value}' is not in the indicator catalogue; check the name/code or ask "
            "Bapelitbangda to add it"
        ),
    },
    "indicator_duplicate": {
        "id": (
            "Indikator '{value}' muncul lebih dari sekali (pertama di baris {first_row}); baris ini "
            "diabaikan, hapus salah satunya"
        ),
        "en": (
            "Indicator '{value}' appears more than once (first at row {first_row}); this row is "
            "ignored, remove one of them"
        ),
    },
    "revision": {
        "id": (
            "{column} direvisi: berkas {earlier_file} berisi {old}, berkas terbaru berisi {value}; "
            "nilai terbaru dipakai"
        ),
        "en": (
            "{column} revised: file {earlier_file} had {old}, the latest file has {value}; the "
            "latest value is used"
        ),
    },
    "quarter_empty_sum": {
        "id": (
            "Realisasi {quarter_label} kosong; capaian s.d. triwulan ini dihitung dari triwulan "
            "yang terisi saja. Isi realisasinya (0 bila memang nol)"
        ),
        "en": (
            "Realisation {quarter_label} is empty; the year-to-date value counts only the quarters "
            "filled in. Fill it in (0 if it really was zero)"
        ),
    },
    "quarter_empty_last": {
        "id": (
            "Realisasi {quarter_label} kosong; dipakai nilai triwulan terakhir yang terisi. Isi "
            "realisasinya"
        ),
        "en": (
            "Realisation {quarter_label} is empty; the latest value filled in is used. Fill it in"
        ),
    },
    "actual_missing": {
        "id": "Realisasi indikator '{value}' belum diisi sampai {quarter_label}; isi realisasinya",
        "en": "No realisation of indicator '{value}' filled in up to {quarter_label}; fill it in",
    },
    "achievement_undefined": {
        "id": "Capaian indikator {value} tidak dapat dihitung: {detail}",
        "en": "The achievement of indicator {value} cannot be computed: {detail}",
    },
    "submission_missing": {
        "id": "Belum ada berkas {period} dari {opd}; kirim formulir E.81",
        "en": "No {period} file from {opd} yet; send form E.81",
    },
    "region_unknown": {
        "id": "Wilayah '{value}' tidak ada di katalog wilayah (regions.csv); baris dilewati",
        "en": "Region '{value}' is not in the region catalogue (regions.csv); row skipped",
    },
    "macro_indicator_unknown": {
        "id": (
            "Indikator tabel tidak dikenali dari nama berkas atau judul; dipakai kode "
            "'{value}'. Beri nama berkas sesuai kode di katalog indikator"
        ),
        "en": (
            "The table's indicator was not recognised from the file name or title; code "
            "'{value}' is used. Name the file after the catalogue's indicator code"
        ),
    },
    "macro_table_not_found": {
        "id": "Tabel tidak ditemukan (perlu kolom wilayah dan kolom tahun)",
        "en": "No table found (a region column and year columns are needed)",
    },
}


def message(message_id: str, lang: str = "id", **params: object) -> str:
    """Render one message in the given language.

    >>> message("number_invalid", value="dua belas")
    "Nilai 'dua belas' bukan angka; isi dengan angka, misalnya 12,5"
    """
    templates = MESSAGES[message_id]
    return templates.get(lang, templates["id"]).format(**params)


def format_number(value: float | None, lang: str = "id") -> str:
    """A number as people write it in messages: decimal comma in Indonesian.

    >>> format_number(1.234), format_number(1234.0), format_number(1.5, "en")
    ('1,234', '1234', '1.5')
    """
    if value is None:
        return ""
    text = f"{value:.10g}"
    return text.replace(".", ",") if lang == "id" else text


def neutralise_formula(value: object) -> object:
    """Prefix text a spreadsheet would run as a formula with an apostrophe; other values unchanged.

    >>> neutralise_formula("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> neutralise_formula("Dinas Kesehatan"), neutralise_formula(-5)
    ('Dinas Kesehatan', -5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found: where it is, what the cell held, and what to do about it."""

    severity: Severity
    code: str
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    opd_code: str = ""


@dataclass
class QualityLog:
    """Collects :class:`Issue` lines while files are read and cleaned."""

    lang: str = "id"
    issues: list[Issue] = field(default_factory=list)

    def add(
        self,
        severity: Severity,
        code: str,
        *,
        file: str | os.PathLike[str] = "",
        sheet: str = "",
        row: int | None = None,
        column: str = "",
        value: object = "",
        opd_code: str | None = "",
        **params: object,
    ) -> Issue:
        """Record one issue; ``params`` (and ``value``) fill the message template of ``code``."""
        shown = "" if value is None else str(value)
        text = message(code, self.lang, value=shown, column=column, row=row, **params)
        issue = Issue(
            severity=severity,
            code=code,
            message=text,
            file=str(file),
            sheet=sheet or "",
            row=None if row is None else int(row),
            column=column,
            value=shown,
            opd_code=opd_code or "",
        )
        self.issues.append(issue)
        return issue

    def extend(self, issues: Iterable[Issue]) -> None:
        """Append issues collected elsewhere (another log)."""
        self.issues.extend(issues)

    def __len__(self) -> int:
        return len(self.issues)

    def count(self, severity: Severity) -> int:
        """Number of issues of one severity."""
        return sum(issue.severity == severity for issue in self.issues)

    @property
    def error_count(self) -> int:
        """Number of errors (the CLI's exit code 1 depends on it)."""
        return self.count("error")

    def codes(self) -> list[str]:
        """Message ids in the order the issues were found (handy in tests and summaries)."""
        return [issue.code for issue in self.issues]

    def to_frame(self) -> pd.DataFrame:
        """The issues as a frame with the columns of :data:`COLUMNS`, in the order found."""
        rows: list[Mapping[str, object]] = [asdict(issue) for issue in self.issues]
        frame = pd.DataFrame(rows, columns=[*COLUMNS, "code"])[COLUMNS]
        return frame.astype({"row": "Int64"}).astype({c: "str" for c in COLUMNS if c != "row"})

    def write_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write ``quality_issues.csv`` atomically, with formula-like text neutralised."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        frame = self.to_frame()
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                frame.map(neutralise_formula).to_csv(handle, index=False)
            Path(tmp_name).replace(target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        return target
