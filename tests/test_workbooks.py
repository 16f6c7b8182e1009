"""Tests of sae_analysis.workbooks.fixed_package: Office Open XML packages with the same bytes
whatever the clock said when they were saved."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from sae_analysis.workbooks import FIXED_TIMESTAMP, fixed_package

NAMES = st.lists(
    st.from_regex(r"[a-z]{1,8}/[a-z]{1,8}\.xml", fullmatch=True),
    min_size=1,
    max_size=5,
    unique=True,
)
DATES = st.tuples(
    st.integers(1980, 2099), st.integers(1, 12), st.integers(1, 28),
    st.integers(0, 23), st.integers(0, 59), st.integers(0, 29).map(lambda s: s * 2),
)  # fmt: skip


def _package(entries: dict[str, bytes], when: tuple[int, ...]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), data)
    return buffer.getvalue()


def _core(when: str) -> bytes:
    return (
        f'<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>'
    ).encode()


@given(names=NAMES, contents=st.data(), first=DATES, second=DATES)
def test_the_bytes_do_not_depend_on_when_the_package_was_saved(
    names: list[str], contents: st.DataObject, first: tuple[int, ...], second: tuple[int, ...]
) -> None:
    entries = {name: contents.draw(st.binary(max_size=64)) for name in names}
    a = fixed_package(_package(entries, first))
    b = fixed_package(_package(entries, second))
    assert a == b
    fixed = zipfile.ZipFile(io.BytesIO(a))
    assert fixed.namelist() == names  # same entries, same order
    assert {n: fixed.read(n) for n in names} == entries  # same content
    assert fixed_package(a) == a


def test_document_dates_are_fixed_in_the_package_and_in_what_it_embeds() -> None:
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    inner = _package({"docProps/core.xml": _core("2031-05-06T07:08:09Z")}, (2031, 5, 6, 7, 8, 8))
    outer = _package(
        {"docProps/core.xml": _core("2030-01-02T03:04:05Z"), "ppt/embeddings/Sheet1.xlsx": inner},
        (2030, 1, 2, 3, 4, 4),
    )
    fixed = zipfile.ZipFile(io.BytesIO(fixed_package(outer)))
    assert fixed.read("docProps/core.xml") == _core(stamp)
    embedded = zipfile.ZipFile(io.BytesIO(fixed.read("ppt/embeddings/Sheet1.xlsx")))
    assert embedded.read("docProps/core.xml") == _core(stamp)
    assert embedded.infolist()[0].date_time == (2026, 1, 1, 0, 0, 0)
