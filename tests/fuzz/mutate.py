"""Mutations of a seed file at three levels: bytes, the workbook's zip and XML, and its cells.

Each mutation is a function ``(data, rnd, table) -> Mutated`` registered in :data:`MUTATIONS`
with the seed kinds it applies to (``xlsx``, ``text``, ``binary``: :attr:`seeds.Seed.kind`). All
its choices come from ``rnd`` (a :class:`random.Random` the harness seeds), so a case is rebuilt
exactly from (seed, mutation, salt). ``table`` says where the seed's data rows are (the sheet and
Excel rows the unmutated seed gave); a mutation that leaves some data rows untouched says which
rows it touched, so the harness can require the others to come through (:class:`Mutated`).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

ODD_TEXTS = [
    "sepuluh", "1.234.567,89", "Rp 12.500.000", "85,5%", "72,28 - 73,77", "-", "n/a", "NaN",
    "inf", "-inf", "1e400", "1e5", " 12 ", "\u200b12", "١٢", "½", "#DIV/0!", "#REF!", "=", "'=1+1",
    "0x1F", "1_000", "--5", "12,5,5", "Rp", "%", "(1.000)", "1.000-", "∞", "\x00", "\ud7ff",
]  # fmt: skip


@dataclass(frozen=True)
class Table:
    """Where the unmutated seed's data rows are: the sheet and its Excel rows (1-based)."""

    sheet: str | None = None
    rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class Mutated:
    """A mutated file. ``touched``: the data rows (Excel rows of the table's sheet) the mutation
    changed, the others being intact; None when no row can be said intact (the harness then
    requires nothing of the rows). ``note`` says what was done, for the crash report."""

    data: bytes
    touched: frozenset[int] | None = None
    note: str = ""


Mutation = Callable[[bytes, random.Random, Table], Mutated]
#: name -> (mutation, the seed kinds it applies to)
MUTATIONS: dict[str, tuple[Mutation, frozenset[str]]] = {}
ANY = frozenset({"xlsx", "text", "binary"})


def mutation(*kinds: str) -> Callable[[Mutation], Mutation]:
    def register(function: Mutation) -> Mutation:
        MUTATIONS[function.__name__] = (function, frozenset(kinds) or ANY)
        return function

    return register


# --------------------------------------------------------------------------- bytes
@mutation()
def truncate(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    cut = rnd.randrange(len(data))
    return Mutated(data[:cut], note=f"cut at byte {cut} of {len(data)}")


@mutation()
def flip_bytes(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    out = bytearray(data)
    spots = [rnd.randrange(len(out)) for _ in range(rnd.choice([1, 2, 4, 16, 64]))]
    for spot in spots:
        out[spot] ^= rnd.randrange(1, 256)
    return Mutated(bytes(out), note=f"flipped bytes at {sorted(spots)[:8]}")


@mutation()
def splice_random(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    at = rnd.randrange(len(data) + 1)
    junk = rnd.randbytes(rnd.choice([1, 7, 64, 512]))
    return Mutated(data[:at] + junk + data[at:], note=f"{len(junk)} random bytes at {at}")


@mutation()
def zero_range(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    start = rnd.randrange(len(data))
    end = min(len(data), start + rnd.choice([4, 64, 1024]))
    return Mutated(data[:start] + bytes(end - start) + data[end:], note=f"zeros {start}-{end}")


# --------------------------------------------------------------------------- zip and XML
def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _sheet_members(members: dict[str, bytes]) -> list[str]:
    return sorted(n for n in members if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def _xml_edit(data: bytes, rnd: random.Random, member: str, edit: Callable[[str], str]) -> bytes:
    members = _members(data)
    names = [member] if member in members else _sheet_members(members)
    name = rnd.choice(names or sorted(members))
    members[name] = edit(members[name].decode("utf-8", errors="replace")).encode("utf-8")
    return _zip(members)


@mutation("xlsx")
def xml_truncate(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    members = _members(data)
    name = rnd.choice(sorted(members))
    cut = rnd.randrange(len(members[name]) + 1)
    members[name] = members[name][:cut]
    return Mutated(_zip(members), note=f"{name} cut at {cut}")


@mutation("xlsx")
def drop_member(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    members = _members(data)
    name = rnd.choice(sorted(members))
    del members[name]
    return Mutated(_zip(members), note=f"without {name}")


@mutation("xlsx")
def cut_merges(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    def edit(xml: str) -> str:
        merges = re.findall(r"<mergeCell [^>]*/>", xml)
        gone = set(rnd.sample(merges, rnd.randint(0, len(merges)))) if merges else set()
        return "".join(
            "" if part in gone else part for part in re.split(r"(<mergeCell [^>]*/>)", xml)
        )

    return Mutated(_xml_edit(data, rnd, "", edit), note="merges removed")


@mutation("xlsx")
def bad_merge(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    ref = rnd.choice(["B2:A1", "A1:XFD1048576", "A1:A1", "ZZZ", "A0:B0", "C3:C3000", "", "A1:B"])

    def edit(xml: str) -> str:
        found = re.findall(r'<mergeCell ref="[^"]*"/>', xml)
        if not found:
            return xml.replace(
                "</sheetData>", f'</sheetData><mergeCells><mergeCell ref="{ref}"/></mergeCells>', 1
            )
        return xml.replace(rnd.choice(found), f'<mergeCell ref="{ref}"/>', 1)

    return Mutated(_xml_edit(data, rnd, "", edit), note=f"a merge made {ref!r}")


@mutation("xlsx")
def rename_sheet(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    name = rnd.choice(["E81", "Sheet1", "x" * 300, "Lembar & <1>", "TW III 2026", "\u0000"])

    def edit(xml: str) -> str:
        sheets = re.findall(r'<sheet [^>]*name="[^"]*"', xml)
        if not sheets:
            return xml
        sheet = rnd.choice(sheets)
        if rnd.random() < 0.3:  # the sheet disappears from the workbook
            return re.sub(re.escape(sheet) + r"[^>]*/>", "", xml, count=1)
        escaped = name.replace("&", "&amp;").replace("<", "&lt;")
        return xml.replace(sheet, re.sub(r'name="[^"]*"', f'name="{escaped}"', sheet), 1)

    return Mutated(_xml_edit(data, rnd, "xl/workbook.xml", edit), note=f"sheet renamed {name!r}")


@mutation("xlsx")
def bad_value(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    value = rnd.choice(["abc", "1e400", "", "-", "99999999", "-1", "1.5", "NaN", "<", "1,5"])

    def edit(xml: str) -> str:
        found = [m.start() for m in re.finditer(r"<v>", xml)]
        if not found:
            return xml
        at = rnd.choice(found)
        end = xml.index("</v>", at)
        return xml[: at + 3] + value.replace("<", "&lt;") + xml[end:]

    return Mutated(_xml_edit(data, rnd, "", edit), note=f"a <v> made {value!r}")


@mutation("xlsx")
def far_cell(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    ref = rnd.choice(["XFD1048576", "A1048576", "XFD1", "AAA70000", "B0", "1A", "A-1"])

    def edit(xml: str) -> str:
        found = re.findall(r'<c r="[A-Z]+[0-9]+"', xml)
        return xml.replace(rnd.choice(found), f'<c r="{ref}"', 1) if found else xml

    return Mutated(_xml_edit(data, rnd, "", edit), note=f"a cell moved to {ref}")


@mutation("xlsx")
def dimension_lie(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    ref = rnd.choice(["A1:XFD1048576", "A1", "Z9:A1", "", "A1:A2"])

    def edit(xml: str) -> str:
        return re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml, count=1)

    return Mutated(_xml_edit(data, rnd, "", edit), note=f"dimension {ref!r}")
