"""The structure of an OLE2 compound file (.xls) checked before calamine walks it.

A compound file keeps its streams as chains of sectors linked through its FAT (and its mini
FAT). calamine follows a chain until it ends and keeps every sector on the way, so a chain that
loops back on itself (a corrupt or crafted FAT) makes it allocate until the process aborts: a
Rust allocation failure, not an exception (found by ``make fuzz``: a few zeroed bytes in the
header of an .xls). :func:`check_structure` reads the header, the DIFAT, the FAT and the mini FAT
(MS-CFB 2.2-2.5) and raises :class:`ChainError` when a chain loops, or when the file ends before
a sector its tables name (a truncated .xls: calamine 0.37 panics on those, which it reports only
as a Rust backtrace on stderr and a ``PanicException``; see ``ingest.grid``). A header it cannot
make sense of (too short, an odd sector size) is left to calamine, which reports it as an error.

It also reads the sheets' DIMENSIONS records (BIFF8 0x0200: first and last row and column) in the
workbook stream: calamine sizes a sheet's grid from them, and one flipped byte that makes the
first row pass the last made it ask for 5 TB and abort (found by ``make fuzz``). Dimensions that
are upside down or beyond the format's 65,536 rows and 256 columns, and cells past column 256
(calamine widens the grid to them: a flipped byte gave a 20 x 64,513 grid), raise
:class:`ChainError`.
"""

from __future__ import annotations

import struct

FREE, END_OF_CHAIN, FAT_SECTOR, DIFAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
_SPECIAL = frozenset({FREE, END_OF_CHAIN, FAT_SECTOR, DIFAT_SECTOR})


class ChainError(ValueError):
    """A sector chain of the compound file loops or runs past the end of the file."""


def _sector(data: bytes, index: int, size: int) -> bytes:
    start = (index + 1) * size  # sector 0 follows the header, which takes one sector
    block = data[start : start + size]
    if len(block) < size:
        raise ChainError(f"berkas terpotong: sektor {index} di luar berkas")
    return block


def _past_the_end(table: list[int], sectors: int) -> int | None:
    """A sector number in ``table`` beyond the ``sectors`` the file holds, or None."""
    return next((s for s in table if s not in _SPECIAL and s >= sectors), None)


def _fat(data: bytes, size: int) -> list[int]:
    """The FAT: the sectors the header's DIFAT (and its DIFAT sectors) name, concatenated."""
    n_fat = struct.unpack_from("<I", data, 44)[0]
    first_difat = struct.unpack_from("<I", data, 68)[0]
    sectors = list(struct.unpack_from("<109I", data, 76))
    per_sector = size // 4
    seen: set[int] = set()
    sector = first_difat
    # followed to its end whatever the header's count says: calamine follows it so
    while sector not in _SPECIAL:
        if sector in seen:
            raise ChainError("rantai DIFAT berputar")
        seen.add(sector)
        entries = struct.unpack(f"<{per_sector}I", _sector(data, sector, size))
        sectors += entries[:-1]
        sector = entries[-1]
    fat: list[int] = []
    for index in [s for s in sectors if s not in _SPECIAL][:n_fat]:
        fat += struct.unpack(f"<{per_sector}I", _sector(data, index, size))
    return fat


def _loops(table: list[int]) -> int | None:
    """A sector on a loop of ``table`` (each entry names the next sector), or None."""
    state = bytearray(len(table))  # 0 unseen, 1 on the walk in progress, 2 known to end
    for start in range(len(table)):
        path = []
        sector = start
        while 0 <= sector < len(table) and not state[sector]:
            state[sector] = 1
            path.append(sector)
            sector = table[sector]
        if 0 <= sector < len(table) and state[sector] == 1:
            return sector
        for visited in path:
            state[visited] = 2
    return None


def _chain(table: list[int], start: int) -> list[int]:
    """The sectors of the chain from ``start`` (the table has no loop: it ends)."""
    chain = []
    while 0 <= start < len(table):
        chain.append(start)
        start = table[start]
    return chain


def _directory(data: bytes, size: int, fat: list[int]) -> list[tuple[str, int, int, int]]:
    """The directory entries: (name, type, first sector, stream size)."""
    first = struct.unpack_from("<I", data, 48)[0]
    raw = b"".join(_sector(data, s, size) for s in _chain(fat, first))
    entries = []
    for offset in range(0, len(raw) - 127, 128):
        name_length = min(struct.unpack_from("<H", raw, offset + 64)[0], 64)
        name = raw[offset : offset + name_length].decode("utf-16-le", "replace").rstrip("\x00")
        kind, start, length = raw[offset + 66], *struct.unpack_from("<IQ", raw, offset + 116)
        entries.append((name, kind, start, length))
    return entries


def _stream(
    data: bytes, size: int, tables: tuple[list[int], list[int]], entry: tuple, root: tuple
) -> bytes:
    """The bytes of a stream entry, from the FAT or (under the cutoff) the mini stream."""
    fat, mini = tables
    _, _, start, length = entry
    if length < struct.unpack_from("<I", data, 56)[0]:  # the mini stream cutoff, 4096
        mini_size = 1 << struct.unpack_from("<H", data, 32)[0]
        ministream = b"".join(_sector(data, s, size) for s in _chain(fat, root[2]))
        chunks = [ministream[s * mini_size : (s + 1) * mini_size] for s in _chain(mini, start)]
    else:
        chunks = [_sector(data, s, size) for s in _chain(fat, start)]
    return b"".join(chunks)[:length]


#: BIFF8 cell records (NUMBER, RK, LABELSST, LABEL, BLANK, BOOLERR, FORMULA, MULRK, MULBLANK):
#: their column is the u16 at offset 2 of the record (the first of a MUL* record's columns).
_CELL_RECORDS = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x0201, 0x0205, 0x0006, 0x00BD, 0x00BE})


def _check_dimensions(stream: bytes) -> None:
    """Raise :class:`ChainError` for a DIMENSIONS record upside down or beyond BIFF8's grid, or a
    cell record whose column is past BIFF8's 256 (calamine would widen the grid to it)."""
    position = 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        if kind == 0x0200 and length >= 10:
            layout = "<IIHH" if length >= 14 else "<HHHH"
            first_row, end_row, first_col, end_col = struct.unpack_from(
                layout, stream, position + 4
            )
            if first_row > end_row or first_col > end_col or end_row > 65536 or end_col > 256:
                raise ChainError(
                    f"ukuran lembar tidak sah (baris {first_row}-{end_row}, "
                    f"kolom {first_col}-{end_col})"
                )
        elif kind in _CELL_RECORDS and length >= 4 and position + 8 <= len(stream):
            row, column = struct.unpack_from("<HH", stream, position + 4)
            if column > 255:
                raise ChainError(f"sel di luar format .xls (baris {row + 1}, kolom {column + 1})")
        position += 4 + length


def check_structure(data: bytes) -> None:
    """Raise :class:`ChainError` when a sector chain of the compound file ``data`` loops or runs
    past its end, or when a sheet's dimensions are impossible.

    >>> header = bytearray(512)
    >>> header[:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    >>> struct.pack_into("<HHI", header, 30, 9, 6, 0)
    >>> struct.pack_into("<III", header, 44, 1, 1, 0)  # one FAT sector; the directory at 1
    >>> struct.pack_into("<III", header, 60, END_OF_CHAIN, 0, END_OF_CHAIN)
    >>> struct.pack_into("<I", header, 76, 0)  # the FAT is sector 0
    >>> fat = struct.pack("<4I", FAT_SECTOR, 2, 1, END_OF_CHAIN) + bytes(496)  # 1 -> 2 -> 1
    >>> check_structure(bytes(header) + fat + bytes(1024))
    Traceback (most recent call last):
    ...
    sae_analysis.ingest.compound.ChainError: rantai FAT berputar di sektor 1
    """
    if len(data) < 512 or struct.unpack_from("<H", data, 30)[0] not in (9, 12):
        return
    size = 1 << struct.unpack_from("<H", data, 30)[0]
    sectors = len(data) // size - 1
    fat = _fat(data, size)
    if (sector := _past_the_end(fat, sectors)) is not None:
        raise ChainError(f"berkas terpotong: rantai FAT menunjuk sektor {sector} di luar berkas")
    if (sector := _loops(fat)) is not None:
        raise ChainError(f"rantai FAT berputar di sektor {sector}")
    first_mini, n_mini = struct.unpack_from("<II", data, 60)
    mini: list[int] = []
    for index in _chain(fat, first_mini)[:n_mini]:
        mini += struct.unpack(f"<{size // 4}I", _sector(data, index, size))
    if (sector := _loops(mini)) is not None:
        raise ChainError(f"rantai mini FAT berputar di sektor {sector}")
    entries = _directory(data, size, fat)
    root = next((e for e in entries if e[1] == 5), None)
    for entry in entries:
        if entry[1] == 2 and entry[0] in ("Workbook", "Book") and root is not None:
            _check_dimensions(_stream(data, size, (fat, mini), entry, root))
