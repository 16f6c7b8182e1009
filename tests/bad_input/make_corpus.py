"""The bad-input corpus: one writer per case, each with the message the pipeline must produce.

The files are generated into a raw folder at test time (``tmp_path``): nothing large or hostile
(the 50 MB file, the zip bomb) is committed. ``write_corpus`` writes every case beside one good
submission; :data:`CASES` lists what each case must yield in ``quality_issues.csv``.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from msoffcrypto.format.ooxml import OOXMLFile
from raw_files import Row, first_data_row, write_catalogues, write_e81

TW3 = Path("2026") / "TW3"
XLS_FIXTURE = Path(__file__).parent.parent / "fixtures" / "readers" / "e81_dinsos_tw2_2026.xls"
FUZZ_FIXTURES = Path(__file__).parent.parent / "fixtures" / "fuzz"
LAYANAN = "Jumlah ibu hamil yang mendapat pelayanan kesehatan"
BANSOS = "Jumlah keluarga penerima bantuan sosial"
#: Excel row of the first data row of :func:`raw_files.write_e81` with its 4 title rows.
ROW1 = first_data_row()


@dataclass(frozen=True)
class Case:
    """One bad input: its file (relative to the raw folder) and the issue it must produce.

    ``row`` and ``column`` are what the issue must name (``column`` as a substring); None where
    the problem is the whole file. ``rows_read`` is the number of raw rows the file still yields.
    """

    name: str
    file: str
    write: Callable[[Path], None]
    severity: str
    code: str
    row: int | None = None
    column: str | None = None
    rows_read: int = 0
    needs_unprivileged: bool = False


def _e81(path: Path, rows: list[Row], **kw: object) -> None:
    write_e81(path, rows, **kw)  # type: ignore[arg-type]


def _layanan(**kw: object) -> Row:
    values: dict[str, object] = {
        "indikator": LAYANAN,
        "satuan": "orang",
        "target": 1200,
        "pagu": 50_000_000,
        "k": (300, 310, 320, ""),
        "rp": (10_000_000, 12_000_000, 11_000_000, ""),
        "kode": "KES_LAYANAN",
    }
    return Row(**{**values, **kw})  # type: ignore[arg-type]


def write_good(raw: Path) -> Path:
    """A clean DINSOS submission for TW3; its row must flow whatever the other files hold."""
    path = raw / TW3 / "E81_DINSOS_TW3_2026.xlsx"
    # TW I/II as in the .xls fixture of TW2, so that it is not a revision
    row = Row(BANSOS, "KK", 100, 50_000_000, (40, 35, 20, ""), (10_000_000, 0, 5_000_000, ""))
    write_e81(path, [row], opd_title="PERANGKAT DAERAH : Dinas Sosial")
    return path


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _only_titles(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "E81"
    for i, text in enumerate(
        ["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH", "PERANGKAT DAERAH : Dinas Kesehatan"]
    ):
        sheet.cell(i + 1, 1, text)
    book.save(path)


def _columns_missing(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "E81"
    sheet.append(["PERANGKAT DAERAH : Dinas Kesehatan"])
    sheet.append(["TRIWULAN III TAHUN 2026"])
    sheet.append(["No", "Indikator Kinerja", "Satuan", "Target"])
    sheet.append([1, LAYANAN, "orang", 1200])
    book.save(path)


def _unusual_merged_header(path: Path) -> None:
    """The table starts in column B under merged titles; three header rows, every label merged
    (No/Indikator/Satuan down three rows, Target over two rows, TW labels over K and Rp)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Evaluasi Renja"
    sheet["B1"] = "PERANGKAT DAERAH : DINAS KESEHATAN"
    sheet.merge_cells("B1:M1")
    sheet["B2"] = "Periode: Triwulan III Tahun Anggaran 2026"
    sheet.merge_cells("B2:M2")
    top = 4
    for col, label in enumerate(["No", "Indikator Kinerja", "Satuan"], start=2):
        sheet.cell(top, col, label)
        sheet.merge_cells(start_row=top, start_column=col, end_row=top + 2, end_column=col)
    sheet.cell(top, 5, "Target Renja Tahun 2026")
    sheet.merge_cells(start_row=top, start_column=5, end_row=top + 1, end_column=6)
    sheet.cell(top, 7, "Realisasi Kinerja Pada Triwulan")
    sheet.merge_cells(start_row=top, start_column=7, end_row=top, end_column=12)
    for q, roman in enumerate(["I", "II", "III"]):
        col = 7 + 2 * q
        sheet.cell(top + 1, col, f"Triwulan {roman}")
        sheet.merge_cells(start_row=top + 1, start_column=col, end_row=top + 1, end_column=col + 1)
    for col in range(5, 13, 2):
        sheet.cell(top + 2, col, "K")
        sheet.cell(top + 2, col + 1, "Rp")
    sheet.cell(top, 13, "Keterangan")
    sheet.merge_cells(start_row=top, start_column=13, end_row=top + 2, end_column=13)
    sheet.append([None, 1, LAYANAN, "orang", 1200, 5e7, 300, 1e7, 310, 1.2e7, 320, 1.1e7, "sesuai"])
    book.save(path)


def _text_in_number(path: Path) -> None:
    _e81(path, [_layanan(k=(300, "sepuluh", 320, ""))])


def _ambiguous(path: Path) -> None:
    _e81(path, [_layanan(k=(300, "1.234", 320, ""))])


def _huge_achievement(path: Path) -> None:
    _e81(path, [_layanan(target=1, k=(30, 30, 40, ""))])


def _negative_ceiling(path: Path) -> None:
    _e81(path, [_layanan(pagu=-50_000_000)])


def _duplicate(path: Path) -> None:
    _e81(path, [_layanan(), _layanan(k=(1, 2, 3, ""))])


def _wrong_quarter(path: Path) -> None:
    _e81(path, [_layanan()], period_title="TRIWULAN II TAHUN 2026")


def _unknown_opd(path: Path) -> None:
    _e81(path, [_layanan()], opd_title="PERANGKAT DAERAH : Dinas Antah Berantah")


def _unknown_indicator(path: Path) -> None:
    _e81(path, [_layanan(), _layanan(indikator="Indikator yang tidak ada di katalog", kode="")])


def _old_xls(path: Path) -> None:
    shutil.copyfile(XLS_FIXTURE, path)


def _truncated(path: Path) -> None:
    _e81(path, [_layanan()])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def ole2_encrypted_bytes() -> bytes:
    """A compound file (OLE2) holding EncryptionInfo and EncryptedPackage streams, as Office
    stores a password-protected .xlsx; the streams hold filler, not a real encrypted package."""
    sector = 512
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIII", 0, 1, 1, 0, 4096, end, 0, end) + struct.pack("<I", 0)
    header += struct.pack("<I", free) * 108
    # sector 0: FAT; 1: directory; 2-9: EncryptionInfo; 10-17: EncryptedPackage
    chain = [fat_sector, end, *range(3, 10), end, *range(11, 18), end]
    fat = struct.pack(f"<{sector // 4}I", *chain, *[free] * (sector // 4 - len(chain)))

    def entry(name: str, kind: int, child: int, start: int, size: int, right: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBBIII", len(encoded), kind, 1, free, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1, end, 0, free)
    directory += entry("EncryptionInfo", 2, free, 2, 4096, 2)
    directory += entry("EncryptedPackage", 2, free, 10, 4096, free)
    directory += bytes(sector - len(directory))
    return header + fat + directory + b"\x01" * 8192


def _encrypted(path: Path) -> None:
    path.write_bytes(ole2_encrypted_bytes())


def _office_encrypted(path: Path) -> None:
    """A real E.81 workbook encrypted with a password by msoffcrypto-tool (as Excel's "Encrypt
    with Password" does), saved under an .xls name."""
    plain = path.with_name(f".plain-{path.stem}.xlsx")
    _e81(plain, [_layanan()])
    with plain.open("rb") as source, path.open("wb") as target:
        OOXMLFile(source).encrypt("rahasia-2026", target)
    plain.unlink()


def _zip_bomb(path: Path) -> None:
    """A workbook whose sheet XML inflates to 1 GiB of zeros (4.5 MB on disk)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = bytes(1 << 24)
            for _ in range(64):
                sheet.write(block)


def under_declared_zip(path: Path, *, inflated: int, declared: int = 1024) -> Path:
    """A workbook-shaped zip whose sheet inflates to ``inflated`` zero bytes while its central
    directory and local header declare ``declared``: written normally, then both size fields
    patched (a crafted archive lies this way; zipfile and calamine read the directory's figure).
    """
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open(member, "w") as sheet:
            block = bytes(1 << 20)
            for _ in range(inflated >> 20):
                sheet.write(block)
            sheet.write(bytes(inflated & ((1 << 20) - 1)))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as book:
        info, start = book.getinfo(member), book.start_dir
    assert data[info.header_offset : info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header
    offset = start
    while data[offset : offset + 4] == b"PK\x01\x02":  # central directory entries
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        if data[offset + 46 : offset + 46 + name_len].decode() == member:
            struct.pack_into("<I", data, offset + 24, declared)
        offset += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))
    return path


def _lying_zip_bomb(path: Path) -> None:
    """A workbook that inflates to 300 MB (over the 256 MB limit) but declares 1 KB."""
    under_declared_zip(path, inflated=300 << 20)


def _far_cell(path: Path) -> None:
    """A good E.81 with one more value at XFD1048576 (Ctrl+Down, Ctrl+Right, a stray key)."""
    _e81(path, [_layanan()])
    with zipfile.ZipFile(path) as book:
        members = {name: book.read(name) for name in book.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    members["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", far + "</sheetData>"
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in members.items():
            book.writestr(name, data)


def _fat_loop(path: Path) -> None:
    """The .xls that make fuzz found with a looping FAT (tests/fixtures/fuzz/fat_loop.xls)."""
    shutil.copyfile(FUZZ_FIXTURES / "fat_loop.xls", path)


def _csv_cp1252(path: Path) -> None:
    text = (
        "PERANGKAT DAERAH : Dinas Kesehatan;;;;\r\n"
        "TRIWULAN III TAHUN 2026;;;;\r\n"
        "No;Indikator Kinerja;Satuan;Target (K);Pagu;Realisasi TW I (K);Realisasi TW II (K);"
        "Realisasi TW III (K);Keterangan\r\n"
        f"1;{LAYANAN};orang;1.200;Rp 50.000.000;300;310;320,5;sesuai jadwal – naïve café\r\n"
    )
    path.write_bytes(text.encode("cp1252"))


def _odd_name(path: Path) -> None:
    _e81(path, [_layanan()])


def _large(path: Path) -> None:
    """A 50 MB CSV: a real header and row, then padding lines (refused by size, not parsed)."""
    with path.open("wb") as handle:
        handle.write(b"PERANGKAT DAERAH : Dinas Kesehatan\nNo;Indikator Kinerja;Target\n")
        line = b"1;" + b"x" * 1021 + b"\n"
        handle.write(line * (50 * 1024))


def _unreadable(path: Path) -> None:
    _e81(path, [_layanan()])
    path.chmod(0)


CASES: list[Case] = [
    Case("empty file", f"{TW3}/kosong.xlsx", _empty, "error", "file_empty"),
    Case("only title rows", f"{TW3}/hanya_judul.xlsx", _only_titles, "error", "header_not_found"),
    Case(
        "required columns missing",
        f"{TW3}/tanpa_realisasi.xlsx",
        _columns_missing,
        "error",
        "columns_missing",
        row=3,
        rows_read=1,
    ),
    Case(
        "unusual merged header (table from column B, 3 merged rows)",
        f"{TW3}/header_aneh.xlsx",
        _unusual_merged_header,
        "",
        "",
        rows_read=1,
    ),
    Case(
        "text in a number cell",
        f"{TW3}/teks_di_angka.xlsx",
        _text_in_number,
        "error",
        "number_invalid",
        row=ROW1,
        column="TW II",
        rows_read=1,
    ),
    Case(
        "1.234 vs 1,234",
        f"{TW3}/titik_koma.xlsx",
        _ambiguous,
        "warning",
        "number_ambiguous",
        row=ROW1,
        column="TW II",
        rows_read=1,
    ),
    Case(
        "achievement of 10,000 %",
        f"{TW3}/capaian_besar.xlsx",
        _huge_achievement,
        "warning",
        "achievement_extreme",
        row=ROW1,
        column="Realisasi",
        rows_read=1,
    ),
    Case(
        "negative ceiling",
        f"{TW3}/pagu_negatif.xlsx",
        _negative_ceiling,
        "error",
        "amount_negative",
        row=ROW1,
        column="Rp",
        rows_read=1,
    ),
    Case(
        "the same indicator twice",
        f"{TW3}/indikator_ganda.xlsx",
        _duplicate,
        "error",
        "indicator_duplicate",
        row=ROW1 + 1,
        column="Indikator",
        rows_read=2,
    ),
    Case(
        "file in the wrong quarter folder",
        f"{TW3}/salah_folder.xlsx",
        _wrong_quarter,
        "error",
        "period_mismatch",
        rows_read=1,
    ),
    Case(
        "unknown OPD",
        f"{TW3}/opd_asing.xlsx",
        _unknown_opd,
        "error",
        "opd_unknown",
        rows_read=1,
    ),
    Case(
        "unknown indicator",
        f"{TW3}/indikator_asing.xlsx",
        _unknown_indicator,
        "error",
        "indicator_unknown",
        row=ROW1 + 1,
        column="C (Indikator Kinerja)",
        rows_read=2,
    ),
    Case("old .xls", "2026/TW2/e81_dinsos_tw2_2026.xls", _old_xls, "", "", rows_read=1),
    Case("truncated .xlsx", f"{TW3}/terpotong.xlsx", _truncated, "error", "file_unreadable"),
    Case(
        "password-protected .xlsx",
        f"{TW3}/berpassword.xlsx",
        _encrypted,
        "error",
        "file_encrypted",
    ),
    Case(
        "workbook Office-encrypted with a password, named .xls",
        f"{TW3}/berpassword_excel.xls",
        _office_encrypted,
        "error",
        "file_encrypted",
    ),
    Case(
        "zip bomb (.xlsx expanding to 1 GiB)",
        f"{TW3}/bom.xlsx",
        _zip_bomb,
        "error",
        "file_expands_too_much",
    ),
    Case(
        "zip bomb whose directory under-declares (300 MB declared as 1 KB)",
        f"{TW3}/bom_berbohong.xlsx",
        _lying_zip_bomb,
        "error",
        "file_expands_too_much",
    ),
    Case(
        "a value far outside the table (XFD1048576)",
        f"{TW3}/sel_jauh.xlsx",
        _far_cell,
        "error",
        "sheet_too_large",
    ),
    Case(
        "corrupt .xls whose sector chain loops",
        f"{TW3}/rantai_berputar.xls",
        _fat_loop,
        "error",
        "file_unreadable",
    ),
    Case(
        "CSV in Windows-1252 with ;", f"{TW3}/dinkes_cp1252.csv", _csv_cp1252, "", "", rows_read=1
    ),
    Case(
        "file name with spaces and non-ASCII letters",
        f"{TW3}/E81 Dinas Kesehatan – Triwulan III (revisi) ñ é.xlsx",
        _odd_name,
        "",
        "",
        rows_read=1,
    ),
    Case("a 50 MB file", f"{TW3}/sangat_besar.csv", _large, "error", "file_too_large"),
    Case(
        "unreadable file (permissions)",
        f"{TW3}/tanpa_izin.xlsx",
        _unreadable,
        "error",
        "file_permission",
        needs_unprivileged=True,
    ),
]


def write_case(raw: Path, case: Case) -> Path:
    """Write one case's file under ``raw`` and return its path."""
    path = raw / case.file
    path.parent.mkdir(parents=True, exist_ok=True)
    case.write(path)
    return path


def write_corpus(raw: Path, cases: list[Case] = CASES) -> Path:
    """Catalogues, one good submission and every case in ``cases``; returns ``raw``."""
    write_catalogues(raw)
    write_good(raw)
    for case in cases:
        write_case(raw, case)
    return raw
