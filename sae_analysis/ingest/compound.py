"""The sector chains of an OLE2 compound file (.xls) checked before calamine walks them.

A compound file keeps its streams as chains of sectors linked through its FAT (and its mini
FAT). calamine follows a chain until it ends and keeps every sector on the way, so a chain that
loops back on itself (a corrupt or crafted FAT) makes it allocate until the process aborts: a
Rust allocation failure, not an exception (found by ``make fuzz``: a few zeroed bytes in the
header of an .xls). :func:`check_chains` reads the header, the DIFAT, the FAT and the mini FAT
(MS-CFB 2.2-2.5) and raises :class:`ChainError` when a chain loops, or when the file ends before
a sector its tables name (a truncated .xls: calamine 0.37 panics on those, which it reports only
as a Rust backtrace on stderr and a ``PanicException``; see ``ingest.grid``). A header it cannot
make sense of (too short, an odd sector size) is left to calamine, which reports it as an error.
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
    n_fat, first_difat, n_difat = (
        struct.unpack_from("<I", data, 44)[0],
        *struct.unpack_from("<II", data, 68),
    )
    sectors = list(struct.unpack_from("<109I", data, 76))
    per_sector = size // 4
    seen: set[int] = set()
    sector = first_difat
    while sector not in _SPECIAL and len(seen) <= n_difat:
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


def check_chains(data: bytes) -> None:
    """Raise :class:`ChainError` when a sector chain of the compound file ``data`` loops.

    >>> header = bytearray(512)
    >>> header[:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    >>> struct.pack_into("<HHI", header, 30, 9, 6, 0)
    >>> struct.pack_into("<III", header, 44, 1, 1, 0)  # one FAT sector; the directory at 1
    >>> struct.pack_into("<III", header, 60, END_OF_CHAIN, 0, END_OF_CHAIN)
    >>> struct.pack_into("<I", header, 76, 0)  # the FAT is sector 0
    >>> fat = struct.pack("<4I", FAT_SECTOR, 2, 1, END_OF_CHAIN) + bytes(496)  # 1 -> 2 -> 1
    >>> check_chains(bytes(header) + fat + bytes(1024))
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
