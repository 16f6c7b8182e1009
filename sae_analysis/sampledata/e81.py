"""The E.81 workbook layout (Permendagri 86/2017 Renja evaluation form), written as OPDs fill it.

One layout serves two writers: :func:`write_template` gives an OPD the blank form of a quarter
with its catalogue indicators pre-filled, and :func:`write_submission` writes a filled form in
one of the variants real submissions come in (title rows, a 2- or 3-row merged header, quarterly
targets, numbers or Indonesian text, xlsx or CSV); the sample generator uses the latter. The exact
layout is described in ``docs/ARCHITECTURE.md`` ("E.81 details").

Workbooks are written byte-for-byte reproducibly: fixed document timestamps and fixed zip entry
dates, so a regenerated sample does not show up as changed in git.

Why one module past the ~400-line guide: this is tooling apart from the runtime (only the CLI, the
sample generator, the tests and the benchmarks import it), and the form's columns, its styles and
its two writers describe one form; they change together when the form changes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.child import INVALID_TITLE_REGEX
from openpyxl.worksheet.datavalidation import DataValidation

from sae_analysis import config, profile
from sae_analysis.ingest.catalogues import Catalogues
from sae_analysis.workbooks import fixed_workbook, workbook_bytes

Cell = float | int | str | None
Quad = tuple[Cell, Cell, Cell, Cell]

#: Document timestamp of every workbook written here (reproducible bytes).
_EMPTY4: Quad = (None, None, None, None)

_HEADINGS = (
    "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH",
    "Evaluasi Hasil Rencana Kerja (Renja) Perangkat Daerah",
    "EVALUASI TERHADAP HASIL RENCANA KERJA PERANGKAT DAERAH",
)
_OPD_LINE = ("PERANGKAT DAERAH : {opd}", "OPD: {opd}", "Perangkat Daerah : {opd}")
_PERIOD_LINE = (
    "TRIWULAN {roman} TAHUN {year}",
    "Periode: Triwulan {roman} Tahun Anggaran {year}",
    "TW {roman} TAHUN {year}",
)

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LATER_QUARTER = PatternFill("solid", fgColor="EEEEEE")
_K_FORMAT = "#,##0.00"
_RP_FORMAT = "#,##0"
_STYLED_ROWS = 200
_WIDTHS = {"no": 5, "code": 26, "label": 48, "unit": 14, "remarks": 30}

_PETUNJUK = {
    "id": (
        "PETUNJUK PENGISIAN FORMULIR E.81",
        "1. Isi satu baris per indikator; jangan mengubah kolom Kode, Indikator Kinerja dan Satuan.",
        "2. Kolom K berisi angka kinerja, kolom Rp berisi realisasi anggaran triwulan itu saja.",
        "3. Indikator jumlah (orang, unit, km, …): isi capaian triwulan itu saja; indikator "
        "persentase/indeks: isi nilai pada triwulan itu.",
        "4. Target berupa rentang ditulis seperti 2,5 - 3,5.",
        "5. Bila data belum tersedia tulis 'belum ada data'; jangan menulis 0.",
        "6. Isi triwulan I sampai triwulan yang dilaporkan; kolom triwulan berikutnya dibiarkan kosong.",
        "7. Periksa berkas dengan: sae-analysis validate <berkas> sebelum dikirim.",
    ),
    "en": (
        "HOW TO FILL IN FORM E.81",
        "1. One row per indicator; do not change the Kode, Indikator Kinerja and Satuan columns.",
        "2. K columns hold performance figures, Rp columns that quarter's spending only.",
        "3. Count indicators (people, units, km, …): that quarter's own result; rates and "
        "indices: the value at that quarter.",
        "4. Write a range target as 2,5 - 3,5.",
        "5. If data is not yet available write 'belum ada data'; do not write 0.",
        "6. Fill quarter I up to the reported quarter; leave later quarters empty.",
        "7. Check the file with: sae-analysis validate <file> before sending it.",
    ),
}


@dataclass(frozen=True)
class E81Row:
    """One table row: an indicator (K and Rp) or a program/sub-activity row (Rp only)."""

    label: str
    code: str | None = None
    no: int | str | None = None
    unit: str | None = None
    target: Cell = None
    ceiling: Cell = None
    target_tw: Quad = _EMPTY4
    k: Quad = _EMPTY4
    rp: Quad = _EMPTY4
    physical_pct: Cell = None
    remarks: str | None = None


@dataclass(frozen=True)
class E81Footer:
    """Footer values: average achievement, rating label and the signature block."""

    average_pct: Cell = None
    rating: str | None = None
    signer_title: str = "Kepala Perangkat Daerah"
    signer_name: str = "(........................................)"
    nip: str = "NIP. ...................................."


@dataclass(frozen=True)
class E81Style:
    """Layout variant of one file.

    Parameters
    ----------
    title_rows
        Number of title lines above the table, 0..5.
    title_variant
        Wording of the title lines (0, 1 or 2).
    header_rows
        2 (groups over K/Rp) or 3 (a group row, a TW row, a K/Rp row).
    quarterly_targets
        Add the ``Target TW I`` .. ``Target TW IV`` (K) columns.
    csv_encoding, csv_sep
        Used only when the path ends in ``.csv``.
    """

    title_rows: int = 4
    title_variant: int = 0
    header_rows: int = 2
    quarterly_targets: bool = False
    sheet_name: str = "E81"
    footer: bool = True
    csv_encoding: str = "utf-8"
    csv_sep: str = ";"

    def __post_init__(self) -> None:
        """Reject variants the layout does not define."""
        if not 0 <= self.title_rows <= 5:
            raise ValueError(f"title_rows must be 0..5, got {self.title_rows}")
        if self.header_rows not in (2, 3):
            raise ValueError(f"header_rows must be 2 or 3, got {self.header_rows}")
        if INVALID_TITLE_REGEX.search(self.sheet_name):
            raise ValueError(f"invalid sheet name {self.sheet_name!r}")


@dataclass(frozen=True)
class _Column:
    key: str
    labels: tuple[str | None, ...]  # one per header row; None continues the label above
    kind: str  # "k", "rp", "pct" or "text"


@dataclass
class E81Sheet:
    """The sheet as a grid of values, with merges, before it becomes xlsx or CSV."""

    columns: list[_Column]
    rows: list[list[Cell]] = field(default_factory=list)
    #: (first_row, first_col, last_row, last_col), 1-based.
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    title_rows: int = 0
    header_first: int = 0
    header_rows: int = 2
    data_first: int = 0
    data_last: int = 0


def title_lines(
    opd_name: str, *, year: int, quarter: int, count: int, variant: int = 0
) -> list[str]:
    """The title lines above the table: heading, regency, OPD, period, blank (fewer when count < 5).

    >>> title_lines("Dinas Kesehatan", year=2026, quarter=3, count=3)
    ['EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH', 'PERANGKAT DAERAH : Dinas Kesehatan', 'TRIWULAN III TAHUN 2026']
    """
    v = variant % len(_HEADINGS)
    prof = profile.active()  # the government's line: its name as the profile writes it
    heading = _HEADINGS[v]
    regency = prof.text("government") if v == 1 else prof.region_name.upper()
    opd = _OPD_LINE[v].format(opd=opd_name)
    period = _PERIOD_LINE[v].format(roman=config.QUARTER_ROMAN[quarter], year=year)
    by_count = {
        0: [],
        1: [period],
        2: [opd, period],
        3: [heading, opd, period],
        4: [heading, opd, period, ""],
        5: [heading, regency, opd, period, ""],
    }
    return by_count[count]


def columns(*, year: int, header_rows: int = 2, quarterly_targets: bool = False) -> list[_Column]:
    """The table's columns with their header labels for the given header variant."""
    three = header_rows == 3

    def single(key: str, text: str, kind: str = "text") -> _Column:
        return _Column(key, (text, *([None] * (header_rows - 1))), kind)

    target_group = f"Target Renja Tahun {year}"
    cols = [
        single("no", "No"),
        single("code", "Kode"),
        single("label", "Indikator Kinerja"),
        single("unit", "Satuan"),
    ]
    for key, sub, kind in (("target", "K", "k"), ("ceiling", "Rp", "rp")):
        labels = (target_group, None, sub) if three else (target_group, sub)
        cols.append(_Column(key, labels, kind))
    for q, roman in config.QUARTER_ROMAN.items():
        if quarterly_targets:
            labels = (
                ("Target Triwulan", f"TW {roman}", "K") if three else (f"Target TW {roman}", "K")
            )
            cols.append(_Column(f"target_tw{q}", labels, "k"))
    for q, roman in config.QUARTER_ROMAN.items():
        for prefix, sub, kind in (("k", "K", "k"), ("rp", "Rp", "rp")):
            if three:
                labels = ("Realisasi Kinerja Pada Triwulan", f"TW {roman}", sub)
            else:
                labels = (f"Realisasi Kinerja TW {roman}", sub)
            cols.append(_Column(f"{prefix}_tw{q}", labels, kind))
    cols.append(single("physical_pct", "Realisasi Fisik (%)", "pct"))
    cols.append(single("remarks", "Keterangan"))
    return cols


def _header_blocks(cols: Sequence[_Column]) -> list[tuple[int, int, int, int, str]]:
    """(level_first, col_first, level_last, col_last, text) of each header label, 0-based."""
    depth = len(cols[0].labels)
    blocks = []
    for level in range(depth):
        c = 0
        while c < len(cols):
            text = cols[c].labels[level]
            if text is None:
                c += 1
                continue
            end = c
            while (
                end + 1 < len(cols)
                and cols[end + 1].labels[: level + 1] == cols[c].labels[: level + 1]
            ):
                end += 1
            bottom = level
            while bottom + 1 < depth and all(
                cols[i].labels[bottom + 1] is None for i in range(c, end + 1)
            ):
                bottom += 1
            blocks.append((level, c, bottom, end, text))
            c = end + 1
    return blocks


def _row_values(row: E81Row) -> dict[str, Cell]:
    values: dict[str, Cell] = {
        "no": row.no,
        "code": row.code,
        "label": row.label,
        "unit": row.unit,
        "target": row.target,
        "ceiling": row.ceiling,
        "physical_pct": row.physical_pct,
        "remarks": row.remarks,
    }
    for q in range(1, 5):
        values[f"target_tw{q}"] = row.target_tw[q - 1]
        values[f"k_tw{q}"] = row.k[q - 1]
        values[f"rp_tw{q}"] = row.rp[q - 1]
    return values


def build_sheet(
    *,
    opd_name: str,
    year: int,
    quarter: int,
    rows: Sequence[E81Row],
    style: E81Style,
    footer: E81Footer | None = None,
) -> E81Sheet:
    """Lay out titles, header, column numbers, data rows and footer as a grid of values."""
    cols = columns(
        year=year, header_rows=style.header_rows, quarterly_targets=style.quarterly_targets
    )
    width = len(cols)
    sheet = E81Sheet(columns=cols, header_rows=style.header_rows)
    titles = title_lines(
        opd_name, year=year, quarter=quarter, count=style.title_rows, variant=style.title_variant
    )
    for text in titles:
        sheet.rows.append([text or None] + [None] * (width - 1))
        if text:
            sheet.merges.append((len(sheet.rows), 1, len(sheet.rows), width))
    sheet.title_rows = len(titles)
    sheet.header_first = len(sheet.rows) + 1
    header = [[None] * width for _ in range(style.header_rows)]
    for level, c0, level_end, c1, text in _header_blocks(cols):
        header[level][c0] = text
        if (level, c0) != (level_end, c1):
            top = sheet.header_first + level
            sheet.merges.append((top, c0 + 1, sheet.header_first + level_end, c1 + 1))
    sheet.rows.extend(header)
    sheet.rows.append(list(range(1, width + 1)))
    sheet.data_first = len(sheet.rows) + 1
    for row in rows:
        values = _row_values(row)
        sheet.rows.append([values[col.key] for col in cols])
    sheet.data_last = len(sheet.rows)
    if style.footer:
        _append_footer(sheet, footer or E81Footer())
    return sheet


def _append_footer(sheet: E81Sheet, footer: E81Footer) -> None:
    width = len(sheet.columns)
    keys = [c.key for c in sheet.columns]
    value_col = keys.index("target")
    sign_col = keys.index("k_tw3")

    def add(cells: dict[int, Cell], merge_label: bool = False) -> None:
        line: list[Cell] = [None] * width
        for col, value in cells.items():
            line[col] = value
        sheet.rows.append(line)
        if merge_label:
            r = len(sheet.rows)
            sheet.merges.append((r, 1, r, value_col))

    add({})
    add({0: "Rata-rata capaian kinerja (%)", value_col: footer.average_pct}, merge_label=True)
    add({0: "Predikat kinerja", value_col: footer.rating}, merge_label=True)
    add({})
    add({sign_col: "Disusun oleh"})
    add({sign_col: footer.signer_title})
    add({})
    add({})
    add({sign_col: footer.signer_name})
    add({sign_col: footer.nip})


def csv_text(value: Cell) -> str:
    """A cell as Excel writes it to an Indonesian-locale CSV: decimal comma, no thousands mark.

    >>> [csv_text(v) for v in (1234.5, 12500000, 3.0, None, "2,5 - 3,5")]
    ['1234,5', '12500000', '3', '', '2,5 - 3,5']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("boolean cells are not part of form E.81")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Shortest round-trip digits, never an exponent (Excel does not write 1e+10 in a CSV).
        return np.format_float_positional(value, trim="-").replace(".", ",")
    return value


def _flat_header(cols: Sequence[_Column]) -> list[str]:
    flat = []
    for col in cols:
        parts = [p for p in col.labels if p is not None]
        if len(parts) == 1:
            flat.append(parts[0])
            continue
        *groups, sub = parts
        group = " ".join(dict.fromkeys(groups))
        group = group.replace("Pada Triwulan ", "")
        flat.append(f"{group} ({sub})")
    return flat


def _write_csv(sheet: E81Sheet, path: Path, *, encoding: str, sep: str) -> None:
    lines: list[list[str]] = [[csv_text(v) for v in r] for r in sheet.rows[: sheet.title_rows]]
    lines.append(_flat_header(sheet.columns))
    for r in sheet.rows[sheet.header_first - 1 + sheet.header_rows :]:
        lines.append([csv_text(v) for v in r])
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(lines)
    path.write_bytes(buffer.getvalue().encode(encoding))


def _cell(ws, value: Cell, *, font=None, alignment=None, border=None, number_format=None):
    cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    if number_format is not None and isinstance(value, int | float):
        cell.number_format = number_format
    return cell


def _fill_sheet(ws, sheet: E81Sheet, *, later_than: int | None = None) -> None:
    """Write the grid into a write-only worksheet; quarters after ``later_than`` are shaded."""
    for i, col in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(
            col.key, 16 if col.kind == "rp" else 11
        )
    for first_row, first_col, last_row, last_col in sheet.merges:
        ws.merged_cells.add(
            f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"
        )
    header_last = sheet.header_first + sheet.header_rows  # the column-number row
    formats = {"k": _K_FORMAT, "rp": _RP_FORMAT, "pct": _K_FORMAT}
    shaded = {
        j
        for j, col in enumerate(sheet.columns)
        if later_than is not None
        and col.key.startswith(("k_tw", "rp_tw"))
        and int(col.key[-1]) > later_than
    }
    # Styling every cell is what makes big files slow; long tables keep only the header styled.
    styled = sheet.data_last - sheet.data_first < _STYLED_ROWS
    for r, values in enumerate(sheet.rows, start=1):
        if r <= sheet.title_rows:
            ws.append([_cell(ws, v, font=_BOLD) if v is not None else None for v in values])
        elif r <= header_last:
            ws.append([_cell(ws, v, font=_BOLD, alignment=_CENTRE, border=_BORDER) for v in values])
        elif r <= sheet.data_last and styled:
            line = []
            for j, (col, v) in enumerate(zip(sheet.columns, values, strict=True)):
                cell = _cell(ws, v, border=_BORDER, number_format=formats.get(col.kind))
                if j in shaded:
                    cell.fill = _LATER_QUARTER
                line.append(cell)
            ws.append(line)
        else:
            ws.append(values)


def _save_reproducibly(wb: Workbook, path: Path) -> None:
    """Save with fixed document and zip-entry dates, so each run gives the same bytes."""
    path.write_bytes(workbook_bytes(wb))


def write_submission(
    path: str | Path,
    *,
    opd_name: str,
    year: int,
    quarter: int,
    rows: Sequence[E81Row],
    style: E81Style = E81Style(),
    footer: E81Footer | None = None,
) -> Path:
    """Write one filled E.81 form: xlsx (openpyxl, write-only) or, for a ``.csv`` path, CSV.

    Parameters
    ----------
    opd_name
        The OPD as the title row names it (the catalogue name or an alias).
    quarter
        The quarter the title rows state (the generator may state a wrong one on purpose).
    rows
        Table rows; cell values are written as given (a number, or text such as ``"85,5%"``).
    """
    path = Path(path)
    sheet = build_sheet(
        opd_name=opd_name, year=year, quarter=quarter, rows=rows, style=style, footer=footer
    )
    if path.suffix.lower() == ".csv":
        _write_csv(sheet, path, encoding=style.csv_encoding, sep=style.csv_sep)
        return path
    wb = fixed_workbook()
    _fill_sheet(wb.create_sheet(style.sheet_name), sheet)
    _save_reproducibly(wb, path)
    return path


def write_template(
    opd_code: str,
    *,
    year: int,
    quarter: int,
    catalogues: Catalogues,
    path: str | Path,
    lang: str = "id",
) -> Path:
    """Write the blank E.81 form of one OPD and quarter, its catalogue indicators pre-filled.

    The table headers stay those of form E.81 whatever ``lang`` is (the reader matches them); ``lang``
    chooses the language of the ``Petunjuk`` sheet. K cells of the realisation columns carry a
    decimal validation in warning style, so staff are warned about a typo but can still type ``-``
    or ``belum ada data``.
    """
    if quarter not in config.QUARTER_ROMAN:
        raise ValueError(f"quarter must be 1..4, got {quarter}")
    if lang not in config.LANGUAGES:
        raise ValueError(f"lang must be one of {config.LANGUAGES}, got {lang!r}")
    opd = catalogues.opd.loc[catalogues.opd["opd_code"] == opd_code]
    if opd.empty:
        raise ValueError(f"unknown OPD code {opd_code!r}")
    opd_name = str(opd["name"].iloc[0])
    table = catalogues.indicators.loc[catalogues.indicators["opd_code"] == opd_code]
    rows = [
        E81Row(no=i, code=code, label=name, unit=unit)
        for i, (code, name, unit) in enumerate(
            table[["indicator_code", "name", "unit"]].itertuples(index=False), start=1
        )
    ]
    sheet = build_sheet(
        opd_name=opd_name,
        year=year,
        quarter=quarter,
        rows=rows,
        style=E81Style(title_rows=5),
        footer=E81Footer(signer_title=f"Kepala {opd_name}"),
    )
    wb = fixed_workbook()
    ws = wb.create_sheet("E81")
    if rows:
        _add_validations(ws, sheet, lang=lang)
    ws.freeze_panes = f"E{sheet.data_first}"
    _fill_sheet(ws, sheet, later_than=quarter)
    guide = wb.create_sheet("Petunjuk")
    guide.column_dimensions["A"].width = 110
    for line in _PETUNJUK[lang]:
        guide.append([line])
    path = Path(path)
    _save_reproducibly(wb, path)
    return path


def _add_validations(ws, sheet: E81Sheet, *, lang: str) -> None:
    first, last = sheet.data_first, sheet.data_last
    prompts = {
        "k": {
            "id": ("Angka kinerja", "Isi angka, mis. 85,5; atau 'belum ada data'."),
            "en": ("Performance figure", "Type a number, e.g. 85,5; or 'belum ada data'."),
        },
        "rp": {
            "id": ("Rupiah", "Isi realisasi anggaran triwulan ini dalam rupiah (angka)."),
            "en": ("Rupiah", "Type this quarter's spending in rupiah (a number)."),
        },
    }
    for kind in ("k", "rp"):
        letters = [
            get_column_letter(j)
            for j, col in enumerate(sheet.columns, start=1)
            if col.kind == kind and col.key != "target"
        ]
        title, text = prompts[kind][lang]
        validation = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            errorStyle="warning",
            showErrorMessage=True,
            showInputMessage=True,
            promptTitle=title,
            prompt=text,
            errorTitle=title,
            error=text,
        )
        validation.sqref = " ".join(f"{c}{first}:{c}{last}" for c in letters)
        ws.data_validations.append(validation)
