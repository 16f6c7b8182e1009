"""How a submission was understood, in words an evaluator checks in a minute: the text of
``sae-analysis validate --explain`` (Indonesian by default, English with ``lang="en"``).

For each file: the sheet read, the header rows and the row of column numbers, each column's role
with its letter and its header as written, the Rupiah scale, where the OPD and the period came
from, and the rows counted per class, with the Excel rows of subtotals (and the rows under each)
and of every row skipped. A wrong guess is then one line to correct, not a silent number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sae_analysis import config
from sae_analysis.ingest.catalogues import normalise_name
from sae_analysis.ingest.identity import Origin
from sae_analysis.ingest.quality import Issue
from sae_analysis.ingest.reading import Reading
from sae_analysis.ingest.roles import Column

#: Words of the explanation: key -> (Indonesian, English).
WORDS: dict[str, tuple[str, str]] = {
    "sheet": ("Sheet dibaca", "Sheet read"),
    "other_sheets": ("realisasi triwulan sebelumnya dari sheet", "earlier quarters from sheets"),
    "header": ("Judul tabel", "Table header"),
    "rows": ("baris", "rows"),
    "numbers": ("nomor kolom di baris", "column numbers on row"),
    "columns": ("Kolom", "Columns"),
    "scale": ("Skala Rp", "Rp scale"),
    "rupiah": ("rupiah (x1)", "rupiah (x1)"),
    "scaled": ("dikalikan {factor} menjadi rupiah", "multiplied by {factor} into rupiah"),
    "opd": ("Perangkat daerah", "Agency"),
    "period": ("Periode", "Period"),
    "unknown": ("tidak diketahui", "unknown"),
    "classes": ("Baris per jenis", "Rows by class"),
    "split": ("dipecah per indikator bernomor", "split per numbered indicator"),
    "under": ("di bawahnya", "under it"),
    "failed": ("Tidak dapat ditempatkan", "Could not be placed"),
    "not_read": ("tidak dibaca", "not read"),
    "hidden_col": ("tersembunyi", "hidden"),
    "from_content": ("dikenali dari isinya", "found by its content"),
    "no_header": ("tanpa judul", "no header"),
}
_ORIGINS: dict[str, tuple[str, str]] = {
    "title": ("judul baris {row}: '{text}'", "title row {row}: '{text}'"),
    "label": (
        "baris label {row} di dalam tabel: '{text}'",
        "label row {row} inside the table: '{text}'",
    ),
    "column": ("kolom OPD: '{text}'", "OPD column: '{text}'"),
    "file": ("nama berkas '{text}'", "file name '{text}'"),
    "folder": ("folder {text}", "folder {text}"),
    "sheet": ("nama sheet '{text}'", "sheet name '{text}'"),
    "none": ("tidak ditemukan", "not found"),
    "agrees": ("sesuai", "agrees"),
    "differs": ("berbeda", "differs"),
}
_CLASSES: dict[str, tuple[str, str]] = {
    "indicator": ("indikator / rincian (dihitung)", "indicator / detail (counted)"),
    "subtotal": ("subtotal (Rp tidak dijumlah lagi)", "subtotal (Rp not added again)"),
    "heading": ("judul tanpa nilai (dilewati)", "heading without values (skipped)"),
    "footer": (
        "footer: rata-rata, predikat, rasio (dilewati)",
        "footer: averages, predikat, ratios (skipped)",
    ),
    "narrative": ("narasi (dilewati)", "narrative (skipped)"),
    "signature": ("tanda tangan (dilewati)", "signature (skipped)"),
    "label": ("label di dalam tabel (dilewati)", "label inside the table (skipped)"),
    "hidden": ("tersembunyi (dilewati)", "hidden (skipped)"),
    "blank": ("kosong", "blank"),
}
_MEASURES = {"k": "K", "rp": "Rp", "pct": "%"}
_ROLES: dict[str, tuple[str, str]] = {
    "row_no": ("nomor urut", "row number"),
    "code": ("kode", "code"),
    "label": ("nama urusan/program/kegiatan", "affairs/programme/activity name"),
    "indicator": ("indikator kinerja", "performance indicator"),
    "unit": ("satuan", "unit"),
    "target": ("target tahun berjalan", "this year's target"),
    "target_quarter": ("target TW {q}", "target TW {q}"),
    "quarter": ("realisasi TW {q}", "realisation TW {q}"),
    "year_actual": ("realisasi tahun berjalan", "this year's realisation"),
    "renstra_target": ("target Renstra/RPJMD akhir periode", "Renstra/RPJMD period target"),
    "renstra_prior": ("realisasi Renstra s.d. tahun lalu", "Renstra realisation to last year"),
    "renstra_actual": ("realisasi Renstra s.d. tahun ini", "Renstra realisation to date"),
    "achievement": ("tingkat capaian (%)", "achievement (%)"),
    "physical": ("realisasi fisik (%)", "physical progress (%)"),
    "responsible": ("unit penanggung jawab", "responsible unit"),
    "remarks": ("keterangan", "remarks"),
    "opd": ("perangkat daerah", "agency"),
    "sasaran": ("sasaran", "objective"),
    "ignored": ("lain", "other"),
}


def _word(key: str, lang: str, table: dict[str, tuple[str, str]] = WORDS) -> str:
    return table[key][1 if lang == "en" else 0]


def row_ranges(rows: Iterable[int]) -> str:
    """Excel rows as people write them.

    >>> row_ranges([20, 21, 22, 25, 26, 27, 30])
    '20-22, 25-27, 30'
    """
    out: list[str] = []
    ordered = sorted(set(rows))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ", ".join(out)


def _role(column: Column, lang: str, codes: int) -> str:
    """What a column holds, in words."""
    quarter = config.QUARTER_ROMAN.get(column.quarter or 0, "")
    text = _word(column.role, lang, _ROLES).format(q=quarter)
    if column.role == "code" and codes > 1:
        text += f" ({'bagian' if lang != 'en' else 'part'})"
    if column.measure:
        text += f" ({_MEASURES[column.measure]})"
    if column.role == "unit" and "satuan" not in normalise_name(" ".join(column.texts)):
        text += f", {_word('from_content', lang)}"
    if column.field is None and column.role != "code":
        text += f", {_word('not_read', lang)}"
    return text


def _origin(origin: Origin, lang: str) -> str:
    text = _word(origin.kind, lang, _ORIGINS).format(row=origin.row, text=origin.text)
    if origin.agrees is not None:
        text += " " + _word("agrees" if origin.agrees else "differs", lang, _ORIGINS)
    return text


def _columns(reading: Reading, hidden: frozenset[int], lang: str) -> list[str]:
    codes = len(reading.roles.code_columns)
    lines = []
    for column in reading.roles.columns:
        if not column.texts and column.role == "ignored":
            header = f"({_word('no_header', lang)})"
        else:
            header = f'"{" / ".join(column.texts)}"'
        extra = f" [{_word('hidden_col', lang)}]" if column.index in hidden else ""
        lines.append(f"  {column.letter:>3}  {_role(column, lang, codes)}{extra}: {header}")
    return lines


def _scale(reading: Reading, lang: str) -> str:
    scaled: dict[float, list[str]] = {}
    for column in reading.roles.columns:
        if column.measure == "rp" and column.field is not None and column.scale != 1.0:
            scaled.setdefault(column.scale, []).append(column.letter)
    if not scaled:
        return _word("rupiah", lang)
    separator = "," if lang == "en" else "."
    return "; ".join(
        f"{_word('scaled', lang).format(factor=f'{factor:,.0f}'.replace(',', separator))}: "
        + ", ".join(letters)
        for factor, letters in scaled.items()
    )


def _classes(reading: Reading, lang: str) -> list[str]:
    lines = []
    for kind in _CLASSES:
        rows = reading.rows.get(kind)
        if not rows:
            continue
        line = f"  {_word(kind, lang, _CLASSES)}: {len(rows)} ({_word('rows', lang)} {row_ranges(rows)})"
        if kind == "subtotal":
            under = "; ".join(
                f"{row} <- {row_ranges(children) or '-'}"
                for row, children in sorted(reading.children.items())
            )
            line += f"; {_word('under', lang)}: {under}"
        lines.append(line)
    if reading.split_rows:
        lines.append(f"  {_word('split', lang)}: {row_ranges(reading.split_rows)}")
    return lines


def explain(reading: Reading, lang: str = "id") -> str:
    """One file's explanation."""
    band = reading.band
    label_rows = [r + 1 for r in band.label_rows]
    sheet = f"{_word('sheet', lang)}: '{reading.sheet}'"
    if reading.other_sheets:
        others = ", ".join(
            f"'{name}' (TW {config.QUARTER_ROMAN[q]})" for name, q in reading.other_sheets
        )
        sheet += f"; {_word('other_sheets', lang)} {others}"
    header = f"{_word('header', lang)}: {_word('rows', lang)} {row_ranges(label_rows)}"
    if band.numbers is not None:
        header += f"; {_word('numbers', lang)} {band.numbers + 1}"
    opd = reading.opd_code or _word("unknown", lang)
    period = (
        f"TW{reading.quarter} {reading.year}"
        if reading.year and reading.quarter
        else _word("unknown", lang)
    )
    lines = [
        f"== {reading.file} ==",
        sheet,
        header,
        f"{_word('columns', lang)}:",
        *_columns(reading, reading.hidden_columns, lang),
        f"{_word('scale', lang)}: {_scale(reading, lang)}",
        f"{_word('opd', lang)}: {opd} ({_origin(reading.opd_origin, lang)})",
        f"{_word('period', lang)}: {period} ("
        + "; ".join(_origin(o, lang) for o in reading.period_origins)
        + ")",
        f"{_word('classes', lang)}:",
        *_classes(reading, lang),
    ]
    return "\n".join(lines)


def explain_failure(file: str, issues: Sequence[Issue], lang: str = "id") -> str:
    """The explanation of a file that could not be placed: why, in the log's words."""
    reasons = [i.message for i in issues if i.file == file and i.severity == "error"]
    return "\n".join(
        [f"== {file} ==", f"{_word('failed', lang)}: {reasons[0] if reasons else '-'}"]
    )
